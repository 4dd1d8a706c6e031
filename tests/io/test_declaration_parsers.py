"""The declaration readers: every line accounted for, bad values named precisely."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.io.declarations import read_csv, read_json_lines
from borderwatch.model import Declaration
from borderwatch.rules.loader import shipped_rule_base
from tests.engine.strategies import declarations

RULES = shipped_rule_base()

GOOD = {
    "id": "D1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "items": [{"id": "1", "description": "rice cooker", "hs": "8516.60"}],
}


def _bytes(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def _read(lines: list[str]) -> list:  # type: ignore[type-arg]
    return list(read_json_lines(_bytes("\n".join(lines)), RULES, source="in.jsonl"))


def test_good_and_bad_lines_are_both_accounted_for() -> None:
    bad_date = {**GOOD, "id": "D2", "date": "2019-02-30"}
    parsed = _read([json.dumps(GOOD), "{oops", json.dumps(bad_date), "", json.dumps(GOOD)])
    assert [p.line for p in parsed] == [1, 2, 3, 5]
    assert [p.declaration is not None for p in parsed] == [True, False, False, True]
    assert parsed[0].declaration is not None and parsed[0].declaration.items[0].hs == "851660"
    (error,) = parsed[2].errors
    assert (error.line, error.field, error.value) == (3, "date", "2019-02-30")
    assert "YYYY-MM-DD" in error.hint


def test_each_kind_of_bad_value_is_named() -> None:
    record = {
        **GOOD,
        "crossing": "atlantis",
        "items": [
            {"id": "1", "hs": "999999"},
            {"id": "2", "hs": "8516", "quantity": -2},
            {"id": "3", "hs": "12345", "unit_value": {"amount": "5", "currency": "XYZ"}},
        ],
        "conveyance": {"kind": "pigeon", "id": "P-1"},
    }
    (parsed,) = _read([json.dumps(record)])
    found = {(e.field, str(e.value)) for e in parsed.errors}
    assert ("crossing", "atlantis") in found
    assert ("items.0.hs", "999999") in found
    assert ("items.1.quantity", "-2") in found
    assert ("items.2.hs", "12345") in found
    assert ("items.2.unit_value.currency", "XYZ") in found
    assert ("conveyance.kind", "pigeon") in found
    assert all(e.line == 1 and e.source == "in.jsonl" for e in parsed.errors)


def test_csv_groups_rows_into_declarations() -> None:
    text = (
        "id,date,crossing,direction,country,channel,conveyance_kind,conveyance_id,traveller_name,"
        "traveller_category,item_id,description,hs,quantity,unit_value,currency,piece_id,"
        "piece_area_m2\n"
        "B1,2019-02-12,dandong,export,KP,baggage,bus,辽F-37412,Ri,returning_worker,1,rice cooker,"
        "851660,1,420,CNY,A,0.5\n"
        "B1,2019-02-12,dandong,export,KP,baggage,bus,辽F-37412,Ri,returning_worker,2,laptop,"
        "847130,1,3900,CNY,A,0.5\n"
        "B2,2019-02-12,dandong,export,KP,baggage,,,Kim,returning_worker,1,tv,852872,-1,,,,\n"
    )
    parsed = list(read_csv(_bytes(text), RULES, source="in.csv"))
    assert [p.line for p in parsed] == [2, 4]
    first = parsed[0].declaration
    assert first is not None and [i.hs for i in first.items] == ["851660", "847130"]
    assert first.traveller is not None and first.traveller.category == "returning_worker"
    assert first.conveyance is not None and first.conveyance.label() == "bus 辽F-37412"
    assert parsed[1].declaration is None
    assert parsed[1].errors[0].field == "items.0.quantity"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=8))
def test_arbitrary_text_never_crashes_the_json_reader(lines: list[str]) -> None:
    text = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines)
    parsed = list(read_json_lines(_bytes(text), RULES, source="fuzz"))
    for p in parsed:
        assert (p.declaration is None) == bool(p.errors)
        assert all(e.line == p.line for e in p.errors)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_arbitrary_text_never_crashes_the_csv_reader(text: str) -> None:
    for p in read_csv(_bytes(text), RULES, source="fuzz.csv"):
        assert (p.declaration is None) == bool(p.errors)


@settings(max_examples=100, deadline=None)
@given(declarations())
def test_a_valid_declaration_survives_a_round_trip(declaration: Declaration) -> None:
    line = declaration.model_dump_json(by_alias=True)
    (parsed,) = read_json_lines(_bytes(line), RULES, source="rt")
    assert parsed.declaration == declaration
