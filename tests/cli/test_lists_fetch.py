"""Downloading a list ends: an overall deadline and a size cap, against a real local server.

The server below runs on 127.0.0.1 only; each response is a bounded loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from borderwatch.errors import InputError
from borderwatch.parties.sources import fetch_list
from tests.cli.running import run_borderwatch

TRICKLE_BYTES = 200  # at one byte per TRICKLE_PAUSE: 50 s if nothing stops it
TRICKLE_PAUSE = 0.25
STOP = threading.Event()


class _Awkward(BaseHTTPRequestHandler):
    """/trickle: one byte at a time, slowly; /stall: headers, then nothing;
    /big: declares 10,000 bytes; /unsized: 10,000 bytes with no length declared."""

    def do_GET(self) -> None:  # the stdlib's name
        if self.path == "/unsized":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<" + b" " * 9_999)
            return
        self.send_response(200)
        length = 10_000 if self.path == "/big" else TRICKLE_BYTES
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.flush()
        if self.path == "/stall":
            STOP.wait(timeout=30)
            return
        for _ in range(TRICKLE_BYTES if self.path == "/trickle" else 0):
            if STOP.wait(timeout=TRICKLE_PAUSE):
                return
            try:
                self.wfile.write(b" ")
                self.wfile.flush()
            except OSError:
                return  # the client gave up, as it should

    def log_message(self, format: str, *args: object) -> None:  # stdlib's name
        """Keep test output clean."""


@pytest.fixture
def awkward_server() -> Iterator[str]:
    STOP.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Awkward)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        STOP.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_trickling_server_is_given_up_at_the_deadline(awkward_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match=r"took more than 2 s in all \(\d+ bytes received\)"):
        fetch_list(f"{awkward_server}/trickle", timeout=2.0)
    assert time.monotonic() - started < 5


def test_a_stalled_server_is_given_up_within_the_deadline(awkward_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="the server stopped sending"):
        fetch_list(f"{awkward_server}/stall", timeout=2.0)
    assert time.monotonic() - started < 5


def test_a_list_over_the_size_cap_is_refused(awkward_server: str) -> None:
    with pytest.raises(InputError, match="10,000 bytes or more, over the 1,000-byte limit"):
        fetch_list(f"{awkward_server}/big", timeout=5.0, max_bytes=1_000)
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        fetch_list(f"{awkward_server}/unsized", timeout=5.0, max_bytes=1_000)
    assert len(fetch_list(f"{awkward_server}/unsized", timeout=5.0)) == 10_000


def test_lists_load_takes_its_deadline_from_the_option_and_the_setting(
    awkward_server: str, tmp_path: Path
) -> None:
    env = {"BORDERWATCH_DATA_DIR": str(tmp_path), "BORDERWATCH_DATABASE_URL": None}
    url = f"{awkward_server}/trickle"
    by_option = run_borderwatch("lists", "load", url, "--timeout", "2", env=env)
    assert by_option.returncode == 2
    assert "took more than 2 s in all" in " ".join(by_option.stderr.split())
    by_setting = run_borderwatch(
        "lists", "load", url, env={**env, "BORDERWATCH_FETCH_TIMEOUT": "1.5"}
    )
    assert by_setting.returncode == 2
    assert "took more than 1.5 s in all" in " ".join(by_setting.stderr.split())
