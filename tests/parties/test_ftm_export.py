"""Entries and matches written as FollowTheMoney entities hold to the followthemoney model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from borderwatch.model.declaration import Party
from borderwatch.parties.documents import DocumentScreener
from borderwatch.parties.entries import ListEntry
from borderwatch.parties.ftm_export import entry_entities, feature_scores, scored_entity
from borderwatch.parties.matcher import FEATURES, PartyMatcher
from borderwatch.parties.sources import parse_list

DATA = Path(__file__).resolve().parents[1] / "data" / "parties"
SAMPLES = ("un-sample.xml", "ftm-sample.jsonl", "ftm-nested-sample.json")


def _entries() -> list[ListEntry]:
    return [
        entry
        for name in SAMPLES
        for entry in parse_list((DATA / name).read_bytes(), source=name).entries
    ]


def _problems(entity: dict[str, Any], ids: set[str]) -> list[str]:
    """What the followthemoney model finds wrong with one entity: unknown schema or property,
    a value its type does not accept, a link to an entity not written."""
    ftm = pytest.importorskip("followthemoney")
    schema = ftm.model.get(entity["schema"])
    if schema is None:
        return [f"{entity['id']}: no schema {entity['schema']!r}"]
    found = []
    for name, values in entity["properties"].items():
        prop = schema.get(name)
        if prop is None:
            found.append(f"{entity['id']}: {schema.name} has no property {name!r}")
            continue
        for value in values:
            if prop.type.clean(value, proxy=None) is None:
                found.append(f"{entity['id']}: {name}={value!r} is not a valid {prop.type.name}")
            if prop.type.name == "entity" and value not in ids:
                found.append(f"{entity['id']}: {name} links to {value!r}, not written")
    return found


def test_every_exported_entity_is_valid_in_the_followthemoney_model() -> None:
    entities = [e for entry in _entries() for e in entry_entities(entry)]
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    assert [p for e in entities for p in _problems(e, ids)] == []
    schemata = {e["schema"] for e in entities}
    assert schemata == {"Person", "Organization", "Vessel", "Passport", "Identification",
                        "Sanction"}  # fmt: skip


def test_a_scored_result_is_a_valid_entity_with_its_features() -> None:
    snapshot = parse_list((DATA / "ftm-nested-sample.json").read_bytes(), source="n.json")
    screener = DocumentScreener(PartyMatcher([snapshot], threshold=0.8))
    party = Party(name="Pak Min Ho", id_number="654410078")
    (match,) = screener.match(party)
    result = scored_entity(match, screener.entry_of(match), threshold=0.8, datasets=())
    entity = {k: result[k] for k in ("id", "schema", "properties")}
    assert _problems(entity, {entity["id"]}) == []
    assert result["match"] is True and result["datasets"] == ["un_sc_sanctions"]
    assert sum(result["features"].values()) == pytest.approx(match.score, abs=0.011)


def test_feature_scores_follow_the_matchers_feature_order() -> None:
    snapshot = parse_list((DATA / "un-sample.xml").read_bytes(), source="un.xml")
    (match,) = PartyMatcher([snapshot]).match_fields("Pak Song Chol", birth_date="1971-04-12")
    scores = feature_scores(match)
    assert list(scores) == list(FEATURES)
    assert scores["birth_date"] > 0 and scores["name"] > 0.8
