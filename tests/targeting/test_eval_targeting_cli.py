"""``borderwatch eval targeting``: one JSON object, figures in [0, 1], errors that say where."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from borderwatch.cli.main import app
from borderwatch.targeting.customs_data import FILES
from tests.cli.running import run_borderwatch
from tests.targeting.synthetic import row, write_csv, write_splits

SHARES = {"1", "2", "5", "10"}


def test_json_has_every_figure_for_ours_and_the_baseline(tmp_path: Path) -> None:
    write_splits(tmp_path, sizes=(400, 100, 150))
    result = CliRunner().invoke(
        app, ["eval", "targeting", "--data", str(tmp_path), "--seeds", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    report = json.loads(lines[0])
    for figures in (report, report["baseline"]):
        for key in ("precision_at", "recall_at", "revenue_at", "critical_capture_at"):
            assert set(figures[key]) == SHARES
            assert all(0.0 <= value <= 1.0 for value in figures[key].values())
    assert report["seeds"] == [0, 1]
    assert [s["seed"] for s in report["per_seed"]] == [0, 1]
    assert report["data"]["rows"] == {"train": 400, "valid": 100, "test": 150}
    assert report["split"] == "train+valid → test, chronological"
    # the synthetic importers I0-I9 commit fraud 80% of the time: history finds them
    assert report["precision_at"]["10"] > 0.6


def test_readable_table_by_default(tmp_path: Path) -> None:
    write_splits(tmp_path, sizes=(300, 100, 100))
    result = CliRunner().invoke(app, ["eval", "targeting", "--data", str(tmp_path), "--seeds", "1"])
    assert result.exit_code == 0, result.output
    for words in ("precision", "seized value", "critical caught", "plain LightGBM", "10%"):
        assert words in result.stdout


def test_a_bad_file_exits_2_naming_file_line_and_column(tmp_path: Path) -> None:
    write_splits(tmp_path, sizes=(50, 20, 20))
    write_csv(
        tmp_path / FILES["valid"], [row(Date="2021-01-02"), row(Date="2021-01-02", Fraud="yes")]
    )
    result = run_borderwatch("eval", "targeting", "--data", str(tmp_path), "--json")
    assert result.returncode == 2
    assert f"{FILES['valid']}:3" in result.stderr and "Fraud" in result.stderr
    assert result.stdout == ""


def test_help_teaches_the_numbers_and_the_honesty_rules() -> None:
    result = CliRunner().invoke(app, ["eval", "targeting", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.stdout.replace("│", " ").split())
    for words in ("precision", "recall", "revenue column", "never used to fit", "Example"):
        assert words in text
