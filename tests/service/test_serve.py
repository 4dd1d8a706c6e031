"""`borderwatch serve` as an operator starts it: a real server on loopback, a real client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from borderwatch.store import open_database
from borderwatch.store.sign_in import sign_in_failures
from tests.service.conftest import analyst_token
from tests.service.serving import start_server
from tests.service.test_api import BAGGAGE


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`borderwatch serve` on a free port of loopback, with its store in ``tmp_path/data``."""
    process, base = start_server(
        tmp_path / "serve.log", {"BORDERWATCH_DATA_DIR": str(tmp_path / "data")}
    )
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_screens_over_http_with_the_store_of_the_settings(
    server: str, tmp_path: Path
) -> None:
    response = httpx.post(f"{server}/v1/screenings", json=BAGGAGE, timeout=30)
    assert response.status_code == 401, response.text
    # an analyst added to the store of the settings by another process, as the CLI would
    engine = open_database(f"sqlite:///{tmp_path / 'data' / 'borderwatch.sqlite'}")
    headers = {"Authorization": f"Bearer {analyst_token(engine)}"}
    engine.dispose()
    response = httpx.post(f"{server}/v1/screenings", json=BAGGAGE, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["verdict"] == "prohibited"
    # the default store has no list: parties are referred, never silently cleared
    assert any("no sanctions list" in r or "list" in r for r in body["reasons"])
    assert body["configuration"]["party_lists"] == []


def test_serve_counts_failed_sign_ins_against_the_connection_not_x_forwarded_for(
    server: str, tmp_path: Path
) -> None:
    """uvicorn believes X-Forwarded-For from 127.0.0.1 unless told not to; `serve` tells it,
    so a local client cannot pick the address its failures are counted against."""
    spoofed = {"X-Forwarded-For": "192.0.2.99"}
    body = {"username": "ghost", "password": "not the password"}
    response = httpx.post(f"{server}/v1/session", json=body, headers=spoofed, timeout=30)
    assert response.status_code == 401, response.text
    engine = open_database(f"sqlite:///{tmp_path / 'data' / 'borderwatch.sqlite'}")
    with engine.connect() as conn:
        addresses = conn.execute(select(sign_in_failures.c.address)).scalars().all()
    engine.dispose()
    assert addresses == ["127.0.0.1"]
