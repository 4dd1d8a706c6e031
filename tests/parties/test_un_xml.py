"""The UN consolidated list reader: the real file, a made-up sample, hostile and broken XML."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.errors import ListFormatError
from borderwatch.parties.un_xml import parse_un_xml

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"


@pytest.fixture(scope="module")
def un_list(shared_data: Path):  # type: ignore[no-untyped-def]
    path = shared_data / "un-sanctions" / "consolidated.xml"
    return parse_un_xml(path.read_bytes(), source=str(path))


def test_real_list_counts_match_its_sources_note(un_list) -> None:  # type: ignore[no-untyped-def]
    entries = un_list.entries
    assert len(entries) == 1009
    assert sum(e.schema == "Person" for e in entries) == 737
    dprk = [e for e in entries if e.ref.startswith("KP")]
    assert sum(e.ref.startswith("KPi.") for e in dprk) == 80
    assert sum(e.ref.startswith("KPe.") for e in dprk) == 75
    assert {e.list_type for e in dprk} == {"DPRK"}
    assert un_list.generated == "2026-05-08T23:00:06.922Z"
    assert (
        un_list.content_hash == "1f1b3bfe29a53e7ac7c42ee4e58d6a7d1ebdf7c5e91fd990d3e63aefe0313dea"
    )
    assert all(e.ref == e.ref.strip() for e in entries)


def test_real_list_entry_fields(un_list) -> None:  # type: ignore[no-untyped-def]
    by_ref = {e.ref: e for e in un_list.entries}
    ri = by_ref["KPi.033"]
    assert (ri.name, ri.schema, ri.listed_on) == ("RI WON HO", "Person", "2016-11-30")
    assert ri.birth_dates == ("1964-07-17",)
    assert ri.nationalities == ("KP",)
    assert [d.number for d in ri.documents] == ["381310014"]
    choe = by_ref["KPi.064"]
    assert [(a.name, a.quality) for a in choe.aliases] == [("Choe Sok Min", "Low")]
    assert "KPe.051" in by_ref  # listed with a trailing space in the file


def test_sample_reads_every_field() -> None:
    snapshot = parse_un_xml(SAMPLE.read_bytes(), source="sample.xml")
    pak, ri, company = snapshot.entries
    assert pak.ref == "KPi.901"
    assert pak.name == "PAK SO’NG-CH’O’L"
    assert [(a.name, a.quality) for a in pak.aliases] == [
        ("Pak Song Chol", "Good"),
        ("Park Sung-chul", "Low"),
    ]
    assert pak.birth_places == ("Sinuiju, Democratic People's Republic of Korea",)
    assert [(d.type, d.number, d.country) for d in pak.documents] == [
        ("Passport", "927100431", "KP")
    ]
    assert ri.birth_dates == ("1958", "1959", "1960")
    assert ("리명수", "original script") in [(a.name, a.quality) for a in ri.aliases]
    assert company.schema == "Organization"
    assert company.listed_on == "2017-08-05"
    assert (
        snapshot.label
        == f"un-xml:2025-01-31:{hashlib.sha256(SAMPLE.read_bytes()).hexdigest()[:12]}"
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&xxe;</FIRST_NAME>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_tricks_are_refused(hostile: bytes) -> None:
    with pytest.raises(ListFormatError, match="refused"):
        parse_un_xml(hostile, source="hostile.xml")


def test_broken_xml_names_file_and_line() -> None:
    broken = SAMPLE.read_bytes().replace(b"</SECOND_NAME>", b"</SECOND>", 1)
    with pytest.raises(ListFormatError, match=r"^broken\.xml:\d+: not well-formed"):
        parse_un_xml(broken, source="broken.xml")


def test_wrong_root_is_named() -> None:
    with pytest.raises(ListFormatError, match="<sdnList>"):
        parse_un_xml(b"<sdnList/>", source="ofac.xml")


def test_missing_reference_number_names_line_and_element() -> None:
    raw = SAMPLE.read_bytes().replace(b"<REFERENCE_NUMBER>KPi.902</REFERENCE_NUMBER>", b"")
    line = raw.split(b"<DATAID>900002")[0].count(b"\n")  # the <INDIVIDUAL> line before it
    with pytest.raises(ListFormatError) as caught:
        parse_un_xml(raw, source="s.xml")
    assert f"s.xml:{line}: INDIVIDUAL entry 2, element REFERENCE_NUMBER" in str(caught.value)


def test_bad_date_names_the_field_and_value() -> None:
    raw = SAMPLE.read_bytes().replace(b"<DATE>1971-04-12</DATE>", b"<DATE>12/04/1971</DATE>")
    with pytest.raises(ListFormatError, match=r"DATE_OF_BIRTH/DATE = '12/04/1971'"):
        parse_un_xml(raw, source="s.xml")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_either_parse_or_raise_list_format_error(raw: bytes) -> None:
    with contextlib.suppress(ListFormatError):
        parse_un_xml(raw, source="fuzz.xml")


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=3000), st.binary(min_size=1, max_size=8))
def test_corrupted_sample_either_parses_or_raises_list_format_error(at: int, junk: bytes) -> None:
    raw = SAMPLE.read_bytes()
    with contextlib.suppress(ListFormatError):
        parse_un_xml(raw[:at] + junk + raw[at:], source="fuzz.xml")


_NAME = st.text(alphabet="ABCDEGHIJKLMNOPRSTUWYZ -’'", min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_NAME, st.integers(1, 999), st.dates()), min_size=1, max_size=5))
def test_written_entries_read_back(rows: list[tuple[str, int, object]]) -> None:
    parts = [
        f"<INDIVIDUAL><FIRST_NAME>{name}</FIRST_NAME><REFERENCE_NUMBER>KPi.{n:03d}</REFERENCE_NUMBER>"
        f"<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><LISTED_ON>{day}</LISTED_ON></INDIVIDUAL>"
        for name, n, day in rows
    ]
    raw = f"<CONSOLIDATED_LIST><INDIVIDUALS>{''.join(parts)}</INDIVIDUALS></CONSOLIDATED_LIST>"
    entries = parse_un_xml(raw.encode(), source="gen.xml").entries
    assert [(e.name, e.ref, e.listed_on) for e in entries] == [
        (" ".join(name.split()), f"KPi.{n:03d}", str(day)) for name, n, day in rows
    ]
