"""The FollowTheMoney reader: entities, linked documents and sanctions, broken input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.errors import ListFormatError
from borderwatch.parties.ftm_json import parse_ftm_json

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "ftm-sample.jsonl"


def test_sample_entities_become_entries_with_linked_facts() -> None:
    snapshot = parse_ftm_json(SAMPLE.read_bytes(), source="s.jsonl")
    by_ref = {e.ref: e for e in snapshot.entries}
    assert set(by_ref) == {"bw-test-person-1", "bw-test-company-1", "bw-test-vessel-1"}
    person = by_ref["bw-test-person-1"]
    assert person.schema == "Person"
    assert [(a.name, a.quality) for a in person.aliases] == [
        ("Gim Cheol-ung", "alias"),
        ("Mr Kim", "weak"),
    ]
    assert person.birth_dates == ("1975-09-30",)
    assert person.nationalities == ("KP",)
    assert {d.number for d in person.documents} == {"836410077", "PD7730011"}
    company = by_ref["bw-test-company-1"]
    assert (company.schema, company.listed_on) == ("Organization", "2018-02-23")
    assert by_ref["bw-test-vessel-1"].schema == "Vessel"
    assert snapshot.format == "ftm"


def test_a_json_array_reads_like_json_lines() -> None:
    lines = [json.loads(line) for line in SAMPLE.read_text().splitlines()]
    as_array = parse_ftm_json(json.dumps(lines).encode(), source="a.json")
    as_lines = parse_ftm_json(SAMPLE.read_bytes(), source="s.jsonl")
    assert as_array.entries == as_lines.entries


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{not json", r"bad\.jsonl:2: not a JSON object"),
        ('{"schema": "Person", "properties": {}}', r"bad\.jsonl:2: field 'id' = None"),
        ('{"id": "x", "schema": "Spaceship"}', r"bad\.jsonl:2: field 'schema' = 'Spaceship'"),
        ("[1, 2]", r"bad\.jsonl:2: field '\(entity\)'"),
    ],
)
def test_bad_lines_name_file_line_field_and_value(line: str, expected: str) -> None:
    first = SAMPLE.read_text().splitlines()[0]
    with pytest.raises(ListFormatError, match=expected):
        parse_ftm_json(f"{first}\n{line}\n".encode(), source="bad.jsonl")


def test_non_utf8_is_refused() -> None:
    with pytest.raises(ListFormatError, match="not UTF-8"):
        parse_ftm_json(b'{"id": "\xff"}', source="x.json")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
_ENTITY = st.fixed_dictionaries(
    {
        "id": st.text(max_size=8),
        "schema": st.sampled_from(["Person", "Company", "Vessel", "Passport", "Thing", "", "x"]),
        "properties": st.dictionaries(
            st.sampled_from(["name", "alias", "birthDate", "nationality", "holder", "x"]),
            st.lists(st.text(max_size=12), max_size=3) | _JSON,
            max_size=4,
        ),
    }
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ENTITY | _JSON, max_size=4))
def test_arbitrary_json_lines_parse_or_raise_list_format_error(records: list[object]) -> None:
    raw = "\n".join(json.dumps(r) for r in records).encode()
    try:
        snapshot = parse_ftm_json(raw, source="fuzz.jsonl")
    except ListFormatError:
        return
    assert all(e.name for e in snapshot.entries)
