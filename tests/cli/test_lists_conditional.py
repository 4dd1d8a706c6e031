"""`lists load URL` again: a conditional GET against a real local server, and what changed.

The server below serves one list on 127.0.0.1 with an ETag and a
Last-Modified date, answers 304 when asked "changed since?" with the
current ETag, and records the headers of every request.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from borderwatch.parties.sources import download_list
from tests.cli.running import run_borderwatch

NESTED = Path(__file__).resolve().parents[1] / "data" / "parties" / "ftm-nested-sample.json"


@dataclass
class Served:
    """The list the server holds, and the request headers it has seen."""

    body: bytes = b""
    etag: str = '"v1"'
    last_modified: str = "Wed, 02 Dec 2026 08:00:00 GMT"
    requests: list[dict[str, str]] = field(default_factory=list)


SERVED = Served()


class _Lists(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the stdlib's name
        SERVED.requests.append(dict(self.headers.items()))
        if self.headers.get("If-None-Match") == SERVED.etag:
            self.send_response(304)
            self.send_header("ETag", SERVED.etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", SERVED.etag)
        self.send_header("Last-Modified", SERVED.last_modified)
        self.send_header("Content-Length", str(len(SERVED.body)))
        self.end_headers()
        self.wfile.write(SERVED.body)

    def log_message(self, format: str, *args: object) -> None:  # stdlib's name
        """Keep test output clean."""


@pytest.fixture
def list_server() -> Iterator[str]:
    SERVED.body = NESTED.read_bytes()
    SERVED.etag, SERVED.requests = '"v1"', []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Lists)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/targets.nested.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def run(*args: str, data_dir: Path) -> Any:
    env = {"BORDERWATCH_DATA_DIR": str(data_dir), "BORDERWATCH_DATABASE_URL": None}
    return run_borderwatch(*args, env=env)


def _second_version() -> bytes:
    """The sample with the bank delisted, a new passport for KPi.054 and a new listing."""
    records = [json.loads(line) for line in NESTED.read_text(encoding="utf-8").splitlines()]
    person, company, _bank = records
    person["properties"]["identification"][0]["properties"]["number"] = ["745120011"]
    added = {"id": "bw-nested-kpe-999", "schema": "Company",
             "properties": {"name": ["Sample Trading Co Ltd"], "jurisdiction": ["kp"]}}  # fmt: skip
    return "\n".join(json.dumps(r) for r in (person, company, added)).encode()


def test_an_unchanged_list_is_not_downloaded_again(list_server: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = run("lists", "load", list_server, data_dir=data)
    assert first.returncode == 0, first.stderr
    assert "3 entries stored" in first.stdout
    again = run("lists", "load", list_server, data_dir=data)
    assert again.returncode == 0, again.stderr
    assert "unchanged since Wed, 02 Dec 2026 08:00:00 GMT" in again.stdout
    assert SERVED.requests[-1]["If-None-Match"] == '"v1"'
    assert SERVED.requests[-1]["If-Modified-Since"] == "Wed, 02 Dec 2026 08:00:00 GMT"
    shown = run("lists", "show", "--format", "json", data_dir=data)
    assert len(shown.stdout.splitlines()) == 1  # no second snapshot
    forced = run("lists", "load", list_server, "--refetch", data_dir=data)
    assert "already stored and current" in forced.stdout
    assert "If-None-Match" not in SERVED.requests[-1]


def test_a_new_version_records_what_it_added_removed_and_amended(
    list_server: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert run("lists", "load", list_server, data_dir=data).returncode == 0
    SERVED.body, SERVED.etag = _second_version(), '"v2"'
    second = run("lists", "load", list_server, data_dir=data)
    assert second.returncode == 0, second.stderr
    assert "1 added, 1 removed, 1 amended (documents 1)" in second.stdout
    snapshot_id = second.stdout.rsplit("lists changes ", 1)[1].split()[0]
    listed = run("lists", "changes", snapshot_id, "--json", data_dir=data)
    changes = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(c["change"], c["ref"], c["fields"]) for c in changes] == [
        ("added", "bw-nested-kpe-999", []),
        ("removed", "bw-nested-kpe-034", []),
        ("amended", "bw-nested-kpi-054", ["documents"]),
    ]
    table = run("lists", "changes", snapshot_id, data_dir=data)
    assert "1 added, 1 removed, 1 amended" in table.stdout
    first = run("lists", "changes", "1", data_dir=data)
    assert "was not stored over another snapshot" in first.stdout


def test_a_download_reports_its_progress_in_bytes_of_the_total(list_server: str) -> None:
    heard: list[tuple[int, int | None]] = []
    download = download_list(list_server, progress=lambda got, total: heard.append((got, total)))
    assert download.raw == NESTED.read_bytes()
    assert heard[-1] == (len(download.raw), len(download.raw))
    assert (download.etag, download.last_modified) == ('"v1"', SERVED.last_modified)
    unchanged = download_list(list_server, etag='"v1"')
    assert unchanged.not_modified and unchanged.raw is None
