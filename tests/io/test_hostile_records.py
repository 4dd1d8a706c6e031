"""Records built to break a reader: each is rejected with its field, the batch goes on."""

from __future__ import annotations

import io
import json

import pytest

from borderwatch.io.declarations import Parsed, read_declarations
from borderwatch.io.sources import MAX_RECORD_BYTES
from borderwatch.rules.loader import shipped_rule_base
from tests.io.samples import GOOD, good, jsonl

RULES = shipped_rule_base()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _read(data: bytes, name: str = "in.jsonl") -> list[Parsed]:
    return list(read_declarations(io.BytesIO(data), RULES, source_name=name))


def _between_good(bad: bytes) -> Parsed:
    """``bad`` between two good lines: both good ones read, and the bad one's result."""
    data = jsonl(good("G1")).encode() + bad + b"\n" + jsonl(good("G2")).encode()
    parsed = _read(data)
    assert [p.declaration.id for p in parsed if p.declaration] == ["G1", "G2"]
    rejected = [p for p in parsed if p.declaration is None]
    assert rejected and all(p.errors for p in rejected)
    assert all(e.line is not None and e.line >= 2 for p in rejected for e in p.errors)
    return rejected[0]


def _item(**fields: object) -> bytes:
    item = {"id": "1", "description": "rice cooker", "hs": "851660", **fields}
    return json.dumps({**GOOD, "id": "BAD", "items": [item]}).encode()


def test_nesting_deeper_than_python_recursion_is_a_reject() -> None:
    parsed = _between_good(b'{"id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert parsed.errors[0].field == "(line)"
    assert "nested too deeply" in parsed.errors[0].problem


def test_nesting_inside_a_field_is_a_reject_naming_the_field() -> None:
    parsed = _between_good(_item(description=[[[[[[[[["deep"]]]]]]]]]))
    assert parsed.errors[0].field == "items.0.description"


def test_an_integer_of_5000_digits_is_a_reject_naming_the_field() -> None:
    parsed = _between_good(_item().replace(b'"hs": "851660"', b'"quantity": ' + b"9" * 5000))
    (error,) = parsed.errors
    assert error.field == "items.0.quantity"
    assert "larger than" in error.problem
    assert len(str(error)) < 1000


@pytest.mark.parametrize(
    "value", ["1e9999999999", "1e999999", "-1e999999", "1E+16", "1e" + "9" * 40, "1e-" + "9" * 40]
)
@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("items.0.quantity", lambda v: {"quantity": v}),
        ("items.0.unit_value.amount", lambda v: {"unit_value": {"amount": v, "currency": "CNY"}}),
        ("items.0.piece.area_m2", lambda v: {"piece": {"id": "A", "area_m2": v}}),
    ],
)
def test_absurdly_large_numbers_are_rejects_naming_the_field(
    value: str, field: str, make: object
) -> None:
    assert callable(make)
    for written in (json.dumps(value), value):  # as a JSON string and as a JSON number
        raw = _item(**make("VALUE")).replace(b'"VALUE"', written.encode())
        parsed = _between_good(raw)
        assert field in {e.field for e in parsed.errors}, parsed.errors


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", '"nan"', '"inf"'])
def test_non_finite_numbers_are_rejects(value: str) -> None:
    raw = _item(quantity="VALUE").replace(b'"VALUE"', value.encode())
    assert _between_good(raw).errors[0].field == "items.0.quantity"


def test_too_many_decimal_places_are_a_reject() -> None:
    parsed = _between_good(_item(quantity="1e-99999999"))
    assert "decimal places" in parsed.errors[0].problem


@pytest.mark.parametrize(
    "garbage",
    [
        PNG,
        b"\x00\x00\x00\x00",
        bytes(range(256)),
        b"\xff\xfe{\x00}\x00",
        b'{"id": "\x00"}',
        b'{"id": "\\ud800", "items": [{"\\udc00": 1}]}',
        b"[" * 10 + b"]" * 10,
        b"1e9999999999",
        b'"just a string"',
    ],
)
def test_binary_garbage_is_rejected_never_raised(garbage: bytes) -> None:
    _between_good(garbage)


def test_a_line_over_the_record_limit_is_rejected_and_the_next_still_read() -> None:
    huge = _item(description="x" * (MAX_RECORD_BYTES + 10))
    parsed = _between_good(huge)
    (error,) = parsed.errors
    assert error.line == 2 and "longer than" in error.problem


def test_a_long_value_is_cut_in_the_message() -> None:
    parsed = _between_good(_item(hs="9" * 100_000))
    assert all(len(str(e)) < 1000 for e in parsed.errors)


def test_markup_in_values_is_kept_as_data() -> None:
    (parsed,) = _read(jsonl(good("[green]clear[/green]", crossing="[bold]x[/]")).encode())
    assert parsed.errors[0].value == "[bold]x[/]"
