"""Writing list entries and match results as FollowTheMoney entities, as yente does.

:func:`entry_entities` turns a :class:`ListEntry` into the entity it stands
for (``Person``, ``Organization`` or ``Vessel``) with its documents as
``Passport`` / ``Identification`` entities and its listing as a
``Sanction`` entity, each naming the target by id as the flat FtM layout
does. :func:`scored_entity` is one result of yente's matching API: the
entity, its ``score``, ``match`` at the caller's threshold, the score of
every feature, and (beside those) borderwatch's own fields.
:func:`declaration_parties` writes a screened declaration's parties that way:
each as the entity queried, with its scored results.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from borderwatch.model.declaration import Declaration, Party
from borderwatch.model.verdict import DeclarationVerdict, PartyMatch
from borderwatch.parties.entries import Document, ListEntry
from borderwatch.parties.matcher import FEATURES

__all__ = [
    "DOCUMENT_LISTED",
    "declaration_parties",
    "entry_entities",
    "entry_entity",
    "feature_scores",
    "match_entity",
    "query_entity",
    "scored_entity",
]

#: the feature a document-number hit adds in front of the matcher's (see parties.documents)
DOCUMENT_LISTED = "document_listed"
_ALIASES = {"weak": "weakAlias", "previous": "previousName"}
#: the document types of each schema's number properties; anything else is ``idNumber``
_NUMBERS = {
    "Person": {"Passport": "passportNumber", "passportNumber": "passportNumber"},
    "Organization": {"registrationNumber": "registrationNumber", "taxNumber": "taxNumber"},
    "Vessel": {"imoNumber": "imoNumber"},
}
_COUNTRY = {"Person": "nationality", "Organization": "country", "Vessel": "flag"}


def _child_id(parent: str, kind: str, value: str) -> str:
    """A stable id for an entity derived from another (a document, a sanction)."""
    digest = hashlib.sha1(f"{parent}\0{kind}\0{value}".encode()).hexdigest()[:16]
    return f"{parent}-{kind}-{digest}"


def _number_property(schema: str, document: Document) -> str:
    if schema == "Vessel":
        return _NUMBERS["Vessel"].get(document.type, "registrationNumber")
    return _NUMBERS.get(schema, {}).get(document.type, "idNumber")


def entry_properties(entry: ListEntry) -> dict[str, list[str]]:
    """The entry's facts as FtM properties of its own schema (empty ones left out)."""
    props: dict[str, list[str]] = {"name": [entry.name]}
    for alias in entry.aliases:
        props.setdefault(_ALIASES.get(alias.quality, "alias"), []).append(alias.name)
    if entry.schema == "Person":
        props["birthDate"] = list(entry.birth_dates)
        props["birthPlace"] = list(entry.birth_places)
    props[_COUNTRY.get(entry.schema, "country")] = [c.lower() for c in entry.nationalities]
    for document in entry.documents:
        props.setdefault(_number_property(entry.schema, document), []).append(document.number)
    props["address"] = list(entry.addresses)
    props["program"] = [entry.list_type] if entry.list_type else []
    props["notes"] = list(entry.relations)
    props["topics"] = ["sanction"]
    return {k: list(dict.fromkeys(v)) for k, v in props.items() if v}


def entry_entity(entry: ListEntry, *, datasets: tuple[str, ...] = ()) -> dict[str, Any]:
    """The entry as one FtM entity in yente's response shape (no linked entities)."""
    return {
        "id": entry.ref,
        "caption": entry.name,
        "schema": entry.schema,
        "properties": entry_properties(entry),
        "datasets": list(entry.datasets or datasets),
        "referents": [],
        "target": True,
        "first_seen": None,
        "last_seen": None,
        "last_change": None,
    }


def entry_entities(entry: ListEntry) -> list[dict[str, Any]]:
    """The entry, its documents and its listing as flat FtM entities (id, schema, properties)."""
    target = {"id": entry.ref, "schema": entry.schema, "properties": entry_properties(entry)}
    found = [target]
    for document in entry.documents:
        schema = "Passport" if document.type == "Passport" else "Identification"
        props = {"holder": [entry.ref], "number": [document.number]}
        if document.country:
            props["country"] = [document.country.lower()]
        if document.type and schema == "Identification":
            props["type"] = [document.type]
        found.append({"id": _child_id(entry.ref, "doc", document.number), "schema": schema,
                      "properties": props})  # fmt: skip
    if entry.list_type or entry.listed_on:
        sanction: dict[str, list[str]] = {"entity": [entry.ref]}
        if entry.list_type:
            sanction["program"] = [entry.list_type]
        if entry.listed_on:
            sanction["listingDate"] = [entry.listed_on]
        found.append({"id": _child_id(entry.ref, "sanction", entry.list_type),
                      "schema": "Sanction", "properties": sanction})  # fmt: skip
    return found


def feature_scores(match: PartyMatch) -> dict[str, float]:
    """The points of each feature, read from the match's explanation lines.

    The matcher writes one line per feature of :data:`FEATURES`, in that order,
    each starting with its signed points; a document-number hit puts one line
    in front of them (:data:`DOCUMENT_LISTED`).
    """
    lines = match.explanation
    scores: dict[str, float] = {}
    extra = len(lines) - len(FEATURES)
    named = [DOCUMENT_LISTED] * max(0, extra) + list(FEATURES)
    for name, line in zip(named[-len(lines) :] if lines else [], lines, strict=True):
        head = line.split(" ", 1)[0]
        try:
            scores[name] = round(scores.get(name, 0.0) + float(head), 4)
        except ValueError:
            continue
    return scores


def scored_entity(
    match: PartyMatch, entry: ListEntry | None, *, threshold: float, datasets: tuple[str, ...]
) -> dict[str, Any]:
    """One result of yente's match API, with borderwatch's own match fields beside it."""
    if entry is None:
        entry = ListEntry(ref=match.ref, schema=match.schema_, name=match.name)
    return {
        **entry_entity(entry, datasets=datasets),
        "score": match.score,
        "match": match.score >= threshold,
        "features": feature_scores(match),
        **match.model_dump(by_alias=True),
    }


def match_entity(query_id: str, match: PartyMatch) -> dict[str, Any]:
    """A screening result as an FtM ``Match``-like record: the query, the entry, the score.

    FollowTheMoney has no schema for a scored pair, so this follows nomenklatura's
    judgement records: plain JSON beside the entities, not an entity itself.
    """
    return {
        "query": query_id,
        "entity": match.ref,
        "score": match.score,
        "features": feature_scores(match),
        "explanation": list(match.explanation),
        "list_snapshot": match.list_snapshot,
    }


def query_entity(query_id: str, party: Party) -> dict[str, Any]:
    """A party screened, as the FtM entity a yente client would have sent for it."""
    schema = party.schema_
    props: dict[str, list[str]] = {"name": [party.name]}
    if party.birth_date and schema == "Person":
        props["birthDate"] = [party.birth_date]
    if party.nationality:
        props[_COUNTRY.get(schema, "country")] = [party.nationality.lower()]
    if party.id_number:
        number = "passportNumber" if schema == "Person" else "registrationNumber"
        props[number] = [party.id_number]
    return {"id": query_id, "schema": schema, "properties": props}


def declaration_parties(
    declaration: Declaration,
    verdict: DeclarationVerdict,
    *,
    threshold: float,
    entry_of: Callable[[PartyMatch], ListEntry | None] | None = None,
) -> dict[str, Any]:
    """A screened declaration's parties as yente answers a batch: query and scored results.

    Each party is the FtM entity a yente client would have sent (id
    ``<declaration>-<role>``) with its matches as scored entities; ``entry_of``
    gives the listed entry behind a match, for its full properties.
    ``results`` is None for a party that was not screened (no list, or
    ``--no-parties``): not screened is not cleared.
    """
    screened = {(r.role, r.name): r for r in verdict.parties}
    parties = []
    for role, party in declaration.parties():
        result = screened.get((role, party.name))
        results = None
        if result is not None:
            results = [
                scored_entity(
                    m, entry_of(m) if entry_of else None, threshold=threshold, datasets=()
                )
                for m in result.matches
            ]
        query = query_entity(f"{verdict.id}-{role}", party)
        parties.append({"role": role, "query": query, "results": results})
    return {
        "id": verdict.id,
        "verdict": verdict.verdict.value,
        "reasons": list(verdict.reasons),
        "parties": parties,
    }
