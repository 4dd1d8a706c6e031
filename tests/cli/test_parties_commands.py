"""`lists load|show`, `parties match` and party screening in `screen`, run as a user runs them."""

from __future__ import annotations

import functools
import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.cli.running import run_borderwatch

DATA = Path(__file__).resolve().parents[1] / "data" / "parties"
SAMPLE = DATA / "un-sample.xml"


def run(*args: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {"BORDERWATCH_DATA_DIR": str(data_dir), "BORDERWATCH_DATABASE_URL": None}
    return run_borderwatch(*args, stdin=stdin, env=env)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # stdlib's name
        """Keep test output clean."""


@pytest.fixture
def list_server() -> Iterator[str]:
    """A real local HTTP server serving the test lists."""
    handler = functools.partial(_QuietHandler, directory=str(DATA))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_load_from_url_then_show(tmp_path: Path, list_server: str) -> None:
    done = run("lists", "load", f"{list_server}/un-sample.xml", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 entries stored" in done.stdout
    again = run("lists", "load", str(SAMPLE), data_dir=tmp_path)
    assert "already stored" in again.stdout
    shown = run("lists", "show", "--format", "json", data_dir=tmp_path)
    (row,) = [json.loads(line) for line in shown.stdout.splitlines()]
    assert row["source"] == f"{list_server}/un-sample.xml"
    assert row["entry_count"] == 3 and row["generated"].startswith("2025-01-31")


def test_missing_url_is_an_input_error(tmp_path: Path, list_server: str) -> None:
    done = run("lists", "load", f"{list_server}/nothing.xml", data_dir=tmp_path)
    assert done.returncode == 2
    assert "answered 404" in done.stderr


def test_match_writes_best_first_and_rejects_bad_lines(tmp_path: Path) -> None:
    queries = [
        {"id": "a", "name": "박성철", "birth_date": "1971-04-12"},
        {"id": "b", "name": "Kim Min Jun", "schema": "Person"},
        {"id": "c", "name": "Songbong Trading Co Ltd", "schema": "Organization"},
        {"id": "d", "name": "Ri Myong Su", "schema": "Ship"},
    ]
    stdin = "\n".join(json.dumps(q, ensure_ascii=False) for q in queries) + "\n{oops\n"
    done = run("parties", "match", "-", "--list", str(SAMPLE), data_dir=tmp_path, stdin=stdin)
    assert done.returncode == 2
    results = {r["id"]: r["matches"] for r in map(json.loads, done.stdout.splitlines())}
    assert set(results) == {"a", "b", "c"}
    (hit,) = results["a"]
    assert hit["ref"] == "KPi.901" and 0.95 <= hit["score"] < 1.0
    assert any("birth date 1971-04-12 agrees" in line for line in hit["explanation"])
    assert results["b"] == []
    assert results["c"][0]["ref"] == "KPe.901"
    assert "-:4: field 'schema' = 'Ship'" in done.stderr.replace("\n", "")
    assert "-:5: field '(line)'" in done.stderr.replace("\n", "")


def test_match_without_any_list_says_what_to_do(tmp_path: Path) -> None:
    done = run("parties", "match", "-", data_dir=tmp_path, stdin='{"id": "1", "name": "x"}\n')
    assert done.returncode == 2
    assert "borderwatch lists load" in done.stderr


def _declaration(**traveller: str) -> str:
    return json.dumps(
        {
            "id": "W1",
            "date": "2019-02-12",
            "crossing": "dandong",
            "direction": "export",
            "country": "KP",
            "channel": "baggage",
            "traveller": {"category": "returning_worker", **traveller},
            "items": [{"id": "1", "description": "milled rice, 10 kg", "hs": "100630"}],
        },
        ensure_ascii=False,
    )


def test_screen_refers_a_possible_listed_traveller_and_names_the_snapshot(tmp_path: Path) -> None:
    assert run("lists", "load", str(SAMPLE), data_dir=tmp_path).returncode == 0
    done = run("screen", "-", data_dir=tmp_path, stdin=_declaration(name="Park Sung Chul"))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "refer"
    (party,) = result["parties"]
    match = party["matches"][0]
    assert match["ref"] == "KPi.901"
    assert match["list_snapshot"].startswith("un-xml:2025-01-31:")
    assert any("KPi.901" in reason for reason in result["reasons"])


def test_screen_prohibits_dealing_with_a_confirmed_listed_traveller(tmp_path: Path) -> None:
    declaration = _declaration(name="Pak Song Chol", birth_date="1971-04-12", nationality="KP")
    done = run("screen", "-", "--list", str(SAMPLE), data_dir=tmp_path, stdin=declaration)
    result = json.loads(done.stdout)
    assert result["verdict"] == "prohibited"
    bases = {b["measure"] for b in result["items"][0]["legal_basis"]}
    assert "UN-1718-OP8d-designated-parties" in bases


def test_screen_clears_a_namesake_born_another_year(tmp_path: Path) -> None:
    declaration = _declaration(name="Pak Song Chol", birth_date="1990-01-01")
    done = run(
        "screen",
        "-",
        "--list",
        str(SAMPLE),
        "--regimes",
        "UN",
        data_dir=tmp_path,
        stdin=declaration,
    )
    result = json.loads(done.stdout)
    assert result["parties"][0]["matches"] == []
    assert result["verdict"] == "inspect"  # no party hit; the baggage inspection duty remains
    assert [b["measure"] for b in result["inspection"]] == ["UN-2321-OP13-inspect-baggage"]


def test_screen_finds_a_real_dprk_designee(tmp_path: Path, shared_data: Path) -> None:
    un_list = shared_data / "un-sanctions" / "consolidated.xml"
    declaration = _declaration(name="리원호", birth_date="1964-07-17")
    done = run("screen", "-", "--list", str(un_list), data_dir=tmp_path, stdin=declaration)
    result = json.loads(done.stdout)
    assert result["parties"][0]["matches"][0]["ref"] == "KPi.033"
    assert result["verdict"] == "prohibited"


def test_a_confirmed_hit_on_another_list_refers_but_does_not_engage_unscr_1718(
    tmp_path: Path,
) -> None:
    """UNSCR 1718 OP8(d) reaches the UN DPRK entries; a national or other list's
    confirmed hit is for an officer to weigh, not a UN prohibition."""
    declaration = _declaration(name="Kim Chol Ung", birth_date="1975-09-30", nationality="KP")
    ftm = DATA / "ftm-sample.jsonl"
    done = run(
        "screen", "-", "--list", str(ftm), "--regimes", "UN", data_dir=tmp_path, stdin=declaration
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    (party,) = result["parties"]
    assert party["matches"][0]["score"] >= 0.95
    assert party["matches"][0]["listing"].startswith("ftm:")
    assert result["verdict"] == "refer"
    bases = {b["measure"] for b in result["items"][0]["legal_basis"]}
    assert "UN-1718-OP8d-designated-parties" not in bases
