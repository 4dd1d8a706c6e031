"""From recorded outcomes to a model in use and a day's choice, through the commands, on
SQLite and PostgreSQL: train, compare with the model in use, go back to an earlier model,
choose whom to inspect with reasons, and every change of model in the audit log."""

from __future__ import annotations

import datetime as dt
import json
import math
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from borderwatch.engine.screener import Screener
from borderwatch.model.declaration import Declaration
from borderwatch.rules.loader import shipped_rule_base
from borderwatch.service.app import create_app
from borderwatch.service.routes.bench import QUEUE_LENGTH
from borderwatch.simulate.run import simulate
from borderwatch.simulate.scenario import default_scenario
from borderwatch.store import open_database
from borderwatch.store.accounts import add_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.audit import recent_records, verify
from borderwatch.store.decisions import record_decision
from borderwatch.store.declaration_rows import declarations as declaration_rows
from borderwatch.store.declarations import submit_batch
from borderwatch.store.inspection_selections import selection_chances
from borderwatch.store.targeting_models import list_models
from borderwatch.targeting.baggage_features import crossing_bag
from borderwatch.targeting.crossing_history import CrossingHistory, CrossingOutcome
from borderwatch.targeting.queue import targeted_queue
from borderwatch.targeting.stored_bags import crossing_history, decided_bags
from borderwatch.targeting.training import stored_training_set
from tests.cli.running import run_borderwatch
from tests.service.conftest import PASSWORD
from tests.service.pages.bench_signing import sign_in

WEEKS = 3


def _simulated() -> list[tuple[Declaration, bool]]:
    """Three weeks of returning workers' bags, each with whether it carries placed goods."""
    rows = []
    for row in simulate(default_scenario(), weeks=WEEKS, seed=3, legitimate_cargo=False):
        if row.declaration["channel"] == "baggage":
            placed = any(t["role"] == "placed" for t in row.truth["items"])
            rows.append((Declaration.model_validate(row.declaration), placed))
    return rows


def _run(url: str, *args: str) -> Any:
    done = run_borderwatch(*args, env={"BORDERWATCH_DATABASE_URL": url})
    assert done.returncode == 0, done.stderr + done.stdout
    return done


def _history(url: str) -> list[dict[str, Any]]:
    out = _run(url, "targeting", "history", "--format", "json").stdout
    return [json.loads(line) for line in out.splitlines()]


def test_outcomes_train_a_model_that_then_ranks_the_day(
    database_url: str, code_screener: Screener, tmp_path: Path
) -> None:
    bags = _simulated()
    engine = open_database(database_url)
    stored = submit_batch(
        engine,
        [(d.id, d) for d, _ in bags],
        submitted_by="gw",
        screener=code_screener,
    )
    assert all(s.submission is not None for s in stored)
    decided = seized = 0
    with engine.begin() as conn:
        for n, ((declaration, placed), done) in enumerate(zip(bags, stored, strict=True)):
            if n % 2:  # officers opened every other bag
                continue
            assert done.submission is not None
            record_decision(
                conn,
                done.submission.stored.id,
                outcome="seized" if placed else "released",
                reason="found in the bag" if placed else "nothing found",
                officer="ri.yc",
                crossing=declaration.crossing,
            )
            decided, seized = decided + 1, seized + placed
    _the_store_reads_each_crossing_as_the_bags_say(engine, bags, stored)
    first = _run(database_url, "targeting", "train")
    assert "model 1 is now in use" in first.stdout
    (one,) = _history(database_url)
    assert one["in_use"] and one["summary"]["decided"] == decided
    assert one["summary"]["seized"] == seized and one["summary"]["current"] is None
    # placed goods are luxury goods and commercial quantities: the new quarter is found
    assert one["summary"]["candidate"]["precision"] >= 0.6, one["summary"]

    # the queue of the service orders each verdict's bags by profiles and model together
    with engine.connect() as conn:
        queue = targeted_queue(conn, "dandong", shipped_rule_base(), limit=500)
    assert queue and all(t.learned is not None for t in queue)  # every one is a bag
    for ahead, behind in pairwise(queue):
        if (ahead.queued.verdict, ahead.risk.lane) == (behind.queued.verdict, behind.risk.lane):
            assert ahead.score >= behind.score
    assert any(t.score > t.risk.score for t in queue)  # the model raised some
    _the_service_shows_the_model(engine, code_screener, [t.queued.declaration for t in queue])

    second = _run(database_url, "targeting", "train", "--seed", "1")
    assert "in use (1)" in second.stdout
    _run(database_url, "targeting", "use", "1", "--reason", "back to the first")
    with engine.connect() as conn:
        models = list_models(conn)
    assert [m.current for m in models] == [True, False]
    assert models[1].summary["compared_with"] == 1 and models[1].summary["current"] is not None
    if database_url.startswith("sqlite"):  # choosing reads the store only for the model
        _a_day_is_chosen_with_the_model(database_url, [d for d, _ in bags], tmp_path)

    actions = [r.action for r in recent_records(engine, last=10)]
    used = 3 if "model 2 is now in use" in second.stdout else 2  # as it compared, then back
    assert actions.count("targeting.model.add") == 2
    assert actions.count("targeting.model.use") == used
    assert verify(engine).first_break is None
    if database_url.startswith("sqlite"):
        _a_stored_day_is_chosen_and_its_chances_kept(database_url, engine, bags)
    engine.dispose()


def _a_stored_day_is_chosen_and_its_chances_kept(
    url: str, engine: Engine, bags: list[tuple[Declaration, bool]]
) -> None:
    """targeting select --crossing --date: undecided bags only, each chance kept and audited,
    and the outcomes of the random share weigh 1 / chance when the model learns again."""
    with engine.connect() as conn:
        decided_before = decided_bags(conn, "dandong")
    day = max(d.date for d, _ in bags if d.crossing == "dandong")
    args = ["--crossing", "dandong", "--date", day.isoformat(), "--capacity", "0.3"]
    args += ["--exploration", "0.5", "--seed", "2", "--format", "json"]
    _run(url, "targeting", "select", *args, "--dry-run")
    with engine.connect() as conn:
        assert selection_chances(conn) == {}
    out = _run(url, "targeting", "select", *args).stdout
    chosen = [c for c in map(json.loads, out.splitlines()) if "why" in c]
    assert any(c["explored"] and c["probability"] < 1 for c in chosen), chosen
    with engine.connect() as conn:
        chances = selection_chances(conn)
        by_id = {
            r.declared_id: r.id
            for r in conn.execute(select(declaration_rows.c.id, declaration_rows.c.declared_id))
        }
    assert sorted(chances.values()) == sorted(c["probability"] for c in chosen)
    assert not set(chances) & set(decided_before)
    assert recent_records(engine, last=1)[0].action == "targeting.select"
    placed = {d.id: p for d, p in bags}
    with engine.begin() as conn:
        for c in chosen:
            record_decision(
                conn,
                by_id[c["id"]],
                outcome="seized" if placed[c["id"]] else "released",
                reason="found in the bag" if placed[c["id"]] else "nothing found",
                officer="ri.yc",
                crossing="dandong",
            )
    with engine.connect() as conn:
        data = stored_training_set(conn)
    assert data.reweighted == sum(c["probability"] < 1 for c in chosen)
    assert sorted(data.weights[data.weights != 1]) == pytest.approx(
        sorted(1 / c["probability"] for c in chosen if c["probability"] < 1)
    )


def _the_store_reads_each_crossing_as_the_bags_say(
    engine: Engine, bags: list[tuple[Declaration, bool]], stored: list[Any]
) -> None:
    """The displacement signals from the store's rows are those of the declarations read
    in Python: every crossing on every day, a week past the last, too."""
    with engine.connect() as conn:
        from_store = crossing_history(conn, None)
        decided = decided_bags(conn, None)
    ids = [s.submission.stored.id for s in stored]
    from_bags = CrossingHistory.of(
        (crossing_bag(d) for d, _ in bags),
        (CrossingOutcome(*decided[i]) for i in ids if i in decided),
    )
    days = {(d.crossing, d.date + dt.timedelta(days=k)) for d, _ in bags for k in (0, 7, 100)}
    assert decided and len(days) > 20
    for crossing, day in days:
        assert from_store.at(crossing, day) == pytest.approx(
            from_bags.at(crossing, day), nan_ok=True
        ), (crossing, day)
    assert any(not math.isnan(from_store.at(c, d)[1]) for c, d in days)


def _a_day_is_chosen_with_the_model(url: str, bags: list[Declaration], tmp_path: Path) -> None:
    """targeting select: fewer than all, each with the model's reasons, a random share."""

    last_week = bags[-60:]
    day_file = tmp_path / "today.jsonl"
    day_file.write_text(
        "".join(d.model_dump_json(by_alias=True) + "\n" for d in last_week), encoding="utf-8"
    )
    chosen_out = _run(
        url,
        "targeting",
        "select",
        str(day_file),
        "--capacity",
        "0.2",
        "--format",
        "json",
        "--seed",
        "5",
    ).stdout
    lines = [json.loads(line) for line in chosen_out.splitlines()]
    chosen = [c for c in lines if "why" in c]
    assert 0 < len(chosen) < len(last_week)
    assert all(any(w.startswith("model ") for w in c["why"]) for c in chosen)
    assert any(c["explored"] for c in chosen) or len(chosen) < 10
    shared = [s for s in lines if "shared_hs6" in s]
    assert all(len(s["declarations"]) >= 2 for s in shared)


def test_training_on_too_few_outcomes_says_what_is_missing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    done = run_borderwatch("targeting", "train", env={"BORDERWATCH_DATABASE_URL": url})
    assert done.returncode == 2
    assert "0 decided baggage declarations" in done.stderr
    assert "Record more outcomes on the bench" in done.stderr


@pytest.mark.parametrize(
    "bad",
    [
        "not a model\n",
        '{"format": "borderwatch-baggage-model", "format_version": 0, "borderwatch": "0.1"}\n',
    ],
)
def test_a_stored_model_of_another_format_is_refused_with_the_reason(bad: str) -> None:
    from borderwatch.targeting.baggage_model import BaggageModel, ModelFormatError

    with pytest.raises(ModelFormatError) as caught:
        BaggageModel.from_text(bad, "stored targeting model 7")
    assert "stored targeting model 7" in str(caught.value)


def _the_service_shows_the_model(engine: Engine, screener: Screener, order: list[int]) -> None:
    """The API and the bench list the queue in the order targeting gave, with the model's
    chance beside each bag."""
    with engine.begin() as conn:
        add_user(conn, "kim.of", PASSWORD, role="officer", crossing="dandong", actor="cli:t")
        token = issue_token(conn, "kim.of", crossing="dandong", label="t", actor="cli:t").token
    client = TestClient(create_app(screener, database=engine))
    listed = client.get(
        "/v1/crossings/dandong/queue?limit=500", headers={"Authorization": f"Bearer {token}"}
    ).json()["declarations"]
    assert [d["declaration"] for d in listed] == order
    assert all(d["model"] is not None and d["risk"] >= d["model"] - 1e-9 for d in listed)
    assert sign_in(client, "kim.of").status_code == 303
    page = client.get("/bench/queue").text
    assert page.count('<small class="model">(model ') == min(len(order), QUEUE_LENGTH)
