"""Golden cases: verdicts pinned together with their legal basis."""

from __future__ import annotations

from typing import Any

import pytest

from borderwatch.engine.screen import screen_declaration
from borderwatch.model import Verdict
from borderwatch.reference.hs import nomenclature
from borderwatch.rules.loader import shipped_rule_base
from tests.engine.golden import declaration_for, load_cases, regimes_for

CASES = load_cases()


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    result = screen_declaration(
        declaration_for(case), shipped_rule_base(), regimes=regimes_for(case)
    )
    for spec, item in zip(case["items"], result.items, strict=True):
        assert item.verdict == Verdict(spec["expect"]), item.reasons
        assert sorted(b.measure for b in item.legal_basis) == sorted(spec["basis"])
        if "reason" in spec:  # a phrase the officer must read among the item's reasons
            assert any(spec["reason"] in r for r in item.reasons), item.reasons
        if item.verdict is not Verdict.CLEAR:
            assert item.legal_basis or item.reasons, "a non-clear item must say why"
    expected = case.get("declaration") or Verdict.strictest(
        [Verdict(s["expect"]) for s in case["items"]]
    )
    assert result.verdict == Verdict(expected)
    if "inspection" in case:
        assert sorted(b.measure for b in result.inspection) == sorted(case["inspection"])


def test_every_golden_code_is_in_hs_2022() -> None:
    known = nomenclature()
    codes = {spec["hs"] for case in CASES for spec in case["items"] if spec.get("hs")}
    assert sorted(c for c in codes if c not in known) == []
