"""A verdict screened under a stored rule-base version is reproduced after another version
became current and the first one's folder was deleted (SQLite and PostgreSQL)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from borderwatch.assembly import ScreeningChoices, build_screener, rebuild_screener
from borderwatch.engine.rescreen import changed_verdicts
from borderwatch.engine.screener import Screener
from borderwatch.model import Declaration
from borderwatch.model.verdict import ScreeningConfiguration
from borderwatch.store import open_database
from borderwatch.store.rule_bases import load_version
from borderwatch.store.screenings import latest_screenings, record_screening
from tests.rules.building import copy_rule_base, cut_dandong_allowance
from tests.store.declaring import TWO_APPLIANCES


def screener_for(
    engine: Engine, replacement: Path | None, *, current: bool = False
) -> Callable[[ScreeningConfiguration | None], Screener]:
    """What ``rescreen`` builds for each result: its recorded assembly, or with the rule base
    ``replacement`` (``--rule-base``), or the current one (``--current-rule-base``)."""

    def build(config: ScreeningConfiguration | None) -> Screener:
        assert config is not None
        return rebuild_screener(
            config, database=engine, rule_base=replacement, current_rule_base=current
        )

    return build


CHOICES = ScreeningChoices(regimes=["CN-PORT"], classify=False, learned=False, parties=False)


def test_rescreening_uses_the_recorded_version_not_the_current_one(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BORDERWATCH_DATA_DIR", str(tmp_path / "data"))
    engine = open_database(database_url)
    bus = Declaration.model_validate(TWO_APPLIANCES)
    first = load_version(engine, copy_rule_base(tmp_path / "v1"), actor="cli:test").version
    screener = build_screener(CHOICES, database=engine)
    assert screener.configuration.rule_base_source == f"stored:{first.content_hash}"
    before = screener.screen(bus)
    assert before.configuration is not None
    assert before.rule_base == first.content_hash
    record_screening(engine, bus, before, configuration=before.configuration.model_dump_json())

    second = load_version(
        engine, cut_dandong_allowance(copy_rule_base(tmp_path / "v2")), actor="cli:test"
    )
    now = build_screener(CHOICES, database=engine).screen(bus)
    assert now.rule_base == second.version.content_hash
    assert now.verdict.rank > before.verdict.rank  # the new version does change this verdict
    shutil.rmtree(tmp_path / "v1")
    shutil.rmtree(tmp_path / "data" / "rule-bases" / first.content_hash)

    stored = [(s.declaration, s.result) for s in latest_screenings(engine)]
    (recorded,) = [r.configuration for _, r in stored]
    assert recorded is not None
    again = rebuild_screener(recorded, database=engine).screen(bus, as_of=before.as_of)
    assert (again.verdict, again.rule_base) == (before.verdict, first.content_hash)
    assert again.configuration == before.configuration

    assert list(changed_verdicts(stored, screener_for(engine, None))) == []
    under_v2 = list(changed_verdicts(stored, screener_for(engine, tmp_path / "v2")))
    under_current = list(changed_verdicts(stored, screener_for(engine, None, current=True)))
    assert [c.after_rule_base for c in under_current] == [second.version.content_hash]
    (change,) = under_v2
    assert change.after_rule_base == second.version.content_hash
    assert any(
        f"rule base {first.content_hash} -> {second.version.content_hash}" in cause
        for cause in change.causes
    )
    engine.dispose()
