"""Match queries as JSON lines: good lines become parties, bad ones errors with line and field."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.parties.queries import read_queries


def test_good_and_bad_lines() -> None:
    lines = [
        json.dumps({"id": "1", "name": "Ri Won Ho", "birth_date": "1964-07-17"}),
        "",
        json.dumps({"id": 7, "name": "Korea Ryonbong", "schema": "Organization"}),
        json.dumps({"name": "no id"}),
        json.dumps({"id": "3", "name": "x", "nationality": "ZZ"}),
        json.dumps({"id": "4", "name": "x", "colour": "red"}),
        "[1]",
    ]
    found = list(read_queries(lines, source="q.jsonl"))
    assert [(q.line, q.id) for q in found if q.party] == [(1, "1"), (3, "7")]
    assert found[1].party is not None and found[1].party.schema_ == "Organization"
    errors = [(q.error.line, q.error.field) for q in found if q.error]
    assert errors == [(4, "id"), (5, "nationality"), (6, "colour"), (7, "(line)")]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(max_size=60)
        | st.dictionaries(st.text(max_size=10), st.text(max_size=10)).map(json.dumps),
        max_size=6,
    )
)
def test_any_input_gives_a_party_or_an_error_per_line(lines: list[str]) -> None:
    lines = [line.replace("\n", " ") for line in lines]
    found = list(read_queries(lines, source="fuzz"))
    assert len(found) == sum(1 for line in lines if line.strip())
    for query in found:
        assert (query.party is None) != (query.error is None)
        if query.error is not None:
            assert query.error.source == "fuzz" and query.error.line == query.line
