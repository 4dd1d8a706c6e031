"""Concurrent writers never fork the audit chain.

``WRITERS`` threads, each with its own connection, are released together
and each appends ``APPENDS`` records, one transaction per record, with a
little work between the append and the commit and between two transactions
(as a real request has). The
log must then hold every record exactly once, numbered without gaps, each
chained to the one before, each writer's records in its own order. Appends
that read the head without locking it fail this test on both databases
(duplicate record numbers, so lost appends).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from sqlalchemy import Engine

from borderwatch.store import open_database
from borderwatch.store.audit import append, recent_records, verify
from borderwatch.store.database import writing

WRITERS = 8
APPENDS = 50


def _writer(
    engine: Engine, number: int, start: threading.Barrier, errors: list[BaseException]
) -> None:
    try:
        start.wait(timeout=30)
        for n in range(APPENDS):
            with writing(engine) as conn:  # as every writer of the store begins
                append(conn, f"api:writer{number}", "decision.record", f"D{number}-{n}", {"n": n})
                time.sleep(0.0005)  # the rest of the request's transaction
            time.sleep(0.0005)  # the rest of the request: its answer, the next one's screening
    except BaseException as exc:  # reported by the test, not lost in the thread
        errors.append(exc)


def test_parallel_writers_keep_one_chain(database_url: str) -> None:
    engine = open_database(database_url)
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_writer, args=(engine, number, start, errors))
        for number in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    check = verify(engine)
    assert check.first_break is None
    assert check.count == check.head_seq == WRITERS * APPENDS
    records = recent_records(engine, last=WRITERS * APPENDS + 1)
    assert [r.seq for r in records] == list(range(1, WRITERS * APPENDS + 1))
    by_writer: dict[str, list[int]] = defaultdict(list)
    for record in records:
        by_writer[record.actor].append(record.detail["n"])
    assert by_writer == {f"api:writer{w}": list(range(APPENDS)) for w in range(WRITERS)}
    writers_seen = {r.actor for r in records[: WRITERS * 5]}
    assert len(writers_seen) > 1, "the writers ran one after another: nothing was concurrent"
    engine.dispose()
