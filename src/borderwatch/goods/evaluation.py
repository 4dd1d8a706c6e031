"""Accuracy of the classifier on a labelled file: top-1 and top-5 at 2, 4 and 6 digits.

The file is CSV with at least a description column and a code column
(``description,hs6``; common other names such as ``title`` or ``hs_code`` are
accepted, and codes may be written "6109.10" or as eight- or ten-digit tariff
lines). Extra columns such as ``lang``, ``kind`` or ``split`` are kept for
breakdowns. The report also lists the most frequent confusions, how often a
wrong best candidate was nevertheless scored as confident, and — the error
that matters most for sanctions — how often goods a measure covers were
confidently put under a code it does not cover.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from borderwatch.errors import RecordError, unreadable_csv
from borderwatch.model.measure import EffectType
from borderwatch.model.verdict import HSCandidate
from borderwatch.reference.hs import hs6_of, nomenclature
from borderwatch.rules.index import MeasureIndex
from borderwatch.rules.loader import RuleBase

__all__ = [
    "Accuracy",
    "LabelledDescription",
    "evaluate",
    "measure_coverage",
    "read_labelled",
]

LEVELS = (2, 4, 6)
#: score thresholds the report shows what would be taken without referring at
THRESHOLDS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True, slots=True)
class LabelledDescription:
    """One row of an evaluation file."""

    description: str
    hs6: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Accuracy:
    """Counts behind the accuracy table."""

    total: int = 0
    top1: Counter[int] = field(default_factory=Counter)
    top5: Counter[int] = field(default_factory=Counter)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    confident_wrong: int = 0
    confident: int = 0
    no_candidate: int = 0
    #: rows whose goods a measure covers, and those confidently put outside it
    covered: int = 0
    escaped: list[tuple[str, str, str, float]] = field(default_factory=list)
    #: expected codes that are six digits but not HS 2022 subheadings (never matchable)
    outside_hs2022: int = 0
    #: (best candidate's score, right at six digits) per row with a candidate
    scored: list[tuple[float, bool]] = field(default_factory=list)

    def above(self, threshold: float) -> tuple[int, float]:
        """How many rows' best candidate scores at least ``threshold``, and the share of
        those that are right at six digits: what screening would take without referring."""
        taken = [right for score, right in self.scored if score >= threshold]
        return len(taken), (sum(taken) / len(taken) if taken else 0.0)

    def merge(self, other: Accuracy) -> None:
        """Add ``other``'s counts to these."""
        self.total += other.total
        self.top1.update(other.top1)
        self.top5.update(other.top5)
        self.confusions.update(other.confusions)
        self.confident_wrong += other.confident_wrong
        self.confident += other.confident
        self.no_candidate += other.no_candidate
        self.covered += other.covered
        self.escaped.extend(other.escaped)
        self.outside_hs2022 += other.outside_hs2022
        self.scored.extend(other.scored)

    def rate(self, k: int, digits: int) -> float:
        """Share of rows whose top-``k`` holds the right code at ``digits`` digits."""
        hits = self.top1 if k == 1 else self.top5
        return hits[digits] / self.total if self.total else 0.0

    def as_dict(self, *, confusions: int = 10) -> dict[str, object]:
        """A JSON-ready report."""
        return {
            "rows": self.total,
            "top1": {str(d): round(self.rate(1, d), 4) for d in LEVELS},
            "top5": {str(d): round(self.rate(5, d), 4) for d in LEVELS},
            "confident": self.confident,
            "confident_wrong": self.confident_wrong,
            "no_candidate": self.no_candidate,
            "covered_by_measures": self.covered,
            "confidently_escaped_measures": [
                {"description": d, "expected": e, "predicted": p, "score": sc}
                for d, e, p, sc in self.escaped
            ],
            "expected_not_in_hs2022": self.outside_hs2022,
            "by_threshold": [
                {"threshold": t, "rows": n, "right_at_6": round(share, 4)}
                for t in THRESHOLDS
                for n, share in [self.above(t)]
            ],
            "confusions": [
                {"expected": e, "predicted": p, "count": n}
                for (e, p), n in self.confusions.most_common(confusions)
            ],
        }


#: accepted names of the two required columns, first the documented one
DESCRIPTION_COLUMNS = ("description", "desc", "title", "product", "product_title", "text")
CODE_COLUMNS = ("hs6", "hs", "hs_code", "hscode", "code", "hs2022")


def _column(fieldnames: list[str], accepted: tuple[str, ...]) -> str | None:
    by_lower = {name.strip().lower(): name for name in fieldnames if name}
    return next((by_lower[name] for name in accepted if name in by_lower), None)


def read_labelled(stream: TextIO, *, source: str) -> list[LabelledDescription]:
    """Rows of a labelled CSV; a bad row raises with its line, field and value."""
    reader = csv.DictReader(stream)
    try:
        return _labelled_rows(reader, source)
    except csv.Error as exc:  # line_num + 1: the line it was reading
        raise unreadable_csv(source, reader.line_num + 1, exc, rest_skipped=False) from exc


def _labelled_rows(reader: csv.DictReader[str], source: str) -> list[LabelledDescription]:
    fieldnames = list(reader.fieldnames or ())
    text_column = _column(fieldnames, DESCRIPTION_COLUMNS)
    code_column = _column(fieldnames, CODE_COLUMNS)
    if text_column is None or code_column is None:
        raise RecordError(
            source=source,
            line=1,
            field="header",
            value=",".join(fieldnames),
            problem="a description column and an HS code column are required",
            hint="Start the file with a header line such as: description,hs6",
        )
    rows = []
    for line, row in enumerate(reader, start=2):
        raw = row.get(code_column) or ""
        hs6 = hs6_of(raw)
        if hs6 is None:
            raise RecordError(
                source=source,
                line=line,
                field=code_column,
                value=raw,
                problem="not an HS six-digit subheading",
                hint="Write the HS 2022 subheading with its leading zeros, e.g. 030743 or 0307.43.",
            )
        description = (row.get(text_column) or "").strip()
        if not description:
            raise RecordError(
                source=source,
                line=line,
                field=text_column,
                value=description,
                problem="empty",
                hint="Give the goods description, or delete the line.",
            )
        extra = {k: v for k, v in row.items() if k not in (text_column, code_column) and k}
        rows.append(LabelledDescription(description, hs6, extra))
    return rows


def measure_coverage(rule_base: RuleBase, regime: str = "UN") -> Callable[[str], frozenset[str]]:
    """hs -> ids of the ``regime``'s goods measures that cover it in full (any date, any
    crossing): prohibitions, caps and licence requirements, not inspections or measures
    that bite only when a party is designated."""
    restrictive = (EffectType.PROHIBIT, EffectType.CAP, EffectType.LICENCE_REQUIRED)
    index = MeasureIndex(
        [
            m
            for m in rule_base.measures
            if m.regime == regime and m.effect.type in restrictive and not m.party_roles
        ]
    )

    def covering(hs: str) -> frozenset[str]:
        return frozenset(c.measure.id for c in index.covering(hs) if not c.partial)

    return covering


def evaluate(
    rows: Iterable[LabelledDescription],
    classify: Callable[[str], list[HSCandidate]],
    *,
    confident: float,
    covering: Callable[[str], frozenset[str]] | None = None,
) -> Accuracy:
    """Classify every row and count hits at each level.

    ``confident`` is the score from which screening trusts a classification
    (the ``BORDERWATCH_CLASSIFY_CONFIDENCE`` setting; callers pass it).

    ``covering(hs)`` names the measures that cover a code (see
    :func:`borderwatch.rules.coverage.measures_covering`); with it, rows whose
    expected code a measure covers are counted, and a confident best candidate
    that leaves any of those measures behind is listed as escaped.
    """
    result = Accuracy()
    codes = nomenclature()
    for row in rows:
        result.total += 1
        if row.hs6 not in codes:
            result.outside_hs2022 += 1
        wanted = covering(row.hs6) if covering else frozenset()
        result.covered += bool(wanted)
        candidates = classify(row.description)
        if not candidates:
            result.no_candidate += 1
            continue
        best = candidates[0]
        result.scored.append((best.score, best.hs == row.hs6))
        for digits in LEVELS:
            want = row.hs6[:digits]
            if best.hs[:digits] == want:
                result.top1[digits] += 1
            if any(c.hs[:digits] == want for c in candidates[:5]):
                result.top5[digits] += 1
        if best.score >= confident:
            result.confident += 1
            if best.hs != row.hs6:
                result.confident_wrong += 1
            if covering and wanted and not wanted <= covering(best.hs):
                result.escaped.append((row.description, row.hs6, best.hs, best.score))
        if best.hs != row.hs6:
            result.confusions[(row.hs6, best.hs)] += 1
    return result
