"""`rules load|use|history`: the rule base `screen` uses is the store's current version."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from borderwatch.rules.loader import load_rule_base, shipped_rule_base
from tests.cli.running import run_borderwatch
from tests.rules.building import DANDONG_ALLOWANCE, copy_rule_base, cut_dandong_allowance
from tests.store.declaring import TWO_APPLIANCES


def run(*args: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        "BORDERWATCH_DATA_DIR": str(data_dir),
        "BORDERWATCH_DATABASE_URL": None,
        "BORDERWATCH_RULE_BASE": None,
    }
    return run_borderwatch(*args, stdin=stdin, env=env)


def screened(data: Path, *options: str) -> dict[str, Any]:
    args = ("screen", "-", "--regimes", "CN-PORT", "--no-parties", "--no-classify", *options)
    result = run(*args, data_dir=data, stdin=json.dumps(TWO_APPLIANCES))
    assert result.returncode == 0, result.stderr
    verdict: dict[str, Any] = json.loads(result.stdout)
    return verdict


def test_load_refuse_use_and_history_change_what_screen_uses(tmp_path: Path) -> None:
    data = tmp_path / "data"
    amended = cut_dandong_allowance(copy_rule_base(tmp_path / "amended"))
    as_shipped = copy_rule_base(tmp_path / "as-shipped")
    before = screened(data)
    assert before["rule_base"] == shipped_rule_base().version
    assert before["configuration"]["rule_base_source"] is None

    broken = copy_rule_base(tmp_path / "broken")
    bad = broken / "regimes.yaml"
    bad.write_text("regimes: [\n", encoding="utf-8")
    refused = run("rules", "load", str(broken), data_dir=data)
    assert refused.returncode == 3
    assert f"{bad}:" in refused.stderr and "Nothing was stored" in refused.stderr
    empty = run("rules", "history", data_dir=data)
    assert "the shipped one is used" in " ".join(empty.stdout.split())

    version = load_rule_base(amended).version
    loaded = run("rules", "load", str(amended), "--note", "cut to one", data_dir=data)
    assert loaded.returncode == 0, loaded.stderr
    assert f"rule base {version} (id 1" in loaded.stdout and "stored" in loaded.stdout
    assert "replaces the shipped rule base" in loaded.stdout
    after = screened(data)
    assert after["rule_base"] == version
    assert after["configuration"]["rule_base_source"] == f"stored:{version}"
    assert after["verdict"] != before["verdict"]
    shown = run(
        *("rules", "show", "--crossing", "dandong", "--as-of", "2019-02-12"),
        *("--regimes", "CN-PORT", "--format", "json"),
        data_dir=data,
    )
    measures = {m["id"]: m for m in map(json.loads, shown.stdout.splitlines())}
    assert measures[DANDONG_ALLOWANCE]["effect"]["allowance"]["max_items"] == 1  # as loaded
    folder = screened(data, "--rule-base", str(as_shipped))  # a folder named still wins
    assert folder["rule_base"] == shipped_rule_base().version

    again = run("rules", "load", str(amended), data_dir=data)
    assert "already stored and current" in again.stdout
    assert run("rules", "load", str(as_shipped), data_dir=data).returncode == 0
    used = run("rules", "use", version[:8], "--note", "back to one", data_dir=data)
    assert used.returncode == 0, used.stderr
    assert f"rule base {version} (id 1" in used.stdout and "now current" in used.stdout
    assert screened(data)["rule_base"] == version

    history = run("rules", "history", "--format", "json", data_dir=data)
    rows = [json.loads(line) for line in history.stdout.splitlines()]
    assert [(r["version_id"], r["reason"], r["current"]) for r in rows] == [
        (1, "loaded", True),
        (2, "loaded", False),
        (1, "rollback", True),
    ]
    assert rows[0]["note"] == "cut to one" and rows[0]["chosen_by"].startswith("cli:")
    unknown = run("rules", "use", "deadbeef", data_dir=data)
    assert unknown.returncode == 5 and "rules history" in unknown.stderr
    verified = run("audit", "verify", data_dir=data)
    assert verified.returncode == 0 and "3 records" in verified.stdout
