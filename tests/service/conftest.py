"""The service under test: the real application over a real assembly, called in-process."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.store.accounts import CROSSING_ROLES, add_user, find_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.database import open_database

SAMPLE_LIST = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"


@pytest.fixture(scope="session")
def listed_screener() -> Screener:
    """Every regime, the classifier, and parties matched on the sample UN list."""
    return build_screener(ScreeningChoices(learned=False, lists=(str(SAMPLE_LIST),)))


#: every test user's password (the API is called with tokens; the password is never used)
PASSWORD = "correct horse battery staple"


def analyst_token(engine: Engine) -> str:
    """The API token of a new analyst for every crossing, in the store ``engine``."""
    with engine.begin() as conn:
        add_user(conn, "analyst.all", PASSWORD, role="analyst", actor="cli:test")
        return issue_token(
            conn, "analyst.all", crossing=None, label="tests", actor="cli:test"
        ).token


@pytest.fixture(scope="session")
def client(listed_screener: Screener, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The service over a store of its own, called by an analyst of every crossing."""
    folder = tmp_path_factory.mktemp("service")
    engine = open_database(f"sqlite:///{folder / 'store.sqlite'}")
    headers = {"Authorization": f"Bearer {analyst_token(engine)}"}
    app = create_app(listed_screener, database=engine)
    return TestClient(app, raise_server_exceptions=False, headers=headers)


@dataclass
class StoredApi:
    """The application over a fresh store, and tokens of users made by the store's functions.

    ``headers("officer", "hunchun")`` is a real token of a real officer of Hunchun,
    created on first use; ``headers("analyst", None)`` an analyst's for every crossing,
    ``headers("analyst", "hunchun")`` an analyst's token scoped to Hunchun.
    """

    client: TestClient
    engine: Engine
    tokens: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def token(self, role: str, crossing: str | None = "dandong") -> str:
        if (role, crossing) not in self.tokens:
            username = f"{role}.{crossing or 'all'}"
            home = crossing if role in CROSSING_ROLES else None
            with self.engine.begin() as conn:
                if find_user(conn, username) is None:
                    add_user(conn, username, PASSWORD, role=role, crossing=home, actor="cli:test")
                issued = issue_token(
                    conn, username, crossing=crossing, label="tests", actor="cli:test"
                )
            self.tokens[(role, crossing)] = issued.token
        return self.tokens[(role, crossing)]

    def headers(
        self, role: str, crossing: str | None = "dandong", key: str | None = None
    ) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token(role, crossing)}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return headers

    def submit(
        self, declaration: dict[str, Any], key: str, role: str = "officer"
    ) -> dict[str, Any]:
        """Submit as an officer (or ``role``) of the declaration's crossing; the stored view."""
        crossing = declaration["crossing"]
        response = self.client.post(
            "/v1/declarations", json=declaration, headers=self.headers(role, crossing, key)
        )
        assert response.status_code in (200, 201), response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def api(database_url: str, code_screener: Screener) -> Iterator[StoredApi]:
    """The service over a fresh store: a SQLite file, then a new PostgreSQL database."""
    engine = open_database(database_url)
    app = create_app(code_screener, database=engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield StoredApi(client, engine)
    engine.dispose()
