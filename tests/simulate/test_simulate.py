"""The simulator reproduces the reported facts, is deterministic, and writes what screen reads."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from borderwatch.cli.main import app
from borderwatch.model import Declaration
from borderwatch.simulate import default_scenario, plan_for, simulate, write_run
from borderwatch.simulate.scenario import with_changes
from tests.cli.running import run_borderwatch

JILIN = ("hunchun", "changbai")


def _rows(
    weeks: int, seed: int, **changes: str
) -> list[tuple[dict[str, object], dict[str, object]]]:
    scenario = with_changes(default_scenario(), changes) if changes else default_scenario()
    return [(r.declaration, r.truth) for r in simulate(scenario, weeks=weeks, seed=seed)]


def test_the_same_seed_gives_the_same_run_and_another_seed_another() -> None:
    assert _rows(2, seed=11) == _rows(2, seed=11)
    assert _rows(2, seed=11) != _rows(2, seed=12)


def test_about_one_hundred_workers_return_each_week_most_at_dandong() -> None:
    plan = plan_for(default_scenario(), 200, seed=3)
    per_week = np.bincount(plan.worker_week, minlength=200)
    assert abs(per_week.mean() - 100) < 3
    at_dandong = np.mean(plan.worker_crossing == plan.schedule.index("dandong"))
    assert at_dandong > 0.5


def test_companies_are_paid_700_to_1000_per_placed_bag() -> None:
    pays = [
        bag["pay_cny"]
        for _, truth in _rows(6, seed=5)
        for bag in truth["placed_bags"]  # type: ignore[attr-defined]
    ]
    assert len(pays) > 50
    assert all(700 <= pay <= 1000 for pay in pays)
    assert max(pays) - min(pays) > 200  # spread over the reported range, not one price


def test_placed_bags_crowd_out_workers_own_belongings() -> None:
    own_lines: dict[bool, list[int]] = {True: [], False: []}
    for declaration, truth in _rows(6, seed=6):
        if declaration["channel"] != "baggage":
            continue
        roles = [i["role"] for i in truth["items"]]  # type: ignore[attr-defined]
        own_lines[bool(truth["placed_bags"])].append(roles.count("own"))
    assert np.mean(own_lines[True]) < np.mean(own_lines[False])


def test_no_electronics_pass_dandong_in_baggage_after_the_march_change() -> None:
    change = dt.date(2019, 3, 1)
    passed_before = passed_after = refused_after = 0
    for declaration, truth in _rows(8, seed=7, start="2019-01-28"):
        if declaration["crossing"] != "dandong" or declaration["channel"] != "baggage":
            continue
        day = dt.date.fromisoformat(str(declaration["date"]))
        for item in truth["items"]:  # type: ignore[attr-defined]
            if not item["electronic"]:
                continue
            if day < change:
                passed_before += item["outcome"] == "passed"
            elif item["outcome"] == "passed":
                passed_after += 1
            else:
                refused_after += 1
    assert passed_before > 20  # the practice let two items through
    assert refused_after > 5  # workers were not told, and lost them
    assert passed_after == 0


def test_sanctioned_flow_moves_to_the_jilin_crossings_after_dandong_tightens() -> None:
    scenario = default_scenario()
    plan = plan_for(scenario, 104, seed=8)
    change = 61  # first week after 2019-03-01
    jilin = [plan.schedule.index(c) for c in JILIN]
    placed = np.zeros((104, 3))
    np.add.at(placed, (plan.worker_week, plan.worker_crossing), plan.worker_placed)
    np.add.at(placed, (plan.shipment_week, plan.shipment_crossing), 1)
    share_before = placed[:change, jilin].sum() / placed[:change].sum()
    share_after = placed[change:, jilin].sum() / placed[change:].sum()
    assert share_before < 0.4
    assert share_after > 0.8
    assert placed[change:, jilin].sum(axis=1).mean() > 2 * placed[:change, jilin].sum(axis=1).mean()


def test_truth_is_kept_apart_from_what_the_officer_sees(tmp_path: Path) -> None:
    count = write_run(default_scenario(), tmp_path, weeks=1, seed=2)
    declarations = (tmp_path / "declarations.jsonl").read_text().splitlines()
    truths = (tmp_path / "truth.jsonl").read_text().splitlines()
    assert count == len(declarations) == len(truths)
    for text in declarations:
        for word in ("placed", "pay_cny", "official", "outcome", "role"):
            assert word not in text
    ids = [json.loads(t)["declaration"] for t in truths]
    assert ids == [json.loads(d)["id"] for d in declarations]
    assert json.loads((tmp_path / "run.json").read_text())["seed"] == 2


def test_borderwatch_screen_accepts_every_simulated_declaration(tmp_path: Path) -> None:
    made = CliRunner().invoke(
        app, ["simulate", "--weeks", "2", "--seed", "4", "--out", str(tmp_path)]
    )
    assert made.exit_code == 0, made.output
    screened = run_borderwatch(  # the real command's entry point, as a user runs it
        "screen",
        str(tmp_path / "declarations.jsonl"),
        "--no-parties",  # no list ships with borderwatch: goods only, said on each result
    )
    assert screened.returncode == 0, screened.stderr
    results = [json.loads(line) for line in screened.stdout.splitlines()]
    assert len(results) == len((tmp_path / "declarations.jsonl").read_text().splitlines())
    verdicts = {r["verdict"] for r in results}
    assert {"inspect", "prohibited"} <= verdicts


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_every_declaration_validates_and_no_worker_exceeds_one_square_metre(seed: int) -> None:
    for declaration, truth in _rows(1, seed=seed):
        parsed = Declaration.model_validate(declaration)
        assert len(parsed.items) == len(truth["items"])  # type: ignore[arg-type]
        if parsed.channel == "baggage":
            areas = {i.piece.id: i.piece.area_m2 for i in parsed.items if i.piece}
            assert sum(areas.values()) <= Decimal("1.00")


def test_misdeclared_consignments_show_an_ordinary_good_and_the_truth_names_the_real_one() -> None:
    scenario = default_scenario()
    legitimate = {scenario.goods[k].hs for k in scenario.cargo.legitimate_goods}
    misdeclared = [
        (declaration, truth)
        for declaration, truth in _rows(4, seed=9)
        if any("declared_as" in item for item in truth["items"])  # type: ignore[attr-defined]
    ]
    assert misdeclared
    for declaration, truth in misdeclared:
        shown = declaration["items"][0]  # type: ignore[index]
        real = truth["items"][0]  # type: ignore[index]
        assert shown["hs"] in legitimate
        assert real["role"] == "evasion"
        assert scenario.goods[real["good"]].hs != shown["hs"]
        assert scenario.goods[real["declared_as"]].hs == shown["hs"]


def test_a_piece_id_does_not_tell_placed_bags_from_own_ones() -> None:
    """Every bag is "B<n>", own bags first: the truth, not the name, says which were placed."""
    placed_seen = 0
    for declaration, truth in _rows(2, seed=5):
        if declaration["channel"] != "baggage":
            continue
        ids = {item["piece"]["id"] for item in declaration["items"]}  # type: ignore[attr-defined]
        assert all(i.startswith("B") and i[1:].isdigit() for i in ids)
        assert sorted(int(i[1:]) for i in ids) == list(range(1, len(ids) + 1))
        placed = {bag["piece"] for bag in truth["placed_bags"]}  # type: ignore[attr-defined]
        placed_seen += len(placed)
        assert placed <= ids and "B1" not in placed
    assert placed_seen > 0
