"""The report on a simulated run: real simulation, real engine, real files."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from borderwatch.analytics.displacement import Tightening
from borderwatch.analytics.flows import weekly_flows
from borderwatch.analytics.load import load_run
from borderwatch.analytics.report import Report, analyse, write_report
from borderwatch.cli.main import app
from borderwatch.engine.screener import Screener
from borderwatch.errors import InputError
from borderwatch.simulate import default_scenario, plan_for
from borderwatch.simulate.scenario import with_changes
from tests.analytics.conftest import SEED, START, WEEKS


def test_displacement_to_jilin_is_found_after_dandong_tightens(report: Report) -> None:
    displaced = [f for f in report.findings if f.is_displacement]
    assert {f.crossing for f in displaced} & {"hunchun", "changbai"}
    for finding in displaced:
        assert finding.after is not None and finding.after.crossing == "dandong"
        assert finding.effect.low > 1.0  # the interval excludes "no change"
    assert not any(f.crossing == "dandong" for f in report.findings)


def test_engine_flagged_counts_follow_the_planned_flows(run_dir: Path, report: Report) -> None:
    scenario = with_changes(default_scenario(), {"start": START})
    planned = plan_for(scenario, WEEKS, seed=SEED).flagged_counts().sum(axis=0)
    order = [report.flows.crossings.index(c) for c in scenario.crossings]
    screened = report.flows.flagged.sum(axis=(1, 2))[order]
    assert np.all(np.abs(screened - planned) <= 0.05 * planned)


def test_placed_goods_use_part_of_the_allowance_and_one_company_stands_out(report: Report) -> None:
    use = report.allowance
    assert use.from_truth
    assert 0.05 < use.overall < 0.5
    assert use.among_carriers > use.overall
    shares = {name: share for name, share, _ in report.concentration.shares}
    workers = report.concentration.worker_shares
    busiest = "Pada Seafood Processing Team"  # the readiest to take bags in the scenario
    assert shares[busiest] > 1.5 * workers[busiest]
    assert "Chongmi Restaurant Staffing" not in shares  # never takes bags
    assert 0 < report.concentration.hhi <= 10_000


def test_the_report_is_self_contained_html_with_its_charts(report: Report, tmp_path: Path) -> None:
    page = write_report(report, tmp_path)
    html = page.read_text(encoding="utf-8")
    images = html.count('src="data:image/png;base64,')
    assert images == 5
    for encoded in html.split('src="data:image/png;base64,')[1:]:
        assert base64.b64decode(encoded.split('"')[0])[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Displacement at" in html
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert any(f["displacement"] for f in summary["findings"])
    with (tmp_path / "weekly-flows.csv").open() as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == report.flows.weeks * 3 * 2
    with (tmp_path / "chapter-flows.csv").open() as stream:
        chapters = {row["hs_chapter"]: row for row in csv.DictReader(stream)}
    assert int(chapters["84"]["prohibited_items"]) > 0  # laptops, excavators, pumps
    assert int(chapters["19"]["prohibited_items"]) == 0  # noodles and biscuits


def test_seizures_come_from_the_truth_and_flows_from_the_declarations(
    run_dir: Path, goods_screener: Screener
) -> None:
    run = load_run(run_dir, goods_screener)
    flows = weekly_flows(run)
    assert flows.declarations.sum() == len(run.decl_id)
    assert flows.seized_items.sum() > 0
    truth_seized = sum(
        item["outcome"] != "passed" for t in run.truth.values() for item in t["items"]
    )
    assert flows.seized_items.sum() == truth_seized


def test_the_report_command_writes_the_folder_and_prints_findings(
    run_dir: Path, tmp_path: Path
) -> None:
    done = CliRunner().invoke(app, ["report", str(run_dir), "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    message = " ".join(done.output.split())
    assert "displacement at" in message and "after dandong tightened" in message
    assert (tmp_path / "report.html").exists()


def test_an_empty_folder_is_refused_with_what_to_do(
    tmp_path: Path, goods_screener: Screener
) -> None:
    with pytest.raises(InputError, match=r"declarations\.jsonl not found") as caught:
        load_run(tmp_path, goods_screener)
    assert caught.value.exit_code == 2
    (tmp_path / "declarations.jsonl").write_text("\n")
    with pytest.raises(InputError, match="holds no declarations that could be read"):
        load_run(tmp_path, goods_screener)


def test_real_data_without_truth_uses_commercial_pieces_and_given_tightenings(
    run_dir: Path, tmp_path: Path, goods_screener: Screener
) -> None:
    (tmp_path / "declarations.jsonl").write_bytes((run_dir / "declarations.jsonl").read_bytes())
    given = Tightening("dandong", dt.date(2019, 3, 1), "reported")
    real = analyse(tmp_path, goods_screener, tightenings=[given])
    assert real.allowance.from_truth is False
    assert 0.05 < real.allowance.overall < 0.5
    assert real.flows.seized_items.sum() == 0  # nothing is known of seizures without truth
    assert any(f.after == given for f in real.findings)


def test_a_tightening_is_written_crossing_colon_date(run_dir: Path, tmp_path: Path) -> None:
    done = CliRunner().invoke(
        app, ["report", str(run_dir), "--out", str(tmp_path), "--tightening", "dandong"]
    )
    assert done.exit_code == 2
    assert "CROSSING:YYYY-MM-DD" in done.output


def test_screening_misses_the_misdeclared_quarter_of_sanctioned_freight(report: Report) -> None:
    flows = report.flows
    cargo = 0  # channel index of cargo
    flagged = flows.sanctioned_flagged[:, cargo].sum()
    total = flows.sanctioned_items[:, cargo].sum()
    assert total > 100
    assert 0.6 < flagged / total < 0.9  # a quarter is declared as ordinary goods
    summary_share = report.flows.sanctioned_flagged.sum() / report.flows.sanctioned_items.sum()
    assert 0.5 < summary_share < 1.0
