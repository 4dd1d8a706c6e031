"""Properties the engine keeps for any declaration."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.engine.screen import screen_declaration
from borderwatch.model import Declaration, Item, Verdict
from borderwatch.rules.loader import shipped_rule_base
from tests.engine.strategies import declarations, items

RULES = shipped_rule_base()


@settings(max_examples=150, deadline=None)
@given(declarations(), st.data())
def test_adding_an_item_never_relaxes_the_verdict(
    declaration: Declaration, data: st.DataObject
) -> None:
    before = screen_declaration(declaration, RULES)
    extra = Item.model_validate(data.draw(items(99)))
    after = screen_declaration(
        declaration.model_copy(update={"items": (*declaration.items, extra)}), RULES
    )
    assert after.verdict.rank >= before.verdict.rank
    # items already declared keep their verdicts: allowances count forward only
    assert [i.verdict for i in after.items[:-1]] == [i.verdict for i in before.items]


@settings(max_examples=150, deadline=None)
@given(declarations())
def test_more_regimes_never_relax_a_verdict(declaration: Declaration) -> None:
    un_only = screen_declaration(declaration, RULES, regimes=["UN"])
    everything = screen_declaration(declaration, RULES)
    for narrow, wide in zip(un_only.items, everything.items, strict=True):
        assert wide.verdict.rank >= narrow.verdict.rank


@settings(max_examples=150, deadline=None)
@given(declarations())
def test_verdicts_explain_themselves(declaration: Declaration) -> None:
    result = screen_declaration(declaration, RULES)
    duty = [Verdict.INSPECT] if result.inspection else []
    assert result.verdict == Verdict.strictest([*(i.verdict for i in result.items), *duty])
    assert all(b.outcome is Verdict.INSPECT for b in result.inspection)
    for item in result.items:
        outcomes = [b.outcome for b in item.legal_basis]
        assert Verdict.strictest(outcomes).rank <= item.verdict.rank
        if item.verdict is not Verdict.CLEAR:
            assert item.legal_basis or item.reasons
        if item.verdict in (Verdict.PROHIBITED, Verdict.EXCEEDS_ALLOWANCE):
            assert any(b.outcome == item.verdict for b in item.legal_basis)
        for basis in item.legal_basis:
            assert basis.regime in result.regimes


@settings(max_examples=100, deadline=None)
@given(declarations())
def test_screening_is_deterministic(declaration: Declaration) -> None:
    assert screen_declaration(declaration, RULES) == screen_declaration(declaration, RULES)
