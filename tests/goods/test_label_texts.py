"""The national tariff schedules shipped as label texts, and their reader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderwatch.errors import ReferenceDataError
from borderwatch.goods.label_texts import (
    LABEL_SOURCES,
    build_label_indexes,
    label_tokens,
    parse_label_lines,
    read_label_lines,
)
from borderwatch.reference.hs import nomenclature


@pytest.mark.parametrize("source", LABEL_SOURCES)
def test_every_shipped_line_belongs_to_an_hs2022_subheading(source: str) -> None:
    lines = read_label_lines(source)
    codes = nomenclature()
    assert len(lines) > 9000
    assert all(hs6 in codes for hs6, _ in lines)
    # each schedule names (nearly) every subheading: 5,612 in HS 2022
    assert len({hs6 for hs6, _ in lines}) >= 5600


@pytest.mark.parametrize(
    ("source", "hs6", "words"),
    [
        ("cn", "851660", "电饭锅"),  # a Chinese ten-digit line: rice cookers
        ("kr", "851713", "스마트폰"),
        ("us", "851713", "Smartphones"),
        ("eu", "010121", "Pure-bred breeding horses"),
    ],
)
def test_a_national_line_names_goods_the_hs_text_does_not(
    source: str, hs6: str, words: str
) -> None:
    assert any(words in text for code, text in read_label_lines(source) if code == hs6)


def test_a_chinese_ten_digit_name_finds_its_subheading_first() -> None:
    labels = build_label_indexes(frozenset({"851660", "851671", "100630"}))
    found = labels.indexes["cn"].search(label_tokens("电饭锅"), limit=3)
    assert found[0].hs == "851660"


@pytest.mark.parametrize(
    ("text", "problem"),
    [("85166\tx", "'85166'"), ("8516601\tx", "'8516601'"), ("851660 x", "'851660 x'")],
)
def test_a_malformed_line_is_named_with_file_and_line(text: str, problem: str) -> None:
    with pytest.raises(ReferenceDataError, match=rf"labels\.tsv:2: field hs6: {problem}"):
        parse_label_lines(f"010121\tHorses\n{text}\n", "labels.tsv")


@given(st.text(max_size=300))
def test_the_reader_accepts_a_file_or_names_its_bad_line(text: str) -> None:
    try:
        lines = parse_label_lines(text, "fuzz.tsv")
    except ReferenceDataError as exc:
        assert "fuzz.tsv:" in str(exc) and "scripts/build_tariff_labels.py" in str(exc)
    else:
        assert all(len(hs6) == 6 and hs6.isdigit() for hs6, _ in lines)
