"""Every entry point gives the same verdict, and re-screening reproduces it (issue 10).

Each test reproduces a defect found on the old main, run as a user runs the
commands: a real child process, a real SQLite store in a temporary folder.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

from tests.cli.running import run_borderwatch

DATA = Path(__file__).resolve().parents[1] / "data" / "parties"

LAPTOP = {
    "id": "L1",
    "date": "2018-06-01",
    "crossing": "hunchun",
    "direction": "export",
    "country": "KP",
    "channel": "cargo",
    "items": [{"id": "1", "description": "laptop computer"}],
}
NEW_ENTRY = """    <INDIVIDUAL>
      <DATAID>900099</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>KIM</FIRST_NAME>
      <SECOND_NAME>CHOL UNG</SECOND_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.999</REFERENCE_NUMBER>
      <LISTED_ON>2025-02-01</LISTED_ON>
    </INDIVIDUAL>
  </INDIVIDUALS>"""


def run(
    *args: str, data_dir: Path, stdin: str = "", **env: str | None
) -> subprocess.CompletedProcess[str]:
    environment: dict[str, str | None] = {
        "BORDERWATCH_DATA_DIR": str(data_dir),
        "BORDERWATCH_DATABASE_URL": None,
        **env,
    }
    return run_borderwatch(*args, stdin=stdin, env=environment)


def _bag(ident: str, name: str) -> dict[str, object]:
    return {
        "id": ident,
        "date": "2019-02-12",
        "crossing": "dandong",
        "direction": "export",
        "country": "KP",
        "channel": "baggage",
        "traveller": {"name": name, "category": "returning_worker"},
        "items": [{"id": "1", "description": "milled rice, 10 kg", "hs": "100630"}],
    }


def test_rescreen_under_the_same_configuration_changes_nothing(tmp_path: Path) -> None:
    """Defect 1: a classified item was re-screened without the classifier and 'changed'."""
    done = run(
        "screen", "-", "--store", "--no-parties", data_dir=tmp_path, stdin=json.dumps(LAPTOP)
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "prohibited" and result["items"][0]["hs"] == "847130"
    assert result["configuration"]["classifier"]
    again = run("rescreen", data_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "0 of 1 stored declarations change verdict" in again.stdout


def test_rescreen_with_a_new_list_finds_exactly_the_affected_and_names_the_cause(
    tmp_path: Path,
) -> None:
    listed = tmp_path / "consolidated.xml"
    original = (DATA / "un-sample.xml").read_text(encoding="utf-8")
    listed.write_text(original, encoding="utf-8")
    assert run("lists", "load", str(listed), data_dir=tmp_path).returncode == 0
    bags = [_bag("B1", "Kim Chol Ung"), _bag("B2", "Choe Yong Ho"), _bag("B3", "Pak Song Chol")]
    stdin = "\n".join(json.dumps(b) for b in bags)
    first = run("screen", "-", "--store", data_dir=tmp_path, stdin=stdin)
    assert first.returncode == 0, first.stderr
    verdicts = {r["id"]: r["verdict"] for r in map(json.loads, first.stdout.splitlines())}
    # baggage to or from the DPRK is inspected under UNSCR 2321 OP13 whatever it holds
    assert verdicts == {"B1": "inspect", "B2": "inspect", "B3": "refer"}

    listed.write_text(original.replace("  </INDIVIDUALS>", NEW_ENTRY, 1), encoding="utf-8")
    assert run("lists", "load", str(listed), data_dir=tmp_path).returncode == 0
    recorded = run("rescreen", data_dir=tmp_path)
    assert "0 of 3 stored declarations change verdict" in recorded.stdout, recorded.stdout
    current = run("rescreen", "--current-lists", data_dir=tmp_path)
    assert current.returncode == 0, current.stderr
    assert "1 of 3 stored declarations change verdict" in current.stdout, current.stdout
    assert "B1: inspect → refer" in current.stdout
    assert "because: party lists" in current.stdout


def test_report_agrees_with_screen_on_country_and_missing_codes(tmp_path: Path) -> None:
    """Defects 2 and 3: report read no country, rejected items without HS, crashed on cargo."""
    to_russia = LAPTOP | {"id": "R1", "country": "RU", "items": [{"id": "1", "hs": "847130"}]}
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps(to_russia), json.dumps(LAPTOP)]
    (folder / "declarations.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    screened = run("screen", str(folder / "declarations.jsonl"), "--no-parties", data_dir=tmp_path)
    expected = {r["id"]: r["verdict"] for r in map(json.loads, screened.stdout.splitlines())}
    assert expected == {"R1": "clear", "L1": "prohibited"}
    report = run(
        "report", str(folder), "--out", str(tmp_path / "out"), "--no-parties", data_dir=tmp_path
    )
    assert report.returncode == 0, report.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["declarations"] == 2 and summary["rejected_records"] == 0
    with (tmp_path / "out" / "chapter-flows.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert sum(int(r["prohibited_items"]) for r in rows) == 1  # the laptop to KP only


def test_report_keeps_going_past_a_bad_record_and_reports_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps(LAPTOP), "{not json", json.dumps(LAPTOP | {"id": "L2"})]
    (folder / "declarations.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run(
        "report", str(folder), "--out", str(tmp_path / "out"), "--no-parties", data_dir=tmp_path
    )
    assert done.returncode == 2
    assert "declarations.jsonl:2" in done.stderr
    rejects = (tmp_path / "out" / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(r)["line"] for r in rejects] == [2]


def test_no_list_loaded_refers_and_says_so(tmp_path: Path) -> None:
    """Defect 4: with no list, screen answered clear with parties [] and said nothing."""
    done = run("screen", "-", data_dir=tmp_path, stdin=json.dumps(_bag("B1", "Ri Yong Chol")))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "refer"
    assert any("no sanctions list is loaded" in r for r in result["reasons"])
    assert "no sanctions list is loaded" in done.stderr


def test_a_bad_setting_is_one_clear_line(tmp_path: Path) -> None:
    """Defect 5: BORDERWATCH_PARTY_THRESHOLD=abc ended in a 47-line traceback."""
    done = run("screen", "-", data_dir=tmp_path, stdin="", BORDERWATCH_PARTY_THRESHOLD="abc")
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert "BORDERWATCH_PARTY_THRESHOLD = 'abc'" in done.stderr


def test_eval_names_the_confidence_setting(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("description,hs\nrice cooker,851660\n", encoding="utf-8")
    done = run(
        "eval", "classify", str(labelled), data_dir=tmp_path, BORDERWATCH_CLASSIFY_CONFIDENCE="0.85"
    )
    assert done.returncode == 0, done.stderr
    assert "score ≥ 0.85" in done.stdout


def test_output_formats_are_checked_and_csv_has_a_row_per_item(tmp_path: Path) -> None:
    """Defect 6: --format csv and --format anything printed JSON with exit 0."""
    wrong = run("screen", "-", "--format", "anything", data_dir=tmp_path, stdin=json.dumps(LAPTOP))
    assert wrong.returncode == 2 and "--format" in wrong.stderr
    two_items = LAPTOP | {
        "id": '=HYPERLINK("x")',
        "items": [{"id": "1", "hs": "847130"}, {"id": "2", "hs": "100630"}],
    }
    done = run(
        "screen",
        "-",
        "--format",
        "csv",
        "--no-parties",
        data_dir=tmp_path,
        stdin=json.dumps(two_items),
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["item"], r["verdict"]) for r in rows] == [("1", "prohibited"), ("2", "clear")]
    assert rows[0]["declaration"] == '\'=HYPERLINK("x")'
    assert "UNSCR 2397 (2017)" in rows[0]["legal_acts"] and "OP7" in rows[0]["provisions"]
