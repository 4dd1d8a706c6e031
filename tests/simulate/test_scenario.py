"""Scenario files: errors name file, line, field and value; changes are validated too."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.simulate.scenario import (
    DEFAULT_SCENARIO,
    ScenarioError,
    default_scenario,
    load_scenario,
    with_changes,
)

TEXT = DEFAULT_SCENARIO.read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_scenario_loads_and_its_hs_codes_are_hs_2022() -> None:
    scenario = default_scenario()
    assert set(scenario.crossings) == {"dandong", "hunchun", "changbai"}
    assert scenario.placement.pay_per_bag == (700, 1000)
    assert scenario.workers.per_week == 100


def test_a_bad_value_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    needle = "baggage_inspection: 0.05 # chance"
    text = TEXT.replace(needle, "baggage_inspection: 1.5 # chance")
    path = _write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert f"{path}:{_line_of(text, 'baggage_inspection: 1.5')}" in message
    assert "crossings.dandong.baggage_inspection = 1.5" in message


def test_an_unknown_good_is_reported_where_it_is_named(tmp_path: Path) -> None:
    text = TEXT.replace("own_electronics: [rice_cooker,", "own_electronics: [rice_boiler,")
    path = _write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert f"{path}:{_line_of(text, 'rice_boiler')}: workers.own_electronics.0" in str(caught.value)


def test_a_code_outside_hs_2022_is_refused(tmp_path: Path) -> None:
    text = TEXT.replace('hs: "851660"', 'hs: "851699"')
    with pytest.raises(ScenarioError, match="851699"):
        load_scenario(_write(tmp_path, text))


def test_a_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = TEXT.replace("workers:\n", "workers: [\n", 1)
    with pytest.raises(ScenarioError, match=r"scenario\.yaml:\d+"):
        load_scenario(_write(tmp_path, text))


def test_a_timeline_may_only_set_timed_crossing_parameters() -> None:
    with pytest.raises(ScenarioError, match=re.escape("crossings.<crossing>.<field>")):
        with_changes(default_scenario(), {"workers.per_week": "5"}, from_date=dt.date(2019, 1, 1))


def test_an_unknown_path_in_a_change_says_what_paths_look_like() -> None:
    with pytest.raises(ScenarioError, match=re.escape("crossings.hunchun.baggage_inspection")):
        with_changes(default_scenario(), {"crossings.rason.baggage_inspection": "0.5"})


@settings(max_examples=40, deadline=None)
@given(value=st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8)))
def test_any_change_is_validated_or_refused_with_a_named_field(value: object) -> None:
    text = repr(value) if isinstance(value, float) else str(value)
    try:
        changed = with_changes(default_scenario(), {"crossings.hunchun.cargo_inspection": text})
    except ScenarioError as exc:
        assert "crossings.hunchun.cargo_inspection" in str(exc)
    else:
        assert 0 <= changed.crossings["hunchun"].cargo_inspection <= 1
