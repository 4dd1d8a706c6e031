"""The nested FollowTheMoney layout (targets.nested.json): golden entries, refused nestings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.errors import ListFormatError
from borderwatch.parties.entries import Document
from borderwatch.parties.ftm_json import parse_ftm_json
from borderwatch.parties.ftm_schemata import schemata
from borderwatch.parties.sources import parse_list

NESTED = Path(__file__).resolve().parents[1] / "data" / "parties" / "ftm-nested-sample.json"


def _entries() -> dict[str, Any]:
    snapshot = parse_ftm_json(NESTED.read_bytes(), source="nested.json")
    return {e.ref: e for e in snapshot.entries}


#: (entry, field, value read from the nested entities, where it came from)
GOLDEN = [
    ("bw-nested-kpi-054", "documents", (Document("654410078", "Passport", "KP"),),
     "identification: a nested Passport"),
    ("bw-nested-kpi-054", "list_type", "DPRK", "sanctions: the nested Sanction's program"),
    ("bw-nested-kpi-054", "listed_on", "2017-08-05", "sanctions: its listingDate"),
    ("bw-nested-kpi-054", "relations", ("Membership organization: ILSIM INTERNATIONAL BANK",),
     "membershipMember: the organisation at the other end, by name"),
    ("bw-nested-kpi-054", "datasets", ("un_sc_sanctions",), "the entity's datasets"),
    ("bw-nested-kpe-066", "documents", (Document("IMO 5434358", "Identification", ""),),
     "identification: a nested Identification"),
    ("bw-nested-kpe-066", "addresses", ("Puksong 2-dong, Pyongchon-guyok, Pyongyang, KP",),
     "addressEntity: street, city, country written out"),
    ("bw-nested-kpe-066", "listed_on", "2018-03-30", "sanctions: its listingDate"),
    ("bw-nested-kpe-034", "relations", ("Membership member: bw-nested-kpi-054",),
     "membershipOrganization: the member named by id"),
]  # fmt: skip


@pytest.mark.parametrize(("ref", "field", "expected", "source"), GOLDEN)
def test_nested_entities_add_their_facts_to_the_target(
    ref: str, field: str, expected: object, source: str
) -> None:
    assert getattr(_entries()[ref], field) == expected, source


def test_only_targets_become_entries_and_the_layout_is_guessed_as_ftm() -> None:
    snapshot = parse_list(NESTED.read_bytes(), source="nested.json")
    assert snapshot.format == "ftm"
    assert sorted(e.ref for e in snapshot.entries) == [
        "bw-nested-kpe-034",
        "bw-nested-kpe-066",
        "bw-nested-kpi-054",
    ]


def test_nested_and_flat_layouts_of_one_listing_read_alike() -> None:
    nested = _entries()["bw-nested-kpi-054"]
    flat_lines = [
        {"id": "p", "schema": "Person",
         "properties": {"name": ["CHOE CHUN YONG"], "nationality": ["kp"]}},
        {"id": "pp", "schema": "Passport",
         "properties": {"holder": ["p"], "number": ["654410078"], "country": ["kp"]}},
        {"id": "s", "schema": "Sanction",
         "properties": {"entity": ["p"], "program": ["DPRK"], "listingDate": ["2017-08-05"]}},
    ]  # fmt: skip
    raw = "\n".join(json.dumps(line) for line in flat_lines).encode()
    flat = parse_ftm_json(raw, source="flat.jsonl").entries[0]
    for field in ("documents", "list_type", "listed_on", "nationalities"):
        assert getattr(flat, field) == getattr(nested, field), field


def _person_with(prop: str, value: object) -> bytes:
    record = {"id": "p1", "schema": "Person", "properties": {"name": ["Kim"], prop: value}}
    return ("\n" + json.dumps(record)).encode()


@pytest.mark.parametrize(
    ("prop", "value", "message"),
    [
        ("identification", [{"schema": "Passport", "properties": {}}],
         r"n\.json:2: property 'properties\.identification\[0\]\.id' = None: a nested entity "
         r"has no id"),
        ("identification", [{"id": "x", "schema": "Spaceship", "properties": {}}],
         r"n\.json:2: property 'properties\.identification\[0\]\.schema' = 'Spaceship': "
         r"not a FollowTheMoney schema"),
        ("sanctions", [{"id": "x", "schema": "Sanction", "properties": ["DPRK"]}],
         r"n\.json:2: property 'properties\.sanctions\[0\]\.properties' = \['DPRK'\]: "
         r"not an object"),
        ("name", {"first": "Kim"},
         r"n\.json:2: property 'properties\.name\[0\]\.schema' = None"),
    ],
)  # fmt: skip
def test_an_unsupported_nesting_names_file_line_and_property(
    prop: str, value: object, message: str
) -> None:
    with pytest.raises(ListFormatError, match=message):
        parse_ftm_json(_person_with(prop, value), source="n.json")


def test_nested_entities_of_schemata_not_read_are_skipped() -> None:
    occupancy = [{"id": "o", "schema": "Occupancy", "properties": {"status": ["current"]}}]
    snapshot = parse_ftm_json(_person_with("positionOccupancies", occupancy), source="n.json")
    assert [e.name for e in snapshot.entries] == ["Kim"]


_VALUE = st.one_of(
    st.text(max_size=8),
    st.none(),
    st.integers(),
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.text(max_size=4) | st.none(),
            "schema": st.sampled_from(["Passport", "Sanction", "Address", "Membership", "Nope"]),
            "properties": st.dictionaries(
                st.sampled_from(["number", "program", "city", "organization", "member"]),
                st.lists(st.text(max_size=6) | st.dictionaries(st.text(max_size=3), st.none())),
                max_size=3,
            )
            | st.text(max_size=3),
        },
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    prop=st.sampled_from(["identification", "sanctions", "addressEntity", "membershipMember"]),
    values=st.lists(_VALUE, max_size=3),
)
def test_any_nesting_is_read_or_refused_with_a_list_format_error(
    prop: str, values: list[object]
) -> None:
    try:
        snapshot = parse_ftm_json(_person_with(prop, values), source="n.json")
    except ListFormatError as exc:
        assert "n.json:2: property 'properties." in str(exc)
    else:
        assert [e.ref for e in snapshot.entries] == ["p1"]


def test_relations_and_address_parts_name_properties_of_the_model() -> None:
    """Only where followthemoney is installed (dev and bench extras)."""
    ftm = pytest.importorskip("followthemoney")
    table = schemata()
    for schema, ends in table.relations.items():
        for end in ends:
            prop = ftm.model.get(schema).get(end)
            assert prop is not None and prop.type.name == "entity", (schema, end)
    address = ftm.model.get("Address")
    assert all(address.get(part) is not None for part in table.address_parts)
