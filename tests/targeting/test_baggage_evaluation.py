"""A small simulated run end to end: at a 10 % rate the model catches more than chance."""

from __future__ import annotations

import datetime as dt
import json

from borderwatch.cli.eval_baggage import EXPLORATION_SHARES, evaluate, scenario_variants
from borderwatch.simulate import default_scenario


def test_the_model_beats_random_selection_at_ten_percent() -> None:
    result = evaluate(default_scenario(), train_weeks=6, eval_weeks=3, seed=4, label="small")
    assert result.model.lines > result.random.lines
    assert result.model.value > 2 * result.random.value
    assert set(result.explored) == set(EXPLORATION_SHARES)
    captures = (result.model, result.no_group, result.no_displacement, result.rules)
    for capture in (*captures, result.random):
        assert 0 <= capture.lines <= 1 and 0 <= capture.value <= 1


def test_the_variants_change_what_they_say_they_change() -> None:
    variants = scenario_variants(default_scenario(), train_weeks=27)
    base, single = variants["project scenario"], variants["one line a bag"]
    rare, displaced = variants["rare, ordinary goods"], variants["displaced mid-run"]
    assert single.placement.lines_per_bag == (1, 1) != base.placement.lines_per_bag
    assert {c.placement for c in single.workers.companies} == {1.0}
    assert rare.evasion.shipments_per_week < base.evasion.shipments_per_week
    assert not set(rare.placement.goods) & set(base.placement.goods) - {"laptop", "phone"}
    moved = [e for e in displaced.timeline if e.tightening]
    assert moved and {e.date for e in moved} == {base.start + dt.timedelta(weeks=18)}
    assert displaced.model_copy(update={"timeline": base.timeline}) == base


def test_the_eval_baggage_command_reports_every_variant_and_way_of_choosing() -> None:
    from tests.cli.running import run_borderwatch

    done = run_borderwatch(
        "eval", "baggage", "--train", "6", "--eval", "3", "--seed", "1", "--json"
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["scenario"] for r in rows] == [
        "project scenario",
        "one line a bag",
        "rare, ordinary goods",
        "displaced mid-run",
    ]
    for row in rows:
        assert set(row["exploration"]) == {"0", "0.1", "0.3"}
        assert row["model"]["value"] > row["random"]["value"], row
