"""Several processes on one SQLite store (``serve --workers 2`` on the default store).

Writers of several processes queue on a lock file beside the store
(``writing()``) rather than in SQLite's busy handler, which sleeps: what that
buys is speed, measured by ``benchmarks/serve.py``. Here: that they do queue
there, and that submissions of processes writing at once are each stored once
with an intact audit chain.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.store import open_database
from borderwatch.store.audit import append, verify
from borderwatch.store.database import writing
from borderwatch.store.declarations import prepare, store
from tests.store.declaring import counts, declared

PROCESSES = 3
EACH = 40


def _submit_many(url: str, process: int, start_at: float) -> list[str]:
    """Submit ``EACH`` declarations from a process of its own; the errors met."""
    engine = open_database(url)
    screener = build_screener(ScreeningChoices(classify=False, learned=False, parties=False))
    bags = [
        prepare(
            declared(f"P{process}-{n}"),
            client_id=f"P{process}-{n}",
            submitted_by="cli:test",
            screener=screener,
        )
        for n in range(EACH)
    ]
    time.sleep(max(0.0, start_at - time.time()))  # every process starts writing together
    errors = []
    for bag in bags:
        try:
            with writing(engine) as conn:
                store(conn, bag)
        except Exception as exc:  # reported by the test, not lost in the process
            errors.append(repr(exc))
    engine.dispose()
    return errors


def test_worker_processes_on_one_sqlite_store_store_everything_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    open_database(url).dispose()  # migrated once, before the workers open it
    start_at = time.time() + 8  # time enough for each process to start and screen
    spawn = multiprocessing.get_context("spawn")  # as uvicorn starts its workers
    with ProcessPoolExecutor(PROCESSES, mp_context=spawn) as pool:
        runs = [pool.submit(_submit_many, url, p, start_at) for p in range(PROCESSES)]
        errors = [error for run in runs for error in run.result(timeout=120)]
    assert not errors, errors[:3]
    engine = open_database(url)
    assert counts(engine)["declarations"] == PROCESSES * EACH
    check = verify(engine)
    engine.dispose()
    assert check.intact and check.count == PROCESSES * EACH, check


def test_a_writer_waits_for_the_lock_file_another_process_holds(tmp_path: Path) -> None:
    store_file = tmp_path / "store.sqlite"
    engine = open_database(f"sqlite:///{store_file}")
    done = threading.Event()

    def write() -> None:
        with writing(engine) as conn:
            append(conn, "cli:test", "decision.record", "D1", {})
        done.set()

    # the lock file as another process holds it: a description of its own
    held = os.open(f"{store_file}.writer-lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        writer = threading.Thread(target=write)
        writer.start()
        assert not done.wait(1.0), "wrote while another process held the lock file"
    finally:
        fcntl.flock(held, fcntl.LOCK_UN)
        os.close(held)
    writer.join(timeout=30)
    assert done.is_set()
    assert verify(engine).count == 1
    engine.dispose()
