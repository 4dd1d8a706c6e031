"""The YAML reader within bounds: alias bombs, huge files, tags, timestamps, nesting.

Anchors and aliases stay allowed (the shipped files share exemption lists with
them); what they may repeat is bounded, and measured on the node graph before
any value is built.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from borderwatch.errors import RuleBaseError, RuleProblem
from borderwatch.rules.loader import load_rule_base
from borderwatch.rules.yaml_source import MAX_ALIAS_NODES, MAX_FILE_BYTES, read_yaml
from tests.rules.building import copy_rule_base, line_of


def _laughs(levels: int) -> str:
    """The "billion laughs": each level a list of nine aliases to the level below."""
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels):
        lines.append(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _refused(path: Path) -> RuleProblem:
    with pytest.raises(RuleBaseError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert problem.path == str(path)
    assert str(problem) in str(caught.value)
    return problem


@pytest.mark.parametrize("levels", [9, 40])
def test_an_alias_bomb_is_refused_at_once_without_expanding_it(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(_laughs(levels), encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problem = _refused(path)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 0.25, f"took {elapsed:.3f}s"
    assert peak < 5_000_000, f"peaked at {peak:,} bytes"
    # the innermost level whose expansion alone is too much: 9**6 laughs and more
    assert problem.line == line_of(path, "lol5: &lol5")
    assert f"at most {MAX_ALIAS_NODES:,}" in problem.problem


def test_many_aliases_to_one_large_block_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    block = ", ".join(["x"] * 200)
    path.write_text(f"block: &b [{block}]\nmany: [{', '.join(['*b'] * 1000)}]\n")
    problem = _refused(path)
    assert problem.line == 2 and "201,001 nodes" in problem.problem


@pytest.mark.parametrize("text", ["a: &a [1, *a]\n", "a: &a {b: *a}\n"])
def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "self.yaml"
    path.write_text(text)
    assert "no end" in _refused(path).problem


def test_shared_blocks_within_the_bound_load_as_before(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text(
        "exemptions: &shared [{id: A, description: a}]\n"
        "measures:\n  - {id: one, exemptions: *shared}\n  - {id: two, exemptions: *shared}\n"
    )
    data = read_yaml(path).data
    assert data["measures"][0]["exemptions"] == data["measures"][1]["exemptions"]
    load_rule_base()  # the shipped files use anchors, and load


def test_a_file_larger_than_the_bound_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * MAX_FILE_BYTES + "\n")
    started = time.perf_counter()
    problem = _refused(path)
    assert time.perf_counter() - started < 0.5
    assert f"larger than {MAX_FILE_BYTES:,} bytes" in problem.problem


def test_timestamps_stay_text_for_the_models_to_parse(tmp_path: Path) -> None:
    path = tmp_path / "dates.yaml"
    path.write_text("good: 2016-03-02\nbad: 2016-13-45\ntagged: !!timestamp 2016-02-30\n")
    assert read_yaml(path).data == {
        "good": "2016-03-02",
        "bad": "2016-13-45",
        "tagged": "2016-02-30",
    }


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("a: 1\nb: !!python/object/apply:os.system [ls]\n", 2, "python/object/apply"),
        ("a: !!int twelve\n", 1, "!!int value cannot be read"),
        ("a: 1\nb: !!float\n", 2, "!!float value cannot be read"),
        ("a: !!int\n", 1, "!!int value cannot be read"),
        ("a: " + "9" * 5000 + "\n", 1, "!!int value cannot be read"),
        ("a: 1\n---\nb: 2\n", 2, "expected a single document"),
        ("a: [1, 2\nb: 3\n", 2, "not valid YAML"),
        ("a: ok\nb: \x00\n", 2, "#x0000"),
        ("[" * 2000 + "]" * 2000, 1, "nesting depth"),
    ],
)
def test_what_yaml_cannot_hold_is_a_clean_error_with_its_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    problem = _refused(path)
    assert problem.line == line and expected in problem.problem


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_yaml(path).data == {"a": 1}


def test_a_folder_named_like_a_measure_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    root = copy_rule_base(tmp_path / "rules")
    (root / "measures" / "folder.yaml").mkdir()
    with pytest.raises(RuleBaseError) as caught:
        load_rule_base(root)
    (problem,) = caught.value.problems
    assert problem.path.endswith("folder.yaml") and "not a regular file" in problem.problem
