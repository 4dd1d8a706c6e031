"""Screening items without HS codes: classified, referred when unsure or split, misdeclarations flagged.

The cases are in tests/data/classification-golden-cases.yaml; the batch path
must give the same verdicts as the per-declaration engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.engine.screen import screen_declaration
from borderwatch.engine.screener import Screener
from borderwatch.model import Declaration, Verdict
from borderwatch.rules.loader import shipped_rule_base
from tests.engine.golden import declaration_for, regimes_for

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "classification-golden-cases.yaml").read_text(
        encoding="utf-8"
    )
)


def _declaration(case: dict[str, Any]) -> Declaration:
    spec = {**case, "items": [{**i, "hs": i.get("declared")} for i in case["items"]]}
    return declaration_for(spec)


def _screener(regimes: list[str] | None) -> Screener:
    return build_screener(ScreeningChoices(regimes=regimes, learned=False, parties=False))


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_classified_golden_case(case: dict[str, Any]) -> None:
    result = _screener(regimes_for(case)).screen(_declaration(case))
    for spec, item in zip(case["items"], result.items, strict=True):
        assert item.verdict == Verdict(spec["expect"]), item.reasons
        if "hs" in spec:
            assert item.hs == spec["hs"]
        assert sorted(b.measure for b in item.legal_basis) == sorted(spec["basis"])
        text = " | ".join(item.reasons)
        for fragment in spec["reasons"]:
            assert fragment in text, text
        if spec.get("declared") is None:
            assert len(item.classification) >= 5


def test_without_a_classifier_undeclared_items_are_referred() -> None:
    case = CASES[0]
    result = screen_declaration(_declaration(case), shipped_rule_base(), regimes=["UN"])
    assert result.items[0].verdict is Verdict.REFER
    assert "no classifier configured" in result.items[0].reasons[0]


def test_the_batch_path_classifies_and_checks_codes_like_the_engine() -> None:
    """Undeclared items are classified and declared codes checked against their
    descriptions on the batch path too (the engine takes those declarations)."""
    screener = _screener(["UN"])
    declarations = [_declaration(c) for c in CASES if regimes_for(c) == ["UN"]]
    assert any(i.hs for d in declarations for i in d.items)  # misdeclarations among them
    result = screener.screen_batch(declarations)
    expected = [item.verdict for d in declarations for item in screener.screen(d).items]
    assert [result.verdict(row) for row in range(len(expected))] == expected
    assert Verdict.PROHIBITED in expected and Verdict.REFER in expected
