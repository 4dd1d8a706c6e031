"""The JSON-lines request reader: each line is a request or a precise error."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from borderwatch.errors import RecordError
from borderwatch.goods.requests import ClassifyRequest, read_requests


def test_good_and_bad_lines() -> None:
    lines = [
        '{"id": "1", "description": "rice cooker"}',
        "",
        '{"id": 2, "description": "가죽 핸드백", "lang": "ko"}',
        '{"id": "3"}',
        "not json",
        '{"id": "4", "description": "tea", "lang": "fr"}',
        "[1, 2]",
    ]
    parsed = list(read_requests(lines, source="in.jsonl"))
    assert parsed[0] == ClassifyRequest("1", "rice cooker", None)
    assert parsed[1] == ClassifyRequest("2", "가죽 핸드백", "ko")
    errors = [p for p in parsed if isinstance(p, RecordError)]
    assert [(e.line, e.field) for e in errors] == [
        (4, "description"),
        (5, "(line)"),
        (6, "lang"),
        (7, "(line)"),
    ]
    assert "in.jsonl:6" in str(errors[2]) and "'fr'" in str(errors[2])


@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=20),
            st.text(max_size=60),
            st.sampled_from([None, "en", "zh", "ko"]),
        ),
        max_size=20,
    )
)
def test_valid_records_round_trip(records: list[tuple[str, str, str | None]]) -> None:
    lines = [
        json.dumps({"id": i, "description": d, **({"lang": lang} if lang else {})})
        for i, d, lang in records
    ]
    parsed = list(read_requests(lines))
    assert len(parsed) == len(records)
    for (ident, description, lang), result in zip(records, parsed, strict=True):
        if description.strip():
            assert result == ClassifyRequest(ident, description, lang)
        else:
            assert isinstance(result, RecordError) and result.field == "description"


@given(st.lists(st.text(max_size=100), max_size=30))
def test_any_text_yields_one_result_per_non_blank_line(lines: list[str]) -> None:
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    parsed = list(read_requests(lines))
    assert len(parsed) == sum(1 for line in lines if line.strip())
    for result in parsed:
        if isinstance(result, RecordError):
            assert result.line is not None and 1 <= result.line <= len(lines)
        else:
            assert result.description.strip()
