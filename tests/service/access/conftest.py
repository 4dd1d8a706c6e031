"""Real users with real passwords in a real store (SQLite, then PostgreSQL), and the real
service over it, called in-process over HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.settings import Settings
from borderwatch.store import open_database
from borderwatch.store.accounts import add_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.audit import AuditRecord, recent_records

PASSWORD = "river ferry lantern 1719"
#: the address the test client connects from, unless a test says otherwise
ADDRESS = "10.20.30.40"
#: who made each test's users and tokens, in the audit log
SETUP = "cli:test"


@pytest.fixture
def store(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


def add(engine: Engine, username: str, role: str, crossing: str | None = None) -> None:
    """A user with :data:`PASSWORD`, through the store's own function."""
    with engine.begin() as conn:
        add_user(conn, username, PASSWORD, role=role, crossing=crossing, actor=SETUP)


def token_for(engine: Engine, username: str, crossing: str | None) -> tuple[int, str]:
    """A token issued through the store's own function: its id and the token."""
    with engine.begin() as conn:
        issued = issue_token(conn, username, crossing=crossing, label="test", actor=SETUP)
    return issued.id, issued.token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def audited(engine: Engine, *, since: int = 0) -> list[AuditRecord]:
    """The audit records after record ``since``, leaving out the tests' own set-up."""
    return [r for r in recent_records(engine, 10_000) if r.seq > since and r.actor != SETUP]


def error_of(response: httpx2.Response, status: int) -> dict[str, Any]:
    """The one error body of ``response``, which must have ``status``."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    return body["error"]


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def client_for(store: Engine, goods_screener: Screener) -> Iterator[ClientFactory]:
    """Clients of one service over ``store``: ``client_for(address=..., base_url=...,
    **settings)`` — each with its own cookie jar, as separate browsers are."""
    made: list[TestClient] = []

    def make(
        *, address: str = ADDRESS, base_url: str = "http://testserver", **settings: Any
    ) -> TestClient:
        app = create_app(goods_screener, store, Settings(**settings))
        client = TestClient(
            app, base_url=base_url, client=(address, 50000), raise_server_exceptions=False
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(client_for: ClientFactory) -> TestClient:
    return client_for()


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> httpx2.Response:
    return client.post("/v1/session", json={"username": username, "password": password})
