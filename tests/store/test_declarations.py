"""Submitting declarations (issue 12): stored once per client id, whole or not at all,
on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Connection, select

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.engine.screener import Screener
from borderwatch.errors import ConflictError, InputError
from borderwatch.model import Declaration, Verdict
from borderwatch.store import open_database
from borderwatch.store.declaration_rows import (
    declaration_items,
    declarations,
    stored_declaration,
)
from borderwatch.store.declarations import find_declaration, submit, submit_batch
from borderwatch.store.screenings import insert_screening, latest_screenings, screenings
from tests.store.declaring import cargo_to_russia, counts, declared, raw

NOTHING = {"declarations": 0, "items": 0, "screenings": 0, "decisions": 0}


def test_a_declaration_is_stored_with_its_items_and_screening(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    bag = declared()
    with engine.begin() as conn:
        done = submit(
            conn, bag, client_id=" K-001 ", submitted_by="dandong-gw", screener=code_screener
        )
    assert done.created and done.stored.client_id == "K-001"
    assert done.stored.result == code_screener.screen(bag)
    assert done.stored.result.verdict is Verdict.PROHIBITED
    assert counts(engine) == {"declarations": 1, "items": 2, "screenings": 1, "decisions": 0}
    with engine.connect() as conn:
        row = conn.execute(select(declarations)).one()
        items = conn.execute(select(declaration_items).order_by("position")).all()
        screening = conn.execute(select(screenings)).one()
        again = find_declaration(conn, "DANDONG", "K-001")
    assert (row.crossing, row.client_id, row.declared_id, row.channel) == (
        "dandong",
        "K-001",
        "B1",
        "baggage",
    )
    assert Declaration.model_validate_json(row.declaration) == bag
    assert [(i.item_id, i.position, i.hs, i.declared_hs) for i in items] == [
        ("1", 1, "100630", "100630"),
        ("2", 2, "847130", "8471.30"),
    ]
    assert (items[1].quantity, items[1].unit_value, items[1].currency) == ("2.5", "420.10", "CNY")
    assert screening.stored_declaration_id == row.id and screening.verdict == "prohibited"
    assert json.loads(screening.configuration)["rule_base"] == code_screener.rule_base.version
    assert again is not None and again.id == row.id and again.result == done.stored.result
    assert again.received_at == done.stored.received_at
    engine.dispose()


def test_the_same_client_id_again_returns_the_stored_verdict_and_stores_nothing(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    with engine.begin() as conn:
        first = submit(conn, declared(), client_id="K-1", submitted_by="gw", screener=code_screener)
    # the port practice alone does not prohibit the laptop: a re-screening would differ
    port_only = build_screener(
        ScreeningChoices(regimes=["CN-PORT"], classify=False, learned=False, parties=False)
    )
    assert port_only.screen(declared()).verdict is not first.stored.result.verdict
    with engine.begin() as conn:
        again = submit(conn, declared(), client_id="K-1", submitted_by="other", screener=port_only)
    assert not again.created
    assert again.stored == first.stored
    assert counts(engine) == {"declarations": 1, "items": 2, "screenings": 1, "decisions": 0}
    engine.dispose()


def test_the_same_client_id_at_another_crossing_is_another_declaration(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    with engine.begin() as conn:
        at_dandong = submit(
            conn, declared(), client_id="1", submitted_by="gw", screener=code_screener
        )
        at_hunchun = submit(
            conn,
            declared(crossing="hunchun"),
            client_id="1",
            submitted_by="gw",
            screener=code_screener,
        )
    assert at_dandong.created and at_hunchun.created
    assert at_dandong.stored.id != at_hunchun.stored.id
    assert counts(engine)["declarations"] == 2
    # rescreen takes both, although their declarants numbered them alike
    assert [s.declaration.crossing for s in latest_screenings(engine)] == ["dandong", "hunchun"]
    engine.dispose()


def test_a_client_id_reused_for_other_content_is_refused(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    with engine.begin() as conn:
        submit(conn, declared(), client_id="K-1", submitted_by="gw", screener=code_screener)
    changed = declared(items=[raw()["items"][0]])
    conflict = pytest.raises(ConflictError, match="'K-1' at dandong was already used")
    with conflict as refused, engine.begin() as conn:
        submit(conn, changed, client_id="K-1", submitted_by="gw", screener=code_screener)
    assert refused.value.http_status == 409 and "new client id" in str(refused.value)
    assert counts(engine) == {"declarations": 1, "items": 2, "screenings": 1, "decisions": 0}
    engine.dispose()


@pytest.mark.parametrize(
    ("client_id", "changes", "message"),
    [
        ("  ", {}, "client_id is empty"),
        ("x" * 201, {}, "client_id is 201 characters long; at most 200"),
        (
            "K-1",
            {"items": [raw()["items"][0], {"id": "1", "hs": "847130"}]},
            "two items with id '1'",
        ),
        ("K-1", {"items": [{"id": "1", "description": "rice\x00"}]}, "NUL character"),
        ("K-1", {"id": "B" * 300}, "declaration id is 300 characters long"),
    ],
)
def test_what_the_store_cannot_hold_is_refused_before_anything_is_written(
    database_url: str,
    code_screener: Screener,
    client_id: str,
    changes: dict[str, Any],
    message: str,
) -> None:
    engine = open_database(database_url)
    with pytest.raises(InputError, match=message), engine.begin() as conn:
        submit(
            conn,
            declared(**changes),
            client_id=client_id,
            submitted_by="gw",
            screener=code_screener,
        )
    assert counts(engine) == NOTHING
    engine.dispose()


class Failing(RuntimeError):
    """The audit log refusing an entry, after every row of the submission is written."""


def refusing_audit(conn: Connection, actor: str, action: str, subject: str, detail: object) -> None:
    assert counts_in(conn) == (1, 2, 1)  # everything was written when the audit entry fails
    raise Failing(subject)


def counts_in(conn: Connection) -> tuple[int, ...]:
    return tuple(
        len(conn.execute(select(t.c.id)).all())
        for t in (declarations, declaration_items, screenings)
    )


def test_a_failure_after_the_rows_are_written_leaves_nothing(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    with pytest.raises(Failing), engine.begin() as conn:
        submit(
            conn,
            declared(),
            client_id="K-1",
            submitted_by="gw",
            screener=code_screener,
            audit=refusing_audit,
        )
    assert counts(engine) == NOTHING
    with engine.begin() as conn:  # and the client id is free again
        assert submit(
            conn, declared(), client_id="K-1", submitted_by="gw", screener=code_screener
        ).created
    engine.dispose()


def test_a_batch_reports_refused_declarations_and_stores_the_others(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    batch = [
        ("A", declared("A")),
        ("B", declared("B", crossing="nowhere")),  # unknown crossing: refused by screening
        ("C", declared("C", items=[raw()["items"][0]] * 2)),  # two items with one id
        ("D", cargo_to_russia("D")),
        ("A", declared("A")),  # the same again in one batch: stored once
    ]
    outcomes = submit_batch(engine, batch, submitted_by="gw", screener=code_screener)
    assert [o.client_id for o in outcomes] == ["A", "B", "C", "D", "A"]
    assert [o.submission.created if o.submission else None for o in outcomes] == [
        True,
        None,
        None,
        True,
        False,
    ]
    assert "unknown crossing 'nowhere'" in str(outcomes[1].error)
    assert "two items with id '1'" in str(outcomes[2].error)
    assert outcomes[3].submission and outcomes[3].submission.stored.result.verdict is Verdict.CLEAR
    assert counts(engine) == {"declarations": 2, "items": 3, "screenings": 2, "decisions": 0}
    engine.dispose()


def test_a_batch_stopped_by_a_failure_keeps_what_it_committed_and_completes_on_resubmission(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    batch = [(f"K-{n}", declared(f"B{n}")) for n in range(1, 5)]
    calls = 0

    def fails_third(
        conn: Connection, actor: str, action: str, subject: str, detail: object
    ) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Failing(subject)

    with pytest.raises(Failing):
        submit_batch(engine, batch, submitted_by="gw", screener=code_screener, audit=fails_third)
    assert counts(engine) == {"declarations": 2, "items": 4, "screenings": 2, "decisions": 0}
    outcomes = submit_batch(engine, batch, submitted_by="gw", screener=code_screener)
    assert [o.submission.created for o in outcomes if o.submission] == [False, False, True, True]
    assert counts(engine) == {"declarations": 4, "items": 8, "screenings": 4, "decisions": 0}
    engine.dispose()


class MeetingScreener(Screener):
    """Screens only once every racer has looked for a stored copy and found none,
    so all of them reach the insert together: the database alone decides."""

    def __init__(self, base: Screener, meeting: threading.Barrier) -> None:
        super().__init__(
            base.rule_base,
            parties=base.parties,
            classify_confidence=base.classify_confidence,
            classifier=base.classifier,
            regimes=base.regimes,
        )
        self.meeting = meeting

    def screen(self, declaration: Declaration, **options: Any) -> Any:
        self.meeting.wait(timeout=60)
        return super().screen(declaration, **options)


RACERS = 6


def _race(engine: Any, screener: Screener, bags: list[Declaration]) -> list[Any]:
    def one(bag: Declaration) -> Any:
        try:
            with engine.begin() as conn:
                return submit(conn, bag, client_id="RACE", submitted_by="gw", screener=screener)
        except ConflictError as exc:
            return exc

    with ThreadPoolExecutor(RACERS) as pool:
        return list(pool.map(one, bags))


def test_concurrent_submissions_of_one_client_id_store_it_once(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    screener = MeetingScreener(code_screener, threading.Barrier(RACERS))
    results = _race(engine, screener, [declared()] * RACERS)
    assert sum(r.created for r in results) == 1, results
    assert len({r.stored.id for r in results}) == 1
    assert {r.stored.result.verdict for r in results} == {Verdict.PROHIBITED}
    assert counts(engine) == {"declarations": 1, "items": 2, "screenings": 1, "decisions": 0}
    engine.dispose()


def test_concurrent_submissions_of_one_client_id_with_different_content_store_one(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    screener = MeetingScreener(code_screener, threading.Barrier(RACERS))
    bags = [declared(f"B{n}") for n in range(RACERS)]
    results = _race(engine, screener, bags)
    stored = [r for r in results if not isinstance(r, ConflictError)]
    assert len(stored) == 1 and stored[0].created
    assert sum(isinstance(r, ConflictError) for r in results) == RACERS - 1
    assert counts(engine) == {"declarations": 1, "items": 2, "screenings": 1, "decisions": 0}
    engine.dispose()


def test_a_stored_declaration_is_read_with_its_latest_screening(
    database_url: str, code_screener: Screener
) -> None:
    engine = open_database(database_url)
    bag, other = declared(), declared("B2")
    with engine.begin() as conn:
        first = submit(conn, bag, client_id="K1", submitted_by="gw", screener=code_screener)
        submit(conn, other, client_id="K2", submitted_by="gw", screener=code_screener)
        as_before = code_screener.screen(bag, as_of=dt.date(2017, 1, 1))
        again = insert_screening(
            conn, bag, as_before, configuration=None, stored_declaration=first.stored.id
        )
    with engine.connect() as conn:
        found = find_declaration(conn, "dandong", "K1")
        assert found is not None and (found.screening, found.result) == (again, as_before)
        assert stored_declaration(conn, first.stored.id).screening == again
        assert stored_declaration(conn, first.stored.id + 1).declaration == other
    engine.dispose()
