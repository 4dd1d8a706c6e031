"""`lists load|use|show|history`: an empty download does not clear a listed traveller."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.cli.running import run_borderwatch

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"
HEADER_LINES = 4  # the XML declaration, a comment and the CONSOLIDATED_LIST start tag


def run(*args: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {"BORDERWATCH_DATA_DIR": str(data_dir), "BORDERWATCH_DATABASE_URL": None}
    return run_borderwatch(*args, stdin=stdin, env=env)


def _empty_list() -> str:
    """The sample list with every entry taken out: well-formed, and names nobody."""
    head = SAMPLE.read_text(encoding="utf-8").splitlines()[:HEADER_LINES]
    return "\n".join([*head, "  <INDIVIDUALS/>", "  <ENTITIES/>", "</CONSOLIDATED_LIST>", ""])


LISTED = json.dumps(
    {
        "id": "W1",
        "date": "2019-02-12",
        "crossing": "dandong",
        "direction": "export",
        "country": "KP",
        "channel": "baggage",
        "traveller": {
            "category": "returning_worker",
            "name": "Pak Song Chol",
            "birth_date": "1971-04-12",
            "nationality": "KP",
        },
        "items": [{"id": "1", "description": "milled rice, 10 kg", "hs": "100630"}],
    }
)


def test_an_empty_download_is_refused_then_forced_then_rolled_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    un_list = tmp_path / "consolidated.xml"  # one source: the same path, downloaded again
    shutil.copy(SAMPLE, un_list)
    assert run("lists", "load", str(un_list), data_dir=data).returncode == 0

    un_list.write_text(_empty_list(), encoding="utf-8")
    refused = run("lists", "load", str(un_list), data_dir=data)
    assert refused.returncode == 2
    message = " ".join(refused.stderr.split())
    assert f"would shrink {un_list} from 3 to 0 entries (100%); the limit is 20%" in message
    assert "check the file, or pass --force" in message
    screened = run("screen", "-", data_dir=data, stdin=LISTED)
    assert json.loads(screened.stdout)["verdict"] == "prohibited", screened.stderr

    forced = run("lists", "load", str(un_list), "--force", "--note", "test", data_dir=data)
    assert forced.returncode == 0, forced.stderr
    assert "0 entries stored" in forced.stdout and "forced" in forced.stdout

    shutil.copy(SAMPLE, un_list)
    reloaded = run("lists", "load", str(un_list), data_dir=data)
    assert reloaded.returncode == 0, reloaded.stderr
    assert "3 entries already stored, made current again" in reloaded.stdout

    shown = [
        json.loads(line)
        for line in run("lists", "show", "--format", "json", data_dir=data).stdout.splitlines()
    ]
    assert [(s["entry_count"], s["current"]) for s in shown] == [(3, True), (0, False)]
    used = run("lists", "use", shown[1]["content_hash"][:10], "--note", "why not", data_dir=data)
    assert used.returncode == 0, used.stderr
    assert f"0 entries now current for {un_list}" in used.stdout

    history = run("lists", "history", "--format", "json", data_dir=data)
    rows = [json.loads(line) for line in history.stdout.splitlines()]
    assert [(r["reason"], r["entries"], r["note"]) for r in rows] == [
        ("loaded", 3, None),
        ("forced", 0, "test"),
        ("reloaded", 3, None),
        ("rollback", 0, "why not"),
    ]
    assert [r["current"] for r in rows] == [False, True, False, True]


def test_using_an_unknown_snapshot_says_how_to_name_one(tmp_path: Path) -> None:
    done = run("lists", "use", "deadbeef", data_dir=tmp_path)
    assert done.returncode == 5
    assert "borderwatch lists show" in done.stderr
