"""Reading declarations for analytics: what the batch path gets, and how bad records fail."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.analytics.load import parse_declaration_lines
from borderwatch.errors import RecordError
from borderwatch.rules.loader import shipped_rule_base

GOOD = {
    "id": "B1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "traveller": {"name": "Ri Yong Chol", "category": "returning_worker", "employer": "X"},
    "items": [
        {
            "id": "1",
            "description": "rice cooker",
            "hs": "851660",
            "unit_value": {"amount": "420", "currency": "CNY"},
            "piece": {"id": "A", "area_m2": "0.5"},
        },
        {"id": "2", "description": "condensate sample", "hs": "270900"},
    ],
}


def test_good_lines_become_columns_and_keyword_descriptions_go_to_the_engine() -> None:
    cols = parse_declaration_lines(
        [json.dumps(GOOD), "", json.dumps(GOOD)], shipped_rule_base(), source="in.jsonl"
    )
    assert cols.decl_id == ["B1", "B1"]
    assert cols.item_decl == [0, 0, 1, 1]
    assert cols.item_chapter[:2] == [85, 27]
    assert 55 < cols.item_usd[0] < 70  # 420 CNY in 2019
    assert set(cols.fallback) == {0, 1}  # "condensate" is a measure keyword


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"crossing": "atlantis"}, "crossing"),
        ({"date": "12/02/2019"}, "date"),
        ({"items": []}, "items"),
        ({"traveller": {"name": "A", "category": ["x"]}}, "traveller.category"),
        ({"items": [{"id": "1", "hs": "999999"}]}, "items.0.hs"),
        ({"items": [{"id": "1", "hs": "851660", "quantity": 0}]}, "items.0.quantity"),
    ],
)
def test_a_bad_record_names_file_line_and_field(change: dict[str, object], field: str) -> None:
    lines = [json.dumps(GOOD), json.dumps(GOOD | change)]
    with pytest.raises(RecordError) as caught:
        parse_declaration_lines(lines, shipped_rule_base(), source="in.jsonl")
    assert caught.value.line == 2
    assert caught.value.field == field
    assert str(caught.value).startswith("in.jsonl:2:")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    key=st.sampled_from(["date", "crossing", "channel", "direction", "items", "traveller"]),
    value=json_values,
)
def test_any_damaged_record_is_read_or_refused_with_a_record_error(key: str, value: object) -> None:
    line = json.dumps(GOOD | {key: value})
    try:
        cols = parse_declaration_lines([line], shipped_rule_base(), source="in.jsonl")
    except RecordError as exc:
        assert exc.line == 1
    else:
        assert len(cols.decl_id) == 1
