"""Golden cases: names in Han characters read in Korean and as pinyin, the better kept.

The table (tests/data/parties/han-names.yaml) pins, for each name, the list
entry it alerts on and the reading the explanation names, or that it alerts
on nothing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from borderwatch.parties.entries import ListEntry, ListSnapshot
from borderwatch.parties.matcher import PartyMatcher
from borderwatch.parties.prepared import prepare_entry
from borderwatch.parties.stored_index import decode_entry, encode_entry
from borderwatch.parties.un_xml import parse_un_xml

TABLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "han-names.yaml"
GOLDEN = yaml.safe_load(TABLE.read_text(encoding="utf-8"))


@cache
def _un_matcher(path: Path) -> PartyMatcher:
    return PartyMatcher([parse_un_xml(path.read_bytes(), source=str(path))], threshold=0.80)


def _name_reason(match: Any) -> str:
    return str(match.explanation[0])


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda c: c["query"])
def test_names_in_han_against_the_un_list(case: dict[str, Any], shared_data: Path) -> None:
    matcher = _un_matcher(shared_data / "un-sanctions" / "consolidated.xml")
    found = matcher.match_fields(case["query"], schema=case["schema"])
    if case["expected"] is None:
        assert found == [], [(m.ref, m.explanation[0]) for m in found]
        return
    hit = next((m for m in found if m.ref == case["expected"]), None)
    assert hit is not None, [(m.ref, m.explanation[0]) for m in found]
    assert case["reading"] in _name_reason(hit)


@pytest.mark.parametrize("pair", GOLDEN["pairs"], ids=lambda p: f"{p['query']}~{p['listed']}")
def test_names_in_han_against_one_listed_name(pair: dict[str, Any]) -> None:
    entry = ListEntry(ref="T-1", schema=pair["schema"], name=pair["listed"])
    snapshot = ListSnapshot(
        source="golden", format="test", generated=None, content_hash="x", entries=(entry,)
    )
    found = PartyMatcher([snapshot], threshold=0.80).match_fields(
        pair["query"], schema=pair["schema"]
    )
    assert bool(found) == pair["match"], [m.explanation[0] for m in found]
    if found:
        assert pair["reading"] in _name_reason(found[0])


def test_readings_of_a_listed_name_in_han_survive_the_stored_index() -> None:
    """Entries read from the on-disk index explain a match as the in-memory ones do."""
    person = prepare_entry(ListEntry(ref="T-1", schema="Person", name="金哲雄"))
    company = prepare_entry(ListEntry(ref="T-2", schema="Organization", name="高丽航空"))
    for prepared in (person, company):
        decoded = decode_entry(encode_entry(prepared))
        assert decoded == prepared
    splits = decode_entry(encode_entry(person)).persons[0].splits
    assert [s.reading for s in splits] == [s.reading for s in person.persons[0].splits]
    assert "金哲雄 read in Korean as 김철웅" in [s.reading for s in splits]
    form = decode_entry(encode_entry(company)).organisations[0]
    assert form.reading == "高丽 read in Mandarin as gao li"  # 航空 reads as the word air
    assert [a.reading for a in form.alternates] == [
        a.reading for a in company.organisations[0].alternates
    ]
    assert form.alternates[0].joined == "kolyoail"
