"""Officers' decisions (issue 12, part 3): recorded once, amended by a supervisor into a
chain, never changed in place; on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from borderwatch.engine.screener import Screener
from borderwatch.errors import ConflictError, InputError, NotFoundError, NotPermittedError
from borderwatch.model import Outcome, Role
from borderwatch.store import open_database
from borderwatch.store.decisions import (
    amend_decision,
    decision_chain,
    decisions_for,
    record_decision,
)
from borderwatch.store.declarations import submit
from borderwatch.store.screenings import insert_screening
from tests.store.declaring import counts, declared

OFFICER = {"officer": "Officer Wang", "crossing": "dandong"}
SUPERVISOR = {"officer": "Supervisor Li", "crossing": "dandong", "role": "supervisor"}


def _stored(engine: Engine, screener: Screener, client_id: str = "K-1", **changes: Any) -> int:
    with engine.begin() as conn:
        done = submit(
            conn, declared(**changes), client_id=client_id, submitted_by="gw", screener=screener
        )
    return done.stored.id


@pytest.fixture
def store(database_url: str) -> Any:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


def test_a_decision_is_recorded_amended_by_a_supervisor_and_its_chain_kept(
    store: Engine, code_screener: Screener
) -> None:
    bag = _stored(store, code_screener)
    with store.begin() as conn:
        seized = record_decision(
            conn,
            bag,
            item="2",
            outcome="seized",
            found="one laptop, HP",
            reason="UNSCR 2397 OP7",
            **OFFICER,
        )
        released = amend_decision(
            conn,
            seized.id,
            outcome=Outcome.RELEASED,
            reason="1718 Committee exemption shown",
            **SUPERVISOR,
        )
    assert (seized.item, seized.outcome, seized.role, seized.amends) == (
        "2",
        Outcome.SEIZED,
        Role.OFFICER,
        None,
    )
    assert (released.item, released.outcome, released.amends) == ("2", Outcome.RELEASED, seized.id)
    with store.connect() as conn:
        assert decision_chain(conn, seized.id) == [seized, released]
        assert decision_chain(conn, released.id) == [seized, released]
        current = decisions_for(conn, bag)
    assert current.items == {"2": released} and current.whole is None
    assert current.history == (seized, released)  # the amended decision stays
    assert current.for_item("2") == released and current.for_item("1") is None
    assert seized.screening == released.screening  # both taken on the stored verdict
    assert seized.recorded_at.tzinfo is not None


def test_a_decision_on_the_whole_declaration_covers_items_without_their_own(
    store: Engine, code_screener: Screener
) -> None:
    bag = _stored(store, code_screener)
    with store.begin() as conn:
        whole = record_decision(
            conn, bag, outcome="inspected_released", reason="checked", **OFFICER
        )
        laptop = record_decision(
            conn, bag, item="2", outcome="left_behind", reason="no licence", **OFFICER
        )
        current = decisions_for(conn, bag)
    assert current.whole == whole and current.for_item("1") == whole
    assert current.for_item("2") == laptop


def test_only_a_supervisor_of_the_crossing_amends(store: Engine, code_screener: Screener) -> None:
    bag = _stored(store, code_screener)
    with store.begin() as conn:
        first = record_decision(conn, bag, outcome="released", reason="nothing found", **OFFICER)
    with (
        pytest.raises(NotPermittedError, match="only a supervisor amends") as refused,
        store.begin() as conn,
    ):
        amend_decision(
            conn, first.id, outcome="seized", reason="second look", role="officer", **OFFICER
        )
    assert refused.value.http_status == 403
    elsewhere = {**SUPERVISOR, "crossing": "hunchun"}
    with (
        pytest.raises(NotPermittedError, match="cannot be decided from hunchun"),
        store.begin() as conn,
    ):
        amend_decision(conn, first.id, outcome="seized", reason="second look", **elsewhere)
    with pytest.raises(NotPermittedError, match="an officer of dandong"), store.begin() as conn:
        record_decision(
            conn,
            bag,
            item="1",
            outcome="seized",
            reason="x",
            **{**OFFICER, **elsewhere, "role": "officer"},
        )
    assert counts(store)["decisions"] == 1


def test_an_amended_decision_is_not_amended_again_but_its_amendment_is(
    store: Engine, code_screener: Screener
) -> None:
    bag = _stored(store, code_screener)
    with store.begin() as conn:
        first = record_decision(conn, bag, item="2", outcome="seized", reason="ban", **OFFICER)
        second = amend_decision(conn, first.id, outcome="released", reason="exempt", **SUPERVISOR)
    with (
        pytest.raises(
            ConflictError, match=f"current decision on declaration {bag} item '2' is {second.id}"
        ),
        store.begin() as conn,
    ):
        amend_decision(conn, first.id, outcome="referred", reason="police", **SUPERVISOR)
    with store.begin() as conn:
        third = amend_decision(conn, second.id, outcome="referred", reason="police", **SUPERVISOR)
        assert [d.id for d in decision_chain(conn, first.id)] == [first.id, second.id, third.id]
        assert decisions_for(conn, bag).items["2"] == third


def test_a_second_first_decision_is_refused(store: Engine, code_screener: Screener) -> None:
    bag = _stored(store, code_screener)
    with store.begin() as conn:
        first = record_decision(conn, bag, item="1", outcome="released", reason="rice", **OFFICER)
        record_decision(conn, bag, outcome="inspected_released", reason="bag checked", **OFFICER)
    for item, already in (("1", f"item '1' already has decision {first.id} "), (None, "")):
        refusal = pytest.raises(ConflictError, match=f"{already}.*A supervisor may amend it")
        with refusal, store.begin() as conn:
            record_decision(conn, bag, item=item, outcome="seized", reason="again", **OFFICER)
    assert counts(store)["decisions"] == 2


def test_a_decision_on_an_item_the_declaration_does_not_have_is_refused(
    store: Engine, code_screener: Screener
) -> None:
    bag = _stored(store, code_screener)
    other = _stored(store, code_screener, "K-2", items=[{"id": "9", "hs": "100630"}])
    with (
        pytest.raises(InputError, match="has no item '9'; its items are '1', '2'"),
        store.begin() as conn,
    ):
        record_decision(conn, bag, item="9", outcome="seized", reason="x", **OFFICER)
    with (
        pytest.raises(NotFoundError, match="no stored declaration has id 999"),
        store.begin() as conn,
    ):
        record_decision(conn, 999, outcome="seized", reason="x", **OFFICER)
    with pytest.raises(NotFoundError, match="no decision has id 999"), store.begin() as conn:
        amend_decision(conn, 999, outcome="seized", reason="x", **SUPERVISOR)
    # and the database itself holds an item decision to an item of its own declaration
    with pytest.raises(IntegrityError), store.begin() as conn:
        screening = conn.execute(text("SELECT id FROM screenings")).scalars().first()
        conn.execute(
            text(
                "INSERT INTO decisions (declaration_id, item_id, outcome, found, reason, officer,"
                " role, crossing, recorded_at, screening_id) VALUES (:d, '9', 'seized', '', 'x',"
                " 'o', 'officer', 'dandong', CURRENT_TIMESTAMP, :s)"
            ),
            {"d": bag, "s": screening},
        )
    assert other != bag and counts(store)["decisions"] == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"outcome": "lost"},
            "outcome 'lost' is not one of: released, inspected_released, seized, refused, left_behind, referred",
        ),
        ({"role": "minister"}, "role 'minister' is not one of: officer, supervisor"),
        ({"reason": "  "}, "reason is empty"),
        ({"reason": "r" * 2001}, "reason is 2,001 characters long; at most 2,000"),
        ({"found": "f" * 4001}, "found is 4,001 characters long; at most 4,000"),
        ({"found": "a\x00b"}, "found contains a NUL character"),
        ({"officer": ""}, "officer is empty"),
    ],
)
def test_a_decision_with_a_bad_field_is_refused_and_nothing_stored(
    store: Engine, code_screener: Screener, changes: dict[str, str], message: str
) -> None:
    bag = _stored(store, code_screener)
    fields = {"outcome": "seized", "found": "", "reason": "ban", **OFFICER, **changes}
    with pytest.raises(InputError, match=message), store.begin() as conn:
        record_decision(conn, bag, item="2", **fields)  # type: ignore[arg-type]
    assert counts(store)["decisions"] == 0


def test_every_outcome_is_stored_and_read_back(store: Engine, code_screener: Screener) -> None:
    for number, outcome in enumerate(Outcome):
        bag = _stored(store, code_screener, f"K-{number}")
        with store.begin() as conn:
            record_decision(conn, bag, outcome=outcome.value.upper(), reason="r", **OFFICER)
            assert decisions_for(conn, bag).whole.outcome is outcome  # type: ignore[union-attr]


def test_the_database_refuses_to_change_or_delete_a_decision(
    store: Engine, code_screener: Screener
) -> None:
    bag = _stored(store, code_screener)
    with store.begin() as conn:
        first = record_decision(conn, bag, outcome="seized", reason="ban", **OFFICER)
    for statement in (
        "UPDATE decisions SET outcome = 'released' WHERE id = :id",
        "DELETE FROM decisions WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="decisions are append-only"), store.begin() as conn:
            conn.execute(text(statement), {"id": first.id})
    with store.connect() as conn:
        assert decisions_for(conn, bag).history == (first,)


def test_a_failing_audit_entry_leaves_no_decision(store: Engine, code_screener: Screener) -> None:
    bag = _stored(store, code_screener)

    def refuse(*args: object) -> None:
        raise RuntimeError("audit log unavailable")

    with pytest.raises(RuntimeError), store.begin() as conn:
        record_decision(conn, bag, outcome="seized", reason="ban", audit=refuse, **OFFICER)
    assert counts(store)["decisions"] == 0


def test_supervisors_amending_one_decision_at_once_make_one_amendment(
    store: Engine, code_screener: Screener
) -> None:
    bag = _stored(store, code_screener)
    with store.begin() as conn:
        first = record_decision(conn, bag, outcome="seized", reason="ban", **OFFICER)
    start = threading.Barrier(4)

    def amend(number: int) -> object:
        start.wait(timeout=60)
        try:
            with store.begin() as conn:
                return amend_decision(
                    conn, first.id, outcome="released", reason=f"by {number}", **SUPERVISOR
                )
        except ConflictError as exc:
            return exc

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(amend, range(4)))
    assert sum(isinstance(r, ConflictError) for r in results) == 3
    assert counts(store)["decisions"] == 2


def test_a_later_screening_is_what_a_later_decision_is_taken_on(
    store: Engine, code_screener: Screener
) -> None:
    bag = _stored(store, code_screener)
    with store.begin() as conn:
        first = record_decision(conn, bag, outcome="seized", reason="ban", **OFFICER)
        stored_bag = declared()
        later = insert_screening(
            conn,
            stored_bag,
            code_screener.screen(stored_bag),
            configuration=None,
            stored_declaration=bag,
        )
        amended = amend_decision(
            conn, first.id, outcome="released", reason="rescreened", **SUPERVISOR
        )
    assert first.screening != later and amended.screening == later


def test_submissions_and_decisions_enter_the_audit_chain(
    store: Engine, code_screener: Screener
) -> None:
    from borderwatch.store.audit import recent_records, verify

    bag = _stored(store, code_screener)
    with store.begin() as conn:
        first = record_decision(
            conn, bag, item="2", outcome="seized", found="a laptop", reason="OP7", **OFFICER
        )
        amend_decision(conn, first.id, outcome=Outcome.RELEASED, reason="exempted", **SUPERVISOR)
    check = verify(store)
    assert check.intact and check.count == 3
    actions = [r.action for r in recent_records(store, last=3)]
    assert sorted(actions) == sorted(
        ["declaration.submitted", "decision.recorded", "decision.amended"]
    )
