"""The real command on a bad ``--rule-base``: a clean message and exit 3, never a traceback."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.cli.running import run_borderwatch, spawn_borderwatch
from tests.rules.building import copy_rule_base, line_of, shipped_measure, write_measures

DECLARATION = {
    "id": "B1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "items": [{"id": "1", "description": "rice cooker", "hs": "851660", "quantity": 1}],
}


@pytest.fixture
def declarations(tmp_path: Path) -> Path:
    path = tmp_path / "declarations.jsonl"
    path.write_text(json.dumps(DECLARATION) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def bad_date(tmp_path: Path) -> tuple[Path, str]:
    """A rule base with an impossible date, and the ``file:line`` naming it."""
    root = copy_rule_base(tmp_path / "rules")
    measure = shipped_measure(root) | {"id": "TEST-date", "valid_from": "2016-13-45"}
    path = write_measures(root, "dates", [measure])
    return root, f"{path}:{line_of(path, '2016-13-45')}"


def test_screen_refuses_a_bad_rule_base_with_exit_3_and_the_place(
    bad_date: tuple[Path, str], declarations: Path
) -> None:
    root, where = bad_date
    result = run_borderwatch("screen", "--no-parties", "--rule-base", str(root), str(declarations))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert f"{where}: measures.0.valid_from = '2016-13-45'" in result.stderr
    assert f"borderwatch rules check --rule-base {root}" in result.stderr


def test_rules_check_lists_every_problem_with_exit_3(bad_date: tuple[Path, str]) -> None:
    root, where = bad_date
    second = write_measures(
        root, "more", [shipped_measure(root) | {"id": "TEST-date", "confidence": "sure"}]
    )
    (root / "measures" / "test" / "binary.yaml").write_bytes(b"\x00\xff")
    result = run_borderwatch("rules", "check", "--rule-base", str(root), "--no-warnings")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"error: {where}: measures.0.valid_from = '2016-13") for line in lines
    )
    assert any(line.startswith(f"error: {second}:") and "confidence" in line for line in lines)
    assert any(line.startswith(f"error: {second}:") and "also used at" in line for line in lines)
    assert any("binary.yaml:1: not UTF-8" in line for line in lines)
    assert len([line for line in lines if line.startswith(f"error: {root}/measures/test/")]) == 4


def test_an_alias_bomb_is_refused_by_the_command_in_moments(tmp_path: Path) -> None:
    root = copy_rule_base(tmp_path / "rules")
    bomb = root / "measures" / "test" / "bomb.yaml"
    bomb.parent.mkdir()
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    bomb.write_text("\n".join(levels) + "\n")
    started = time.perf_counter()
    # in a child process: an expansion that ran away would take the child down, not the tests
    result = spawn_borderwatch("rules", "check", "--rule-base", str(root))
    assert time.perf_counter() - started < 30  # a process start; the refusal itself is instant
    assert result.returncode == 3, result.stderr
    assert f"error: {bomb}:{line_of(bomb, 'a5: &a5')}: aliases here expand" in result.stdout


def test_screen_names_the_first_problems_and_how_many_more(
    tmp_path: Path, declarations: Path
) -> None:
    root = copy_rule_base(tmp_path / "rules")
    measures = [
        shipped_measure(root) | {"id": f"TEST-{n}", "confidence": "sure"} for n in range(14)
    ]
    write_measures(root, "many", measures)
    result = run_borderwatch("screen", "--no-parties", "--rule-base", str(root), str(declarations))
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "(14 problems)" in result.stderr and "... and 4 more" in result.stderr
