"""The matcher: designated people found in every spelling, namesakes told apart, explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderwatch.model.declaration import Party
from borderwatch.parties.entries import ListSnapshot
from borderwatch.parties.features import (
    birth_date_feature,
    document_feature,
    nationality_feature,
    schema_feature,
)
from borderwatch.parties.matcher import MAX_SCORE, PartyMatcher
from borderwatch.parties.un_xml import parse_un_xml

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"


@pytest.fixture(scope="module")
def sample() -> ListSnapshot:
    return parse_un_xml(SAMPLE.read_bytes(), source=str(SAMPLE))


@pytest.fixture(scope="module")
def matcher(sample: ListSnapshot) -> PartyMatcher:
    return PartyMatcher([sample], threshold=0.80)


@pytest.mark.parametrize(
    ("name", "schema", "ref"),
    [
        ("Pak Song Chol", "Person", "KPi.901"),
        ("Park Sung-chul", "Person", "KPi.901"),
        ("박성철", "Person", "KPi.901"),
        ("Song Chol Pak", "Person", "KPi.901"),
        ("리명수", "Person", "KPi.902"),
        ("Lee Myung-soo", "Person", "KPi.902"),
        ("Songbong Trading Co Ltd", "Organization", "KPe.901"),
        ("朝鲜松峰贸易有限公司", "Organization", "KPe.901"),
    ],
)
def test_spellings_find_the_entry(matcher: PartyMatcher, name: str, schema: str, ref: str) -> None:
    found = matcher.match_fields(name, schema=schema)
    assert [m.ref for m in found][:1] == [ref]
    assert found[0].list_snapshot == matcher.snapshots[0]


def test_namesake_with_other_birth_year_scores_below_threshold(
    matcher: PartyMatcher, sample: ListSnapshot
) -> None:
    listed = matcher.match_fields("Pak Song Chol", schema="Person", birth_date="1971-04-12")
    namesake = PartyMatcher([sample], threshold=0.0).match_fields(
        "Pak Song Chol", schema="Person", birth_date="1988-02-03"
    )
    assert listed[0].score >= 0.95
    assert namesake[0].score < 0.80 < listed[0].score
    assert matcher.match_fields("Pak Song Chol", schema="Person", birth_date="1988-02-03") == []
    assert any("conflicts" in line for line in namesake[0].explanation)


def test_scores_rise_with_evidence_and_stay_below_one(matcher: PartyMatcher) -> None:
    name_only = matcher.match_fields("Pak Song Chol", schema="Person")[0].score
    with_date = matcher.match_fields("Pak Song Chol", schema="Person", birth_date="1971-04-12")
    everything = matcher.match_fields(
        "Pak Song Chol",
        schema="Person",
        birth_date="1971-04-12",
        nationality="KP",
        id_number="927 100 431",
    )
    assert name_only < with_date[0].score < everything[0].score <= MAX_SCORE < 1.0


def test_threshold_is_configuration(sample: ListSnapshot) -> None:
    typo = "Pak Song Chil"
    assert PartyMatcher([sample], threshold=0.95).match_fields(typo, schema="Person") == []
    assert PartyMatcher([sample], threshold=0.5).match_fields(typo, schema="Person")


def test_unrelated_people_and_companies_are_not_matched(matcher: PartyMatcher) -> None:
    for name, schema in [
        ("Kim Min Jun", "Person"),
        ("Wang Xiaoming", "Person"),
        ("Dandong Xinyuan Trading Co Ltd", "Organization"),
    ]:
        assert matcher.match_fields(name, schema=schema) == []


def test_engine_protocol_takes_a_party(matcher: PartyMatcher) -> None:
    found = matcher.match(Party(name="Ri Myong Su", birth_date="1959", nationality="KP"))
    assert found[0].ref == "KPi.902"
    assert found[0].explanation[0].startswith("+0.88 name 1.00")


def test_blocking_compares_few_entries(matcher: PartyMatcher) -> None:
    from borderwatch.parties.blocking import person_keys
    from borderwatch.parties.forms import person_form

    keys = person_keys(person_form("Pak Song Chol"))
    assert matcher.index.candidates(keys).tolist() == [0]


@pytest.mark.parametrize(
    ("query", "listed", "points", "word"),
    [
        ("1971-04-12", ("1971-04-12",), 0.07, "agrees"),
        ("1971", ("1971-04-12",), 0.07, "agrees"),
        ("1971-04-12", ("1971",), 0.04, "year"),
        ("1971-05-01", ("1971-04-12",), -0.05, "day differs"),
        ("1980", ("1971-04-12",), -0.30, "conflicts"),
        (None, ("1971",), 0.0, "not compared"),
    ],
)
def test_birth_date_feature(
    query: str | None, listed: tuple[str, ...], points: float, word: str
) -> None:
    feature = birth_date_feature(query, listed)
    assert feature.score == points and word in feature.detail


def test_other_features() -> None:
    assert nationality_feature("kp", ("KP",)).score > 0 > nationality_feature("CN", ("KP",)).score
    assert document_feature("92-7100431", ("927100431",)).score > 0
    assert document_feature("1", ("927100431",)).score == 0
    assert (
        schema_feature("Person", "Organization").score
        < 0
        == schema_feature("Person", "Person").score
    )
