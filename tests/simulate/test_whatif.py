"""What-if runs: paired seeds, intervals, and the overlay file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderwatch.cli.main import app
from borderwatch.simulate import default_scenario
from borderwatch.simulate.scenario import ScenarioError, with_changes
from borderwatch.simulate.whatif import what_if
from tests.cli.running import run_borderwatch

BASE = with_changes(default_scenario(), {"start": "2018-12-03"})  # Dandong tightens in week 13
STRICT_HUNCHUN = {
    "crossings.hunchun.baggage_inspection": "0.4",
    "crossings.hunchun.electronics_screening": "1",
}


def test_a_strict_hunchun_pushes_sanctioned_flow_on_to_changbai() -> None:
    since = dt.date(2019, 3, 18)
    changed = with_changes(BASE, STRICT_HUNCHUN, from_date=since)
    effects = {e.crossing: e for e in what_if(BASE, changed, weeks=26, seeds=3, from_date=since)}
    assert effects["hunchun"].high < 0  # the whole interval is a fall
    assert effects["changbai"].low > 0
    assert effects["hunchun"].base > 5


def test_a_start_after_the_simulated_period_is_refused() -> None:
    with pytest.raises(ScenarioError, match="after the simulated period"):
        what_if(BASE, BASE, weeks=4, seeds=2, from_date=dt.date(2020, 1, 1))


def test_no_change_means_no_difference_on_the_same_seeds() -> None:
    effects = what_if(BASE, BASE, weeks=8, seeds=2)
    assert all(e.difference == 0 and e.low == 0 == e.high for e in effects)


def test_the_command_reads_an_overlay_and_prints_a_table(tmp_path: Path) -> None:
    overlay = tmp_path / "strict.yaml"
    overlay.write_text(
        "from: 2018-01-15\nset:\n  crossings.dandong.cargo_inspection: 0.05\n", encoding="utf-8"
    )
    done = CliRunner().invoke(
        app,
        [
            "whatif",
            "--overlay",
            str(overlay),
            "--weeks",
            "6",
            "--seeds",
            "2",
            "--chart",
            str(tmp_path / "w.png"),
        ],
    )
    assert done.exit_code == 0, done.output
    assert "dandong" in done.output and "95% interval" in done.output
    assert (tmp_path / "w.png").read_bytes()[:4] == b"\x89PNG"


def test_a_bad_overlay_names_the_file(tmp_path: Path) -> None:
    overlay = tmp_path / "bad.yaml"
    overlay.write_text("crossings.dandong.cargo_inspection: 0.05\n", encoding="utf-8")
    done = run_borderwatch("whatif", "--overlay", str(overlay))
    assert done.returncode == 2
    assert "bad.yaml:1" in done.stderr
