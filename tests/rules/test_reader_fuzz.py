"""Whatever a rule-base file holds, reading it ends in data or a RuleBaseError, quickly.

Random bytes, YAML-looking text, and valid measures with one field replaced by
an arbitrary value go through the real reader and loader; any other exception,
or a read that takes seconds, fails the test.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderwatch.errors import RuleBaseError
from borderwatch.rules.check import check_rule_base
from borderwatch.rules.yaml_source import read_yaml
from tests.rules.building import copy_rule_base, shipped_measure

#: a read of a small file that takes longer than this is a hang in the making
SLOW = 2.0

FRAGMENTS = [
    "- ", ": ", "? ", "&a ", "*a ", "&b ", "*b ", "<<: *a", "[", "]", "{", "}", ", ", "\n",
    "  ", "    ", "\t", "'", '"', "#", "---\n", "...\n", "|\n", ">-\n", "!!int ", "!!str ",
    "!!timestamp ", "!!binary ", "!!set ", "!!float ", "!!bool ", "!!null ", "!!omap ",
    "!!pairs ", "!!map ", "!!seq ", "!!merge ", "!!value ", "!!python/name:os.system ", "!custom ", "%YAML 1.1\n",
    "2016-13-45", "2016-03-02", "1e999", "0x1F", "0o17", "99999999999999999999", ".nan",
    "yes", "~", "null", "é", "\u3000", "\ufeff", "\x00", "\x85", "\ud7ff", "id", "measures",
    "document", "regime", "goods", "hs", "valid_from", "UN", "8471", "01-97",
]  # fmt: skip


def _read(path: Path) -> None:
    started = time.perf_counter()
    try:
        read_yaml(path)
    except RuleBaseError as exc:
        assert exc.problems and all(p.path == str(path) for p in exc.problems)
    assert time.perf_counter() - started < SLOW


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=2000))
def test_random_bytes_read_or_refuse(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "file.yaml"
    path.write_bytes(content)
    _read(path)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=60))
def test_yaml_looking_text_reads_or_refuses(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str]
) -> None:
    path = tmp_path_factory.mktemp("text") / "file.yaml"
    path.write_text("".join(pieces), encoding="utf-8", errors="surrogatepass")
    _read(path)


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2016-13-45", "2016-03-02", "01-97", "8471", "000000-999999", "UN"])
    | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [
    ("id",), ("regime",), ("provision",), ("source",), ("confidence",), ("basis",), ("scope",),
    ("scope", "directions"), ("scope", "crossings"), ("goods",), ("goods", "hs"),
    ("goods", "hs", 0), ("goods", "hs_partial"), ("goods", "exclude_hs"), ("goods", "keywords"),
    ("goods", "value_above"), ("effect",), ("effect", "type"), ("effect", "allowance"),
    ("valid_from",), ("valid_to",), ("suspensions",), ("exemptions",), ("superseded_by",),
    ("party_roles",), ("unknown_field",),
]  # fmt: skip


@pytest.fixture(scope="module")
def rule_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_rule_base(tmp_path_factory.mktemp("fuzz") / "rules")
    for path in (root / "measures").rglob("*.yaml"):  # one measure file keeps each run fast
        if path.name != "unscr-1718-2006.yaml":
            path.unlink()
    return root


def _replace(measure: dict[str, Any], at: tuple[str | int, ...], value: Any) -> None:
    node: Any = measure
    for step in at[:-1]:
        if isinstance(node, dict) and isinstance(step, str):
            node = node.setdefault(step, {})
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return
    last = at[-1]
    fits = isinstance(node, dict) or (
        isinstance(node, list) and isinstance(last, int) and last < len(node)
    )
    if fits:
        node[last] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(FIELDS), VALUES), min_size=1, max_size=3))
def test_a_measure_with_any_values_loads_or_is_refused(
    rule_base: Path, changes: list[tuple[tuple[str | int, ...], Any]]
) -> None:
    measure = shipped_measure(rule_base) | {"id": "FUZZ-1"}
    for at, value in changes:
        _replace(measure, at, value)
    path = rule_base / "measures" / "fuzz.yaml"
    path.write_text(
        yaml.safe_dump({"document": {"title": "fuzz", "regime": "UN"}, "measures": [measure]})
    )
    started = time.perf_counter()
    findings = check_rule_base(rule_base)  # raises nothing: every problem is listed
    assert time.perf_counter() - started < SLOW
    for finding in findings:
        assert finding.level == "warning" or finding.where.startswith(f"{path}:")
