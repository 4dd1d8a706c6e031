"""Lookup by document number alone: normalised numbers, and screening that a new name cannot dodge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderwatch.engine.party_check import screen_parties
from borderwatch.model.declaration import Declaration, Party
from borderwatch.parties.documents import (
    DocumentScreener,
    document_keys,
    plain_number,
    query_keys,
)
from borderwatch.parties.entries import Document
from borderwatch.parties.ftm_json import parse_ftm_json
from borderwatch.parties.matcher import PartyMatcher

NESTED = Path(__file__).resolve().parents[1] / "data" / "parties" / "ftm-nested-sample.json"


@pytest.fixture(scope="module")
def screener() -> DocumentScreener:
    snapshot = parse_ftm_json(NESTED.read_bytes(), source="nested.json")
    return DocumentScreener(PartyMatcher([snapshot], threshold=0.80))


#: (number as typed, schema, entry found or None, why)
GOLDEN = [
    ("654410078", "Person", "bw-nested-kpi-054", "the passport number as listed"),
    ("654 410 078", "Person", "bw-nested-kpi-054", "spaces dropped"),
    ("654-410-078", "Person", "bw-nested-kpi-054", "dashes dropped"),
    ("KP654410078", "Person", "bw-nested-kpi-054", "issuing country's code in front"),
    ("kp-654410078", "Person", "bw-nested-kpi-054", "country code in lower case, dashed"),
    ("IMO 5434358", "Organization", "bw-nested-kpe-066", "registration number as listed"),
    ("5434358", "Organization", "bw-nested-kpe-066", "without IMO"),
    ("imo5434358", "Organization", "bw-nested-kpe-066", "case and spacing"),
    ("654410079", "Person", None, "one digit off is another passport"),
    ("CN654410078", "Person", None, "another country's code in front"),
    ("65441007", "Person", None, "a prefix of the number is not the number"),
]


@pytest.mark.parametrize(("number", "schema", "expected", "why"), GOLDEN)
def test_a_document_number_alone_finds_its_entry(
    screener: DocumentScreener, number: str, schema: str, expected: str | None, why: str
) -> None:
    party = Party(name="Nobody In Particular", schema=schema, id_number=number)
    refs = [m.ref for m in screener.by_document(party)]
    assert refs == ([expected] if expected else []), why


def test_a_renamed_traveller_with_a_listed_passport_is_referred(
    screener: DocumentScreener,
) -> None:
    party = Party(name="Pak Min Ho", nationality="KP", id_number="654 410 078")
    assert screener.matcher.match(party) == []  # the name alone finds nothing
    matches = screener.match(party)
    assert [m.ref for m in matches] == ["bw-nested-kpi-054"]
    assert matches[0].score == 0.80
    # the name's own points stay in the explanation; the document adds what lifts it
    assert re.fullmatch(
        r"\+0\.\d\d document number 654 410 078 is Passport 654410078 \(KP\) of this "
        r"entry: alerts whatever the name",
        matches[0].explanation[0],
    )


def test_a_listed_document_alerts_in_declaration_screening(screener: DocumentScreener) -> None:
    declaration = Declaration.model_validate(
        {
            "id": "D1",
            "date": "2026-12-07",
            "crossing": "dandong",
            "direction": "import",
            "country": "KP",
            "channel": "baggage",
            "traveller": {"name": "Pak Min Ho", "id_number": "KP654410078"},
            "items": [{"id": "1", "description": "clothing"}],
        }
    )
    found = screen_parties(declaration, screener, confirm_score=0.95)
    assert found.possible_hit
    assert found.reasons == (
        "traveller 'Pak Min Ho' may be listed entry bw-nested-kpi-054 'CHOE CHUN YONG' "
        "(score 0.80): refer for identity check",
    )


def test_the_listed_name_and_document_keep_the_higher_name_score(
    screener: DocumentScreener,
) -> None:
    party = Party(name="Choe Chun Yong", nationality="KP", id_number="654410078")
    (best,) = screener.match(party)
    assert best.ref == "bw-nested-kpi-054"
    assert best.score > 0.9
    assert any("document number 654410078 is on the list" in line for line in best.explanation)


@given(st.text(max_size=20), st.sampled_from(["", "KP", "CN"]))
def test_a_listed_number_is_found_by_its_plain_form(number: str, country: str) -> None:
    keys = document_keys(Document(number, "Passport", country))
    if plain_number(number):
        assert query_keys(number) & keys
        assert query_keys(country + "-" + number) & keys if country else True
    else:
        assert keys == set()
