"""Golden cases: verdicts pinned together with their legal basis.

Each case is read by the one reader of declarations (``parse_record``), so a
code it expects rejected is rejected there, and every other code passes the
same checks a file's would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from borderwatch.engine.screen import screen_declaration
from borderwatch.io.parsed import parse_record
from borderwatch.model import Verdict
from borderwatch.reference.hs import normalise_hs
from borderwatch.reference.hs_versions import LATEST, in_force, read_code
from borderwatch.rules.loader import shipped_rule_base
from tests.engine.golden import is_rejected, load_cases, record_for, regimes_for

CASES = load_cases()
RULES = shipped_rule_base()


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 40


def _check_rejected(case: dict[str, Any]) -> None:
    parsed = parse_record(record_for(case), RULES, source="golden", line=1)
    assert parsed.declaration is None
    rejected = {f"items.{i}.hs" for i, s in enumerate(case["items"]) if s["expect"] == "rejected"}
    assert {e.field for e in parsed.errors} == rejected, parsed.errors
    for error in parsed.errors:
        assert "not a code of HS" in error.problem and error.hint


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    if is_rejected(case):
        _check_rejected(case)
        return
    parsed = parse_record(record_for(case), RULES, source="golden", line=1)
    assert parsed.declaration is not None, parsed.errors
    result = screen_declaration(parsed.declaration, RULES, regimes=regimes_for(case))
    for spec, item in zip(case["items"], result.items, strict=True):
        assert item.verdict == Verdict(spec["expect"]), item.reasons
        assert sorted(b.measure for b in item.legal_basis) == sorted(spec["basis"])
        if "reason" in spec:  # a phrase the officer must read among the item's reasons
            assert any(spec["reason"] in r for r in item.reasons), item.reasons
        if item.verdict is not Verdict.CLEAR:
            assert item.legal_basis or item.reasons, "a non-clear item must say why"
        if "read_as" in spec:
            assert item.hs_version == spec["read_as"], item.reasons
        if "screened" in spec:
            assert item.hs == spec["screened"], item.reasons
        if "candidates" in spec:
            found = {c.hs: c.verdict.value for c in item.hs_candidates}
            assert found == spec["candidates"], item.reasons
            text = " | ".join(item.reasons)
            assert all(code in text for code in found), "the reasons name every candidate"
        if "declared_hs" in spec:
            assert item.declared_hs == spec["declared_hs"]
    expected = case.get("declaration") or Verdict.strictest(
        [Verdict(s["expect"]) for s in case["items"]]
    )
    assert result.verdict == Verdict(expected)
    if "inspection" in case:
        assert sorted(b.measure for b in result.inspection) == sorted(case["inspection"])


def _versions_allowed(case: dict[str, Any], spec: dict[str, Any]) -> set[int]:
    """The HS versions a golden code may be read in: the one declared; else the one
    in force on the case's date or HS 2022 (today's codes on an old declaration);
    another only where the case pins it with ``read_as`` (a stale code, on purpose)."""
    declared = spec.get("hs_version", case.get("hs_version"))
    if declared is not None:
        return {int(declared)}
    allowed = {in_force(dt.date.fromisoformat(str(case["date"]))).version, LATEST}
    return allowed | ({spec["read_as"]} if "read_as" in spec else set())


def test_every_golden_code_is_of_the_version_it_is_read_in() -> None:
    misread = []
    for case in CASES:
        day = dt.date.fromisoformat(str(case["date"]))
        for spec in case["items"]:
            if not spec.get("hs"):
                continue
            declared = spec.get("hs_version", case.get("hs_version"))
            reading = read_code(
                normalise_hs(spec["hs"]),
                day=day,
                declared=None if declared is None else int(declared),
            )
            if spec["expect"] == "rejected":
                if reading.version is not None:
                    misread.append((case["case"], spec["hs"], "expected in no version"))
            elif reading.version not in _versions_allowed(case, spec):
                misread.append((case["case"], spec["hs"], f"read as HS {reading.version}"))
    assert misread == []
