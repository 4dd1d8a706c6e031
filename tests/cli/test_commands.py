"""The commands as a user runs them: real processes, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli.running import run_borderwatch

GOOD = {
    "id": "B1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "traveller": {"name": "Ri Yong Chol", "category": "returning_worker"},
    "items": [
        {"id": "1", "description": "rice cooker", "hs": "851660"},
        {"id": "2", "description": "laptop", "hs": "847130"},
        {"id": "3", "description": "television", "hs": "852872"},
    ],
}


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_borderwatch(*args, stdin=stdin)


def test_screen_writes_one_object_per_declaration_and_reports_rejects(tmp_path: Path) -> None:
    bad = {**GOOD, "id": "B2", "crossing": "atlantis"}
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), json.dumps(bad), json.dumps(GOOD)]) + "\n")
    rejects = tmp_path / "rejects.jsonl"
    done = run("screen", str(path), "--regimes", "CN-PORT", "--rejects", str(rejects))
    assert done.returncode == 2
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in results] == ["B1", "B1"]
    first = results[0]
    assert set(first) >= {"id", "verdict", "items", "conflicts", "rule_base"}
    assert [i["verdict"] for i in first["items"]] == ["clear", "clear", "exceeds_allowance"]
    assert first["items"][2]["legal_basis"][0]["measure"] == "CN-PORT-DANDONG-two-electronic-items"
    assert {c["prohibited_by"]["measure"] for c in first["conflicts"]} >= {
        "UN-2397-OP7-industrial-machinery"
    }
    assert f"{path}:2" in done.stderr and "atlantis" in done.stderr
    (reject,) = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert reject == {
        "source": str(path),
        "line": 2,
        "field": "crossing",
        "value": "atlantis",
        "problem": "unknown crossing",
        "hint": "Use one of: changbai, dandong, dorasan, frankfurt-airport, hunchun, incheon, los-angeles, niigata, rotterdam.",
    }


def test_screen_reads_stdin_under_un_as_of_a_date() -> None:
    done = run(
        "screen",
        "-",
        "--regimes",
        "UN",
        "--as-of",
        "2017-12-21",
        "--no-parties",
        stdin=json.dumps(GOOD),
    )
    assert done.returncode == 0, done.stderr
    (result,) = [json.loads(line) for line in done.stdout.splitlines()]
    # the goods are free on that day, but UNSCR 2321 OP13 has DPRK travellers' baggage inspected
    assert result["verdict"] == "inspect" and result["as_of"] == "2017-12-21"
    assert [b["measure"] for b in result["inspection"]] == ["UN-2321-OP13-inspect-baggage"]
    assert any("--no-parties" in r for r in result["reasons"])


def test_screen_table_format_names_the_legal_basis() -> None:
    done = run("screen", "-", "--format", "table", stdin=json.dumps(GOOD))
    assert done.returncode == 0, done.stderr
    assert "UNSCR 2397 (2017) OP7" in done.stdout and "conflict" in done.stdout


def test_unknown_regime_is_a_clear_error() -> None:
    done = run("screen", "-", "--regimes", "XX", stdin=json.dumps(GOOD))
    assert done.returncode == 3
    assert "unknown regime(s) XX" in done.stderr


def test_rules_commands() -> None:
    show = run(
        "rules", "show", "--as-of", "2019-03-15", "--crossing", "dandong", "--format", "json"
    )
    assert show.returncode == 0, show.stderr
    ids = {json.loads(line)["id"] for line in show.stdout.splitlines()}
    assert "CN-PORT-DANDONG-no-electronic-items" in ids
    diff = run("rules", "diff", "2019-02-12", "2019-03-15", "--crossing", "dandong")
    assert diff.returncode == 0 and "CN-PORT-DANDONG-no-electronic-items" in diff.stdout
    check = run("rules", "check")
    assert check.returncode == 0 and "0 errors" in check.stdout


def test_demo_runs_the_field_scenario() -> None:
    done = run("demo")
    assert done.returncode == 0, done.stderr
    for expected in ("Dandong, 12 February 2019", "conflict", "Hunchun", "prohibited"):
        assert expected in done.stdout
    # the worker who declared in Korean and Chinese is classified, not waved through
    assert "classified from '삼성 노트북'" in done.stdout
    assert "below 0.60" in done.stdout  # the uncertain scarf is referred
    # the coat declared with its 2019 (HS 2017) code is screened as the HS 2022 one
    assert "HS 2017 620193 read as HS 2022 620140" in " ".join(done.stdout.split())


def test_help_teaches() -> None:
    done = run("screen", "--help")
    assert done.returncode == 0 and "Examples" in done.stdout


def test_profiles_select_regimes() -> None:
    done = run("screen", "-", "--profile", "un", stdin=json.dumps(GOOD))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["regimes"] == ["UN"]
    wrong = run("screen", "-", "--profile", "nobody", stdin=json.dumps(GOOD))
    assert wrong.returncode == 2 and "unknown profile 'nobody'" in wrong.stderr
