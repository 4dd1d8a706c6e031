"""`borderwatch serve` as an operator starts it: a real server on loopback, a real client."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.test_api import BAGGAGE


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, BORDERWATCH_DATA_DIR=str(tmp_path / "data"))
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "borderwatch", "serve", "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"serve exited: {log.read_text()}")
            try:
                if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        else:
            raise AssertionError("serve did not answer within 120 s")
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
