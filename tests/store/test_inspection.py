"""The inspection queue of a crossing and the verdict–decision pairs for targeting
(issue 12, part 3), on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.model import Outcome, Verdict
from borderwatch.store import open_database
from borderwatch.store.decisions import amend_decision, record_decision
from borderwatch.store.declarations import submit
from borderwatch.store.inspection import QueueFilter, inspection_queue, outcomes_with_verdicts
from tests.store.declaring import RICE, cargo_to_russia, declared

OFFICER = {"officer": "Officer Wang", "crossing": "dandong"}
UNKNOWN_GOODS = {"id": "1", "description": "parts"}  # no code and no classifier: referred


@pytest.fixture
def store(database_url: str) -> Any:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


def _submit(store: Engine, screener: Screener, client_id: str, declaration: Any) -> int:
    with store.begin() as conn:
        done = submit(conn, declaration, client_id=client_id, submitted_by="gw", screener=screener)
    return done.stored.id


def _queue(
    store: Engine, crossing: str = "dandong", limit: int | None = None, **narrowed: str
) -> list[tuple[str, Verdict]]:
    with store.connect() as conn:
        queued = inspection_queue(conn, crossing, limit=limit, narrowed=QueueFilter(**narrowed))
        return [(q.client_id, q.verdict) for q in queued]


def test_the_queue_is_strictest_first_then_oldest_first_and_of_one_crossing(
    store: Engine, code_screener: Screener
) -> None:
    stored = {
        name: _submit(store, code_screener, name, declaration)
        for name, declaration in [
            ("inspect-old", declared(items=[RICE])),
            ("clear", cargo_to_russia("R1")),
            ("prohibited", declared()),
            ("refer", declared(items=[UNKNOWN_GOODS])),
            ("inspect-new", declared("B2", items=[RICE])),
            ("hunchun", declared(crossing="hunchun")),
        ]
    }
    assert _queue(store) == [
        ("prohibited", Verdict.PROHIBITED),
        ("refer", Verdict.REFER),
        ("inspect-old", Verdict.INSPECT),
        ("inspect-new", Verdict.INSPECT),
    ]
    assert _queue(store, "Hunchun") == [("hunchun", Verdict.PROHIBITED)]
    assert _queue(store, limit=2) == [
        ("prohibited", Verdict.PROHIBITED),
        ("refer", Verdict.REFER),
    ]
    with store.connect() as conn:
        first = inspection_queue(conn, "dandong")[0]
    assert first.declaration == stored["prohibited"] and first.declared_id == "B1"
    assert first.received_at.tzinfo is not None


def test_a_declaration_leaves_the_queue_once_decisions_cover_it(
    store: Engine, code_screener: Screener
) -> None:
    whole = _submit(store, code_screener, "whole", declared())
    by_item = _submit(store, code_screener, "by-item", declared("B2"))
    assert [c for c, _ in _queue(store)] == ["whole", "by-item"]
    with store.begin() as conn:
        record_decision(conn, whole, outcome="seized", reason="laptop in the bag", **OFFICER)
        record_decision(conn, by_item, item="2", outcome="seized", reason="laptop", **OFFICER)
    assert [c for c, _ in _queue(store)] == ["by-item"]  # its rice is still undecided
    with store.begin() as conn:
        record_decision(conn, by_item, item="1", outcome="released", reason="rice", **OFFICER)
    assert _queue(store) == []


def test_outcomes_pair_each_items_verdict_with_its_final_decision(
    store: Engine, code_screener: Screener
) -> None:
    bag = _submit(store, code_screener, "bag", declared())
    partly = _submit(store, code_screener, "partly", declared("B2"))
    _submit(store, code_screener, "undecided", declared("B3"))
    at_hunchun = _submit(store, code_screener, "hunchun", declared(crossing="hunchun"))
    supervisor = {**OFFICER, "officer": "Supervisor Li", "role": "supervisor"}
    with store.begin() as conn:
        whole = record_decision(conn, bag, outcome="inspected_released", reason="bag", **OFFICER)
        laptop = record_decision(
            conn, bag, item="2", outcome="seized", found="HP laptop", reason="ban", **OFFICER
        )
        final = amend_decision(conn, laptop.id, outcome="left_behind", reason="left", **supervisor)
        rice = record_decision(conn, partly, item="1", outcome="released", reason="rice", **OFFICER)
        record_decision(
            conn,
            at_hunchun,
            outcome="seized",
            reason="x",
            officer="Officer Jin",
            crossing="hunchun",
        )
        pairs = [
            (o.declaration, o.item, o.verdict, o.outcome, o.decision, o.decided_on, o.amended)
            for o in outcomes_with_verdicts(conn, crossing="dandong")
        ]
        everywhere = list(outcomes_with_verdicts(conn))
    assert pairs == [
        (bag, "1", Verdict.CLEAR, Outcome.INSPECTED_RELEASED, whole.id, "declaration", False),
        (bag, "2", Verdict.PROHIBITED, Outcome.LEFT_BEHIND, final.id, "item", True),
        (partly, "1", Verdict.CLEAR, Outcome.RELEASED, rice.id, "item", False),
    ]
    assert len(everywhere) == 5 and everywhere[-1].crossing == "hunchun"
    laptop_pair = everywhere[1]
    assert (laptop_pair.hs, laptop_pair.declared_hs) == ("847130", "8471.30")
    assert laptop_pair.declaration_verdict is Verdict.PROHIBITED
    assert laptop_pair.rule_base == code_screener.rule_base.version
    assert laptop_pair.found == ""  # the amendment's account, not the amended one's


def test_the_queue_keeps_one_channel_or_one_managing_company(
    store: Engine, code_screener: Screener
) -> None:
    def worker(company: str | None) -> dict[str, Any]:
        return {"name": "Ri Yong Chol", "category": "returning_worker", "employer": company}

    for name, declaration in [
        ("sinhung", declared("B1", traveller=worker("Sinhung Trading Co."))),
        ("none", declared("B2")),
        ("freight", declared("C1", channel="cargo", traveller=None)),
        ("other", declared("B3", traveller=worker("Korea Ryongbong General Corp."))),
    ]:
        _submit(store, code_screener, name, declaration)
    assert [c for c, _ in _queue(store, channel="cargo")] == ["freight"]
    assert [c for c, _ in _queue(store, channel="baggage")] == ["sinhung", "none", "other"]
    assert [c for c, _ in _queue(store, company="  SINHUNG ")] == ["sinhung"]
    assert [c for c, _ in _queue(store, company="o", limit=1)] == ["sinhung"]
    assert _queue(store, company="sinhung", channel="cargo") == []
    with store.connect() as conn:
        employers = [q.employer for q in inspection_queue(conn, "dandong")]
    assert employers == ["Sinhung Trading Co.", None, None, "Korea Ryongbong General Corp."]
