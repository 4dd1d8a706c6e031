"""The vectorised batch path gives the per-declaration engine's verdicts and legal basis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.engine.batch import ItemBatch
from borderwatch.engine.batch_screen import screen_batch
from borderwatch.engine.screen import screen_declaration
from borderwatch.model import Declaration
from borderwatch.rules.loader import shipped_rule_base
from tests.engine.golden import declaration_for, load_cases, regimes_for
from tests.engine.strategies import declarations

RULES = shipped_rule_base()


def _compare(decls: list[Declaration], regimes: list[str] | None) -> None:
    batch = ItemBatch.from_declarations(decls, RULES)
    result = screen_batch(batch, RULES, regimes=regimes)
    row = 0
    for declaration in decls:
        expected = screen_declaration(declaration, RULES, regimes=regimes)
        for item in expected.items:
            assert result.verdict(row) == item.verdict, (declaration, item)
            assert result.basis(row) == tuple(sorted(b.measure for b in item.legal_basis))
            row += 1
    assert row == len(batch.code)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(declarations(), min_size=1, max_size=6),
    st.sampled_from([None, ["UN"], ["CN-PORT"], ["UN", "CN"]]),
)
def test_batch_equals_engine(decls: list[Declaration], regimes: list[str] | None) -> None:
    decls = [d.model_copy(update={"id": f"D{i}"}) for i, d in enumerate(decls)]
    _compare(decls, regimes)


def test_batch_equals_engine_on_golden_cases() -> None:
    for case in load_cases():
        _compare([declaration_for(case)], regimes_for(case))
