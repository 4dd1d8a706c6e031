"""Cargo targeting from the store's own decisions: the consignor's, consignee's and goods'
records, read strictly before each consignment, and a model of its own for cargo."""

from __future__ import annotations

import datetime as dt
import json
import math

from borderwatch.engine.screener import Screener
from borderwatch.model.declaration import Declaration
from borderwatch.rules.loader import shipped_rule_base
from borderwatch.simulate.run import simulate
from borderwatch.simulate.scenario import default_scenario
from borderwatch.store import open_database
from borderwatch.store.decisions import record_decision
from borderwatch.store.declarations import submit_batch
from borderwatch.store.targeting_models import add_model, choose_model, current_model
from borderwatch.targeting.cargo_features import (
    CARGO_FEATURES,
    CargoOutcome,
    TraderHistory,
    cargo_features,
    party_key,
)
from borderwatch.targeting.queue import targeted_queue
from borderwatch.targeting.training import compare_and_fit, stored_training_set
from tests.cli.running import run_borderwatch
from tests.targeting.bags import bag

DAY = dt.date(2019, 5, 6)


def _consignment(ident: str, day: dt.date, consignor: str, hs: str) -> Declaration:
    return bag(
        ident,
        [
            {
                "id": "1",
                "description": "goods",
                "hs": hs,
                "quantity": 10,
                "unit_value": {"amount": "50", "currency": "CNY"},
            }
        ],
        channel="cargo",
        date=day,
        traveller=None,
        consignor={"name": consignor, "schema": "Organization"},
        consignee={"name": "Sambong Trading Company", "schema": "Organization"},
    )


def test_a_trader_s_record_counts_only_decisions_before_the_consignment() -> None:
    earlier = [
        CargoOutcome(
            _consignment("a", DAY - dt.timedelta(days=9), "Hengfeng  TRADING", "850440"), True
        ),
        CargoOutcome(
            _consignment("b", DAY - dt.timedelta(days=5), "hengfeng trading", "030617"), False
        ),
        CargoOutcome(_consignment("c", DAY, "Hengfeng Trading", "850440"), True),  # same day
    ]
    history = TraderHistory.of(earlier)
    today = _consignment("d", DAY, "HENGFENG TRADING", "850440")
    features = cargo_features([today], history)
    row = dict(zip(features.names, features.values[0], strict=True))
    assert features.names == CARGO_FEATURES
    assert (row["consignor_past_inspections"], row["consignor_past_seizure_rate"]) == (2, 0.5)
    assert (row["goods_past_inspections"], row["goods_past_seizure_rate"]) == (1, 1.0)
    assert row["consignee_past_inspections"] == 2  # the same day's decision is not read
    assert row["total_value_cny"] == 500.0
    stranger = cargo_features([_consignment("e", DAY, "Dongsheng Logistics", "940360")], history)
    unknown = dict(zip(stranger.names, stranger.values[0], strict=True))
    assert unknown["consignor_past_inspections"] == 0
    assert math.isnan(unknown["consignor_past_seizure_rate"])  # unknown, not clean
    assert math.isnan(unknown["goods_past_seizure_rate"])
    assert party_key("consignor", "  ") is None


def _simulated_cargo() -> list[tuple[Declaration, bool, bool]]:
    """Simulated consignments with whether customs inspected and seized something: every
    one with a seizure and one in eight of the rest (ten weeks hold about 3,000, nine seized)."""
    found = []
    rows = simulate(default_scenario(), weeks=10, seed=5, legitimate_cargo=True)
    for n, row in enumerate(r for r in rows if r.declaration["channel"] == "cargo"):
        seized = any(t["outcome"] == "seized" for t in row.truth["items"])
        if seized or n % 8 == 0:
            declaration = Declaration.model_validate(row.declaration)
            found.append((declaration, row.truth["inspected"], seized))
    return found


def test_cargo_outcomes_train_a_cargo_model_that_ranks_the_cargo_queue(
    database_url: str, code_screener: Screener
) -> None:
    consignments = _simulated_cargo()
    engine = open_database(database_url)
    stored = submit_batch(
        engine, [(d.id, d) for d, _, _ in consignments], submitted_by="gw", screener=code_screener
    )
    with engine.begin() as conn:
        for (declaration, inspected, seized), done in zip(consignments, stored, strict=True):
            assert done.submission is not None
            if inspected:
                record_decision(
                    conn,
                    done.submission.stored.id,
                    outcome="seized" if seized else "released",
                    reason="opened",
                    officer="ri.yc",
                    crossing=declaration.crossing,
                )
    with engine.connect() as conn:
        data = stored_training_set(conn, channel="cargo")
    assert set(CARGO_FEATURES) <= set(data.features.names)
    assert data.seized.any() and not data.seized.all()
    model, comparison = compare_and_fit(data, None)
    assert comparison.better and comparison.holdout > 0
    with engine.begin() as conn:
        kept = add_model(conn, model.to_text(), comparison.summary(), "test", "cargo")
        choose_model(conn, kept.id, "test", "first cargo model")
        assert current_model(conn, "baggage") is None  # each channel has its own
        in_use = current_model(conn, "cargo")
        assert in_use is not None and (in_use.id, in_use.channel) == (kept.id, "cargo")
    if database_url.startswith("sqlite"):  # the command, once: it trains and stores the same
        done = run_borderwatch(
            "targeting",
            "train",
            "--channel",
            "cargo",
            env={"BORDERWATCH_DATABASE_URL": database_url},
        )
        assert done.returncode == 0, done.stderr
        assert "decided cargo declarations" in done.stdout
        listed = run_borderwatch(
            "targeting",
            "history",
            "--format",
            "json",
            env={"BORDERWATCH_DATABASE_URL": database_url},
        )
        rows = [json.loads(line) for line in listed.stdout.splitlines()]
        # the same outcomes and seed train the same model: kept once
        assert [(r["id"], r["channel"], r["in_use"]) for r in rows] == [(kept.id, "cargo", True)]
    crossing = consignments[-1][0].crossing
    with engine.connect() as conn:
        queue = targeted_queue(conn, crossing, shipped_rule_base(), limit=1000)
    undecided = [t for t in queue if t.queued.channel == "cargo"]
    assert undecided and all(t.learned is not None for t in undecided)
    engine.dispose()
