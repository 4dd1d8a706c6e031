"""The same client id sent by several requests at once: one declaration is stored.

Each request runs in its own server thread with its own database connection.
The screener makes every request wait, after it has looked for a stored
declaration under the key and found none, until all of them have: they all
reach the insert together, and the database alone settles which one stores.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient

from borderwatch.engine.screener import Screener
from borderwatch.service.app import ROUTE_THREADS, create_app
from tests.service.conftest import StoredApi
from tests.store.declaring import counts, raw
from tests.store.test_declarations import MeetingScreener

#: as many requests as the service runs at once: more would wait for a thread, not race
RACERS = ROUTE_THREADS


def _race(api: StoredApi, screener: Screener, bodies: list[dict[str, Any]]) -> list[Any]:
    headers = api.headers("officer", key="RACE-1")
    app = create_app(MeetingScreener(screener, threading.Barrier(RACERS)), database=api.engine)
    with (
        TestClient(app, raise_server_exceptions=False) as client,
        ThreadPoolExecutor(RACERS) as pool,
    ):
        return list(
            pool.map(
                lambda body: client.post("/v1/declarations", json=body, headers=headers), bodies
            )
        )


def test_concurrent_requests_with_one_key_store_one_declaration(
    api: StoredApi, code_screener: Screener
) -> None:
    responses = _race(api, code_screener, [raw()] * RACERS)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (RACERS - 1) + [201], [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert len({r.text for r in responses}) == 1  # the one stored declaration, as stored
    assert counts(api.engine) == {"declarations": 1, "items": 2, "screenings": 1, "decisions": 0}


def test_concurrent_requests_with_one_key_and_different_declarations_store_one(
    api: StoredApi, code_screener: Screener
) -> None:
    responses = _race(api, code_screener, [raw(f"B{n}") for n in range(RACERS)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (RACERS - 1), [r.text for r in responses]
    assert all(
        r.json()["error"]["code"] == "ConflictError" for r in responses if r.status_code == 409
    )
    assert counts(api.engine) == {"declarations": 1, "items": 2, "screenings": 1, "decisions": 0}
