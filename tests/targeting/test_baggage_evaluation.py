"""A small simulated run end to end: at a 10 % rate the model catches more than chance."""

from __future__ import annotations

from borderwatch.cli.eval_baggage import EXPLORATION_SHARES, evaluate, scenario_variants
from borderwatch.simulate import default_scenario


def test_the_model_beats_random_selection_at_ten_percent() -> None:
    result = evaluate(default_scenario(), train_weeks=6, eval_weeks=3, seed=4, label="small")
    assert result.model.lines > result.random.lines
    assert result.model.value > 2 * result.random.value
    assert set(result.explored) == set(EXPLORATION_SHARES)
    for capture in (result.model, result.no_group, result.rules, result.random):
        assert 0 <= capture.lines <= 1 and 0 <= capture.value <= 1


def test_the_variants_change_what_they_say_they_change() -> None:
    variants = scenario_variants(default_scenario())
    base, single = variants["project scenario"], variants["one line a bag"]
    rare = variants["rare, ordinary goods"]
    assert single.placement.lines_per_bag == (1, 1) != base.placement.lines_per_bag
    assert {c.placement for c in single.workers.companies} == {1.0}
    assert rare.evasion.shipments_per_week < base.evasion.shipments_per_week
    assert not set(rare.placement.goods) & set(base.placement.goods) - {"laptop", "phone"}
