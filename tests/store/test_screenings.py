"""Stored screenings on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import yaml

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.engine.rescreen import changed_verdicts
from borderwatch.engine.screen import screen_declaration
from borderwatch.engine.screener import PartyCheck, Screener
from borderwatch.model import Declaration, Verdict
from borderwatch.rules.loader import default_rule_base_dir, load_rule_base, shipped_rule_base
from borderwatch.store import open_database
from borderwatch.store.declarations import submit_batch
from borderwatch.store.screenings import latest_screenings, record_screening, screening_history
from tests.cli.running import run_borderwatch

BUS = {
    "id": "BUS-1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "traveller": {"name": "Ri Yong Chol", "category": "returning_worker"},
    "items": [
        {"id": "1", "description": "rice cooker", "hs": "851660"},
        {"id": "2", "description": "laptop", "hs": "847130"},
    ],
}


def _stricter_rule_base(tmp_path: Path) -> Path:
    """The shipped rule base with the Dandong allowance cut from two items to one."""
    target = tmp_path / "amended"
    shutil.copytree(default_rule_base_dir(), target)
    path = target / "measures" / "practice" / "cn-port-baggage.yaml"
    data = yaml.safe_load(path.read_text())
    for measure in data["measures"]:
        if measure["id"] == "CN-PORT-DANDONG-two-electronic-items":
            measure["effect"]["allowance"]["max_items"] = 1
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return target


def test_history_and_rescreening(database_url: str, tmp_path: Path) -> None:
    engine = open_database(database_url)
    rules = shipped_rule_base()
    bus = Declaration.model_validate(BUS)
    other = Declaration.model_validate({**BUS, "id": "BUS-2", "items": BUS["items"][:1]})
    for declaration in (bus, other, bus):
        record_screening(
            engine, declaration, screen_declaration(declaration, rules, regimes=["CN-PORT"])
        )

    history = screening_history(engine, "BUS-1")
    assert len(history) == 2
    assert history[0].declaration == bus
    assert history[0].result.rule_base == rules.version
    assert [s.declaration.id for s in latest_screenings(engine)] == ["BUS-1", "BUS-2"]

    amended = load_rule_base(_stricter_rule_base(tmp_path))
    stored = [(s.declaration, s.result) for s in latest_screenings(engine)]
    under_amended = Screener(
        amended,
        regimes=["CN-PORT"],
        classify_confidence=0.6,
        parties=PartyCheck.skipped(threshold=0.8, confirm_score=0.95),
    )
    (change,) = changed_verdicts(stored, lambda _: under_amended)
    assert change.declaration_id == "BUS-1"
    assert (change.before, change.after) == (Verdict.CLEAR, Verdict.EXCEEDS_ALLOWANCE)
    assert change.items == (("2", Verdict.CLEAR, Verdict.EXCEEDS_ALLOWANCE),)
    assert change.before_rule_base == rules.version != change.after_rule_base
    engine.dispose()


def test_screen_store_then_rescreen_from_the_command_line(tmp_path: Path) -> None:
    env = {"BORDERWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'bw.sqlite'}"}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return run_borderwatch(*args, stdin=stdin, env=env)

    stored = run(
        "screen", "-", "--store", "--regimes", "CN-PORT", "--no-parties", stdin=json.dumps(BUS)
    )
    assert stored.returncode == 0, stored.stderr
    same = run("rescreen")
    assert same.returncode == 0 and "0 of 1 stored declarations change verdict" in same.stdout
    amended = run("rescreen", "--rule-base", str(_stricter_rule_base(tmp_path)))
    assert amended.returncode == 0, amended.stderr
    assert "BUS-1: clear → exceeds_allowance (stricter" in amended.stdout
    assert "because: rule base" in amended.stdout
    assert "1 of 1 stored declarations change verdict" in amended.stdout


def test_a_screening_keeps_the_configuration_it_was_made_with(database_url: str) -> None:
    engine = open_database(database_url)
    bus = Declaration.model_validate(BUS)
    result = screen_declaration(bus, shipped_rule_base(), regimes=["CN-PORT"])
    configuration = json.dumps({"lists": ["ab" * 32], "party_threshold": 0.8})
    record_screening(engine, bus, result, configuration=configuration)
    record_screening(engine, bus, result)
    first, second = screening_history(engine, "BUS-1")
    assert json.loads(first.configuration or "") == json.loads(configuration)
    assert second.configuration is None
    engine.dispose()


def test_rescreen_takes_submitted_declarations_with_the_assembly_each_records(
    tmp_path: Path,
) -> None:
    """Submissions keep their screening beside the declaration row; `rescreen` still
    finds each one (two crossings may both number a declaration BUS-1) and rebuilds the
    assembly its result records."""
    url = f"sqlite:///{tmp_path / 'bw.sqlite'}"
    port_practice = build_screener(
        ScreeningChoices(regimes=["CN-PORT"], classify=False, learned=False, parties=False)
    )
    engine = open_database(url)
    entries = [
        ("K-1", Declaration.model_validate(BUS)),
        ("K-1", Declaration.model_validate({**BUS, "crossing": "hunchun"})),
    ]
    outcomes = submit_batch(engine, entries, submitted_by="gw", screener=port_practice)
    assert [o.submission.created for o in outcomes if o.submission] == [True, True]
    engine.dispose()
    env = {"BORDERWATCH_DATABASE_URL": url}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return run_borderwatch(*args, stdin=stdin, env=env)

    stored = run("screen", "-", "--store", "--regimes", "UN", "--no-parties", stdin=json.dumps(BUS))
    assert stored.returncode == 0, stored.stderr
    same = run("rescreen")
    assert same.returncode == 0, same.stderr
    assert "0 of 3 stored declarations change verdict" in same.stdout, same.stdout
    amended = run("rescreen", "--rule-base", str(_stricter_rule_base(tmp_path)))
    assert amended.returncode == 0, amended.stderr
    # the amended allowance is Dandong's: the Hunchun submission and the UN-only
    # screening keep their verdicts
    assert amended.stdout.count("BUS-1: clear → exceeds_allowance") == 1, amended.stdout
    assert "1 of 3 stored declarations change verdict" in amended.stdout
