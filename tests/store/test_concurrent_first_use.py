"""Several processes opening one new store at the same moment all succeed.

Each round starts ``PROCESSES`` separate interpreters that import everything
first, then wait for a start file, so their first ``open_database`` calls
really race; each then writes one row. Before migrations were serialised,
about one SQLite round in five and half the PostgreSQL processes failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from borderwatch.store.list_snapshots import list_snapshots

PROCESSES = 6
ROUNDS = 3
SRC = Path(__file__).resolve().parents[2] / "src"

CHILD = """
import sys, time
from pathlib import Path
from borderwatch.parties.entries import ListSnapshot
from borderwatch.store import open_database
from borderwatch.store.list_snapshots import save_snapshot

url, start, number = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
Path(f"{start}.ready-{number}").touch()
give_up = time.monotonic() + 60
while not start.exists():
    if time.monotonic() > give_up:
        sys.exit("the start file never appeared")
    time.sleep(0.002)
engine = open_database(url)
snapshot = ListSnapshot(
    source=f"race-{number}.xml", format="un-xml", generated=None,
    content_hash=f"{int(number):064x}", entries=(),
)
save_snapshot(engine, snapshot)
engine.dispose()
"""


def _race(url: str, folder: Path) -> list[str]:
    """Start the processes, release them together; the stderr of each that failed."""
    start = folder / "start"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, url, str(start), str(n)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(1, PROCESSES + 1)
    ]
    give_up = time.monotonic() + 120
    while len(list(folder.glob("start.ready-*"))) < PROCESSES and time.monotonic() < give_up:
        if any(child.poll() is not None for child in children):
            break
        time.sleep(0.01)
    start.touch()
    failures = []
    for child in children:
        _, stderr = child.communicate(timeout=120)
        if child.returncode != 0:
            failures.append(stderr.strip().splitlines()[-1] if stderr.strip() else "no stderr")
    return failures


def _empty_postgres_database(url: str) -> None:
    """Make the fixture's PostgreSQL database new again for the next round."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def test_processes_racing_on_a_new_store_all_succeed(database_url: str, tmp_path: Path) -> None:
    for round_number in range(ROUNDS):
        folder = tmp_path / f"round-{round_number}"
        folder.mkdir()
        url = database_url
        if url.startswith("sqlite"):
            url = f"sqlite:///{folder / 'store.sqlite'}"
        elif round_number:
            _empty_postgres_database(url)
        failures = _race(url, folder)
        assert failures == [], (
            f"round {round_number}: {len(failures)} of {PROCESSES} failed: {failures}"
        )
        engine = create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(select(func.count()).select_from(list_snapshots)).scalar()
        engine.dispose()
        assert rows == PROCESSES
