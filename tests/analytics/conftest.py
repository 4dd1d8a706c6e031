"""One small simulated run and its report, shared by the analytics tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderwatch.analytics.report import Report, analyse
from borderwatch.engine.screener import Screener
from borderwatch.simulate import default_scenario, write_run
from borderwatch.simulate.scenario import with_changes

WEEKS = 36  # from 2018-08-20: 28 weeks before the Dandong change, 8 after
START = "2018-08-20"
SEED = 21


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated run folder: declarations.jsonl, truth.jsonl, run.json."""
    folder = tmp_path_factory.mktemp("run")
    scenario = with_changes(default_scenario(), {"start": START})
    write_run(scenario, folder, weeks=WEEKS, seed=SEED)
    return folder


@pytest.fixture(scope="session")
def report(run_dir: Path, goods_screener: Screener) -> Report:
    """The report computed from ``run_dir``."""
    return analyse(run_dir, goods_screener)
