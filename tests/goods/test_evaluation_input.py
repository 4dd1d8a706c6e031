"""Reading labelled files: codes as people write them, bad rows named, nothing else raised."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderwatch.errors import RecordError
from borderwatch.goods.evaluation import read_labelled
from borderwatch.reference.hs import hs6_of


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("610910", "610910"),
        ("6109.10", "610910"),
        (" 6109 10 ", "610910"),
        ("6109.10.0010", "610910"),
        ("8516600000", "851660"),
        ("30743", "030743"),  # a leading zero lost in a spreadsheet, HS 2022 has 030743
        ("99999", None),  # five digits that are no subheading with a zero in front
        ("6109", None),  # a heading is not a subheading
        ("61091O", None),
        ("", None),
    ],
)
def test_hs6_of_reads_codes_as_written(written: str, expected: str | None) -> None:
    assert hs6_of(written) == expected


def test_read_labelled_names_the_bad_row() -> None:
    text = "title,hs_code\nrice cooker,8516.60\n,610910\n"
    with pytest.raises(RecordError) as raised:
        read_labelled(io.StringIO(text), source="shop.csv")
    assert (raised.value.line, raised.value.field) == (3, "title")


@given(st.text(max_size=300))
def test_read_labelled_raises_only_record_errors(text: str) -> None:
    try:
        rows = read_labelled(io.StringIO(text), source="fuzz.csv")
    except RecordError as error:
        assert error.source == "fuzz.csv"
        return
    assert all(len(r.hs6) == 6 and r.hs6.isdigit() and r.description for r in rows)
