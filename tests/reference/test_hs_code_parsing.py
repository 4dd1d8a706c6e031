"""Fuzzing how declared codes are read: separators, national lines, dropped zeros, junk."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from borderwatch.io.declarations import read_declarations
from borderwatch.model import Declaration, Item
from borderwatch.reference.hs import nomenclature, normalise_hs
from borderwatch.reference.hs_versions import version_tables
from borderwatch.rules.loader import shipped_rule_base

RULES = shipped_rule_base()
SIX = sorted({*nomenclature().subheadings, *version_tables().to_2022, *version_tables().to_2017})
separators = st.sampled_from([".", " ", "-", "", "", ""])


@st.composite
def written(draw: st.DrawFn, digits: str) -> str:
    """``digits`` as people write them: separators anywhere, spaces around."""
    out = [digits[0]]
    for d in digits[1:]:
        out.append(draw(separators) + d)
    return draw(st.sampled_from(["", " "])) + "".join(out) + draw(st.sampled_from(["", " \t"]))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SIX), st.sampled_from([0, 2, 4]), st.data())
def test_a_subheading_or_national_line_reads_as_its_six_digits(
    code: str, extra: int, data: st.DataObject
) -> None:
    line = code + data.draw(st.text("0123456789", min_size=extra, max_size=extra))
    assert normalise_hs(data.draw(written(line))) == code


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([c for c in SIX if c.startswith("0")]), st.sampled_from([0, 2, 4]), st.data()
)
def test_a_leading_zero_a_spreadsheet_dropped_is_restored(
    code: str, extra: int, data: st.DataObject
) -> None:
    line = code + data.draw(st.text("0123456789", min_size=extra, max_size=extra))
    assert normalise_hs(line.removeprefix("0")) == code


@pytest.mark.parametrize(
    "value",
    [
        "",
        "5",
        "12345678901",
        "847130000000",
        "8471３0",
        "84713²",
        "٨٤٧١٣٠",
        "8471/30",
        "HS847130",
        "-",
    ],
)
def test_wrong_lengths_and_characters_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="2, 4 or 6 digits"):
        normalise_hs(value)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=14))
def test_any_text_is_a_code_of_2_4_or_6_ascii_digits_or_refused(value: str) -> None:
    try:
        code = normalise_hs(value)
    except ValueError:
        return
    assert len(code) in (2, 4, 6) and code.isascii() and code.isdigit()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.sampled_from(SIX).flatmap(written), st.text("0123456789 .-x", max_size=12)))
def test_the_model_keeps_the_code_as_written_and_survives_a_round_trip(value: str) -> None:
    try:
        item = Item.model_validate({"id": "1", "hs": value})
    except ValidationError as exc:
        assert [e["loc"] for e in exc.errors()] == [("hs",)]
        return
    if not value.strip():
        assert (item.hs, item.declared_hs) == (None, None)  # a blank cell is no code
        return
    assert item.hs == normalise_hs(value)
    assert item.declared_hs == (None if value.strip() == item.hs else value.strip())
    assert Item.model_validate_json(item.model_dump_json()) == item


def test_a_declared_hs_that_does_not_stand_for_hs_is_refused() -> None:
    with pytest.raises(ValidationError, match="does not stand for hs"):
        Item.model_validate({"id": "1", "hs": "851660", "declared_hs": "8471300000"})
    kept = Item.model_validate({"id": "1", "hs": "847130", "declared_hs": "8471300000"})
    assert kept.declared_hs == "8471300000"


@pytest.mark.parametrize(
    ("value", "version"),
    [(2017, 2017), ("2012", 2012), ("HS 2022", 2022), ("hs2017", 2017), (" ", None), (None, None)],
)
def test_hs_version_is_read_as_written(value: object, version: int | None) -> None:
    item = Item.model_validate({"id": "1", "hs_version": value})
    assert item.hs_version == version


@pytest.mark.parametrize("value", [2016, "2007", "HS", True, 2017.5, "２０１７"])
def test_an_hs_version_borderwatch_cannot_read_is_refused(value: object) -> None:
    with pytest.raises(ValidationError, match="not an HS version"):
        Declaration.model_validate(
            {
                "id": "D",
                "date": "2019-03-01",
                "crossing": "dandong",
                "direction": "export",
                "country": "KP",
                "channel": "cargo",
                "hs_version": value,
                "items": [{"id": "1"}],
            }
        )


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.sampled_from(SIX).flatmap(written), st.text("0123456789 .-", max_size=12)),
    st.dates(),
    st.sampled_from([None, 2012, 2017, 2022]),
)
def test_the_reader_accepts_a_code_or_rejects_it_naming_field_and_value(
    value: str, day: object, version: int | None
) -> None:
    item: dict[str, object] = {"id": "1", "hs": value}
    if version is not None:
        item["hs_version"] = version
    record = {
        "id": "D",
        "date": str(day),
        "crossing": "dandong",
        "direction": "export",
        "country": "KP",
        "channel": "cargo",
        "items": [item],
    }
    data = (json.dumps(record) + "\n").encode()
    (parsed,) = read_declarations(io.BytesIO(data), RULES, source_name="fuzz.jsonl")
    if parsed.declaration is not None:
        assert parsed.errors == ()
        code = parsed.declaration.items[0].hs
        assert code == (normalise_hs(value) if value.strip() else None)
        return
    (error,) = parsed.errors
    assert (error.line, error.field, error.value) == (1, "items.0.hs", value)
    assert error.hint
