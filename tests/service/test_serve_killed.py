"""A server killed while it stores a batch (issue 12, faults), on a SQLite file and on
PostgreSQL: every declaration is stored exactly once or not at all, and sending the
batch again to the restarted server completes it without storing anything twice.

A real `borderwatch serve` process, a real client over HTTP and a real token. The
server is SIGKILLed once some of the batch is committed and the rest is not: where
inside a declaration's transaction the kill lands is left to chance here (the
store's own test, tests/store/test_batch_killed.py, kills inside one on purpose).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, func, select

from borderwatch.store.accounts import add_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.audit import verify
from borderwatch.store.database import open_database
from borderwatch.store.declaration_rows import declarations
from tests.service.conftest import PASSWORD
from tests.service.serving import start_server
from tests.store.declaring import RICE, counts, raw
from tests.store.test_batch_killed import _incomplete

BATCH = 300
#: committed declarations seen before the server is killed
KILL_AFTER = 10


def _batch() -> dict[str, Any]:
    """Bags of one to three items with every kind of verdict, one client id each."""
    entries = []
    for n in range(BATCH):
        if n % 3 == 0:
            declaration = raw(f"R{n}", channel="cargo", country="RU", traveller=None, items=[RICE])
        elif n % 3 == 1:
            declaration = raw(f"B{n}")
        else:
            tobacco = {"id": "3", "description": "cigarettes", "hs": "240220", "quantity": "200"}
            declaration = raw(f"T{n}", items=[*raw()["items"], tobacco])
        entries.append({"client_id": f"GW-{n:05d}", "declaration": declaration})
    return {"declarations": entries}


def _stored(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(declarations)).scalar_one())


def _send_in_background(base: str, token: str, batch: dict[str, Any]) -> threading.Thread:
    def send() -> None:
        with contextlib.suppress(httpx.TransportError):  # the server is killed under it
            httpx.post(
                f"{base}/v1/declarations/batch",
                json=batch,
                headers={"Authorization": f"Bearer {token}"},
                timeout=120,
            )

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    return sender


def test_a_server_killed_mid_batch_stores_each_declaration_once_or_not_at_all(
    database_url: str, tmp_path: Path
) -> None:
    engine = open_database(database_url)
    with engine.begin() as conn:
        add_user(conn, "gw.dandong", PASSWORD, role="officer", crossing="dandong", actor="cli:t")
        token = issue_token(conn, "gw.dandong", crossing="dandong", label="gw", actor="cli:t")
    environment = {
        "BORDERWATCH_DATABASE_URL": database_url,
        "BORDERWATCH_DATA_DIR": str(tmp_path / "data"),
    }
    batch = _batch()
    items_of = [len(e["declaration"]["items"]) for e in batch["declarations"]]
    log = tmp_path / "serve.log"

    process, base = start_server(log, environment)
    try:
        sender = _send_in_background(base, token.token, batch)
        give_up = time.monotonic() + 120
        while _stored(engine) < KILL_AFTER:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < give_up, "the server stored nothing within 120 s"
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    sender.join(timeout=30)

    committed = _stored(engine)
    assert KILL_AFTER <= committed < BATCH, "the batch was not cut short"
    stored_ids = [f"GW-{n:05d}" for n in range(committed)]
    with engine.connect() as conn:
        in_store = conn.execute(select(declarations.c.client_id).order_by(declarations.c.id))
        assert list(in_store.scalars()) == stored_ids  # in order, each once, none half-stored
    assert counts(engine) == {
        "declarations": committed,
        "items": sum(items_of[:committed]),
        "screenings": committed,
        "decisions": 0,
    }
    assert _incomplete(database_url) == []
    assert verify(engine).first_break is None

    process, base = start_server(log, environment)
    try:
        headers = {"Authorization": f"Bearer {token.token}"}
        again = httpx.post(
            f"{base}/v1/declarations/batch", json=batch, headers=headers, timeout=120
        )
        assert again.status_code == 200, again.text
        body = again.json()
        assert (body["stored"], body["already_stored"], body["rejected"]) == (
            BATCH - committed,
            committed,
            0,
        )
        assert [r["status"] for r in body["results"]] == [200] * committed + [201] * (
            BATCH - committed
        )
        once_more = httpx.post(
            f"{base}/v1/declarations/batch", json=batch, headers=headers, timeout=120
        ).json()
        assert once_more["already_stored"] == BATCH
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert counts(engine) == {
        "declarations": BATCH,
        "items": sum(items_of),
        "screenings": BATCH,
        "decisions": 0,
    }
    assert _incomplete(database_url) == []
    assert verify(engine).first_break is None
    engine.dispose()
