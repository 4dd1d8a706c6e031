"""Verdicts as CSV for spreadsheets: one row per item, with its legal basis.

``declared_hs`` is the code as declared and ``hs_version`` the HS version it
was read in; ``hs`` the HS 2022 code screened, or the codes it became,
space-separated, when it became several.

Every cell that a spreadsheet would read as a formula is neutralised, since
declarations come from outside and their ids and descriptions are echoed.
"""

from __future__ import annotations

from typing import TextIO

from borderwatch.io.spreadsheet import SafeCSVWriter
from borderwatch.model.verdict import DeclarationVerdict

__all__ = ["VERDICT_CSV_COLUMNS", "VerdictCsvWriter"]

VERDICT_CSV_COLUMNS = (
    "declaration",
    "declaration_verdict",
    "item",
    "declared_hs",
    "hs_version",
    "hs",
    "verdict",
    "measures",
    "regimes",
    "legal_acts",
    "provisions",
    "reasons",
    "as_of",
    "crossing",
    "rule_base",
)


class VerdictCsvWriter:
    """Writes the header once, then each declaration's items as rows."""

    def __init__(self, out: TextIO) -> None:
        self._writer = SafeCSVWriter(out)
        self._writer.writerow(VERDICT_CSV_COLUMNS)

    def write(self, result: DeclarationVerdict) -> None:
        """One row per item of ``result``; several measures are joined with '; '."""
        for item in result.items:
            basis = item.legal_basis

            def joined(values: list[str]) -> str:
                return "; ".join(values)

            row = [
                result.id,
                result.verdict.value,
                item.id,
                item.declared_hs or "",
                "" if item.hs_version is None else str(item.hs_version),
                item.hs or " ".join(c.hs for c in item.hs_candidates),
                item.verdict.value,
                joined([b.measure for b in basis]),
                joined([b.regime for b in basis]),
                joined([b.legal_act for b in basis]),
                joined([b.provision for b in basis]),
                joined([*item.reasons, *result.reasons]),
                result.as_of.isoformat(),
                result.crossing,
                result.rule_base,
            ]
            self._writer.writerow(row)
