"""`borderwatch serve` as an operator starts it: a real server on loopback, a real client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.serving import start_server
from tests.service.test_api import BAGGAGE


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    process, base = start_server(
        tmp_path / "serve.log", {"BORDERWATCH_DATA_DIR": str(tmp_path / "data")}
    )
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_screens_over_http_with_the_store_of_the_settings(server: str) -> None:
    response = httpx.post(f"{server}/v1/screenings", json=BAGGAGE, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["verdict"] == "prohibited"
    # the default store has no list: parties are referred, never silently cleared
    assert any("no sanctions list" in r or "list" in r for r in body["reasons"])
    assert body["configuration"]["party_lists"] == []
