"""A batch submission killed half-way (issue 12, faults): every declaration is stored
exactly once or not at all, and submitting the batch again completes it.

A real child process submits the batch through :func:`submit_batch`; it is
SIGKILLed inside the transaction of one declaration, after that declaration's
row, items and screening were written and before they were committed. On
SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from borderwatch.engine.screener import Screener
from borderwatch.model import Declaration
from borderwatch.store import open_database
from borderwatch.store.declaration_rows import declaration_items, declarations
from borderwatch.store.declarations import submit_batch
from borderwatch.store.screenings import screenings
from tests.store.declaring import cargo_to_russia, counts, declared, raw

SRC = Path(__file__).resolve().parents[2] / "src"
BATCH = 40
#: the declaration in whose open transaction the child is killed (1-based)
KILLED_IN = 15

CHILD = """
import json, sys, time
from pathlib import Path
from sqlalchemy import event
from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.model import Declaration
from borderwatch.store import open_database
from borderwatch.store.declarations import submit_batch

url, batch_file, stop_at, marker = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
engine = open_database(url)
screenings_written = 0

@event.listens_for(engine, "after_cursor_execute")
def stop_inside_the_transaction(conn, cursor, statement, parameters, context, executemany):
    global screenings_written
    if statement.startswith("INSERT INTO screenings"):
        screenings_written += 1
        if screenings_written == stop_at:
            marker.touch()  # the declaration, its items and its screening are written
            time.sleep(600)  # and never committed: the parent kills us here

lines = batch_file.read_text(encoding="utf-8").splitlines()
entries = [(json.loads(line)["client_id"], Declaration.model_validate(json.loads(line)["declaration"]))
           for line in lines]
screener = build_screener(ScreeningChoices(classify=False, learned=False, parties=False))
submit_batch(engine, entries, submitted_by="batch-gw", screener=screener)
sys.exit("the batch finished: it should have been killed")
"""


def _batch() -> list[tuple[str, Declaration]]:
    """Forty declarations of one, two or three items, with every kind of verdict."""
    entries = []
    for n in range(1, BATCH + 1):
        if n % 3 == 0:
            entry = cargo_to_russia(f"R{n}")
        elif n % 3 == 1:
            entry = declared(f"B{n}")
        else:
            extra = {"id": "3", "description": "tobacco", "hs": "240220", "quantity": "200"}
            entry = declared(f"T{n}", items=[*raw()["items"], extra])
        entries.append((f"2019-{n:04d}", entry))
    return entries


def _kill_inside_the_batch(
    url: str, tmp_path: Path, entries: list[tuple[str, Declaration]]
) -> None:
    batch_file = tmp_path / "batch.jsonl"
    batch_file.write_text(
        "\n".join(
            json.dumps({"client_id": c, "declaration": d.model_dump(mode="json", by_alias=True)})
            for c, d in entries
        ),
        encoding="utf-8",
    )
    marker = tmp_path / "inside-transaction"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(batch_file), str(KILLED_IN), str(marker)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    give_up = time.monotonic() + 180
    while not marker.exists():
        if child.poll() is not None:
            raise AssertionError(f"the child ended before it was killed: {child.stderr.read()}")  # type: ignore[union-attr]
        assert time.monotonic() < give_up, "the child never reached the declaration to kill it in"
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL


def _incomplete(url: str) -> list[int]:
    """Stored declarations lacking items or a screening: there must be none."""
    engine = open_database(url)
    items = select(func.count()).where(declaration_items.c.declaration_id == declarations.c.id)
    screened = select(func.count()).where(screenings.c.stored_declaration_id == declarations.c.id)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                declarations.c.id,
                declarations.c.declaration,
                items.scalar_subquery(),
                screened.scalar_subquery(),
            )
        ).all()
    engine.dispose()
    return [
        ident
        for ident, text, item_count, screening_count in rows
        if item_count != len(Declaration.model_validate_json(text).items) or screening_count != 1
    ]


def test_a_batch_killed_inside_a_transaction_stores_each_declaration_once_or_not_at_all(
    database_url: str, tmp_path: Path, code_screener: Screener
) -> None:
    entries = _batch()
    items_of = [len(d.items) for _, d in entries]
    open_database(database_url).dispose()  # migrated before the child starts
    _kill_inside_the_batch(database_url, tmp_path, entries)

    engine = open_database(database_url)
    committed = KILLED_IN - 1
    assert counts(engine) == {
        "declarations": committed,
        "items": sum(items_of[:committed]),
        "screenings": committed,
        "decisions": 0,
    }
    assert _incomplete(database_url) == []

    outcomes = submit_batch(engine, entries, submitted_by="batch-gw", screener=code_screener)
    assert all(o.error is None and o.submission is not None for o in outcomes)
    created = [o.submission.created for o in outcomes if o.submission]
    assert created == [False] * committed + [True] * (BATCH - committed)
    assert counts(engine) == {
        "declarations": BATCH,
        "items": sum(items_of),
        "screenings": BATCH,
        "decisions": 0,
    }
    assert _incomplete(database_url) == []
    verdicts = [o.submission.stored.result.verdict for o in outcomes if o.submission]
    assert verdicts == [code_screener.screen(d).verdict for _, d in entries]

    again = submit_batch(engine, entries, submitted_by="batch-gw", screener=code_screener)
    assert not any(o.submission and o.submission.created for o in again)
    assert counts(engine)["declarations"] == BATCH
    engine.dispose()
