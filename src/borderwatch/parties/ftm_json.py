"""Reading FollowTheMoney entities (the OpenSanctions format) as list entries.

Takes JSON lines, one entity per line, or one JSON array of entities.
Persons, organisations, companies, legal entities and vessels become
entries; ``Passport`` and ``Identification`` entities add documents to their
holder, and ``Sanction`` entities give the listing date and programme. The
nested layout (``targets.nested.json``, adjacent entities inside a target's
properties) is read too: see :mod:`borderwatch.parties.ftm_nested`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from borderwatch.errors import ListFormatError
from borderwatch.parties.entries import Alias, Document, ListEntry, ListSnapshot, content_hash
from borderwatch.parties.ftm_nested import Unnested, unnest
from borderwatch.parties.ftm_schemata import FtmKind, clean_values, schemata

__all__ = ["FTM_FORMAT", "parse_ftm_json"]

FTM_FORMAT = "ftm"
_ALIASES = (("alias", "alias"), ("weakAlias", "weak"), ("previousName", "previous"))
_DOCUMENTS = ("idNumber", "passportNumber", "registrationNumber", "imoNumber", "taxNumber")


def _records(text: str, source: str) -> list[tuple[int, Any]]:
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ListFormatError(
                f"{source}:{exc.lineno}: not valid JSON ({exc.msg}). Fix or download again."
            ) from exc
        return [(0, item) for item in data] if isinstance(data, list) else [(1, data)]
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise ListFormatError(
                f"{source}:{number}: not a JSON object ({exc.msg}) in {line[:60]!r}. "
                "Each line of a FollowTheMoney file holds one entity."
            ) from exc
    return records


def _error(source: str, line: int, field: str, value: object, problem: str) -> ListFormatError:
    where = f"{source}:{line}" if line else source
    return ListFormatError(
        f"{where}: field '{field}' = {value!r}: {problem}. "
        "Each entity needs an id, a FollowTheMoney schema and properties."
    )


@dataclass(frozen=True, slots=True)
class _Entity:
    """One entity's id, kind and cleaned properties (those its kind reads)."""

    id: str
    schema: str
    kind: FtmKind
    properties: dict[str, list[str]]
    datasets: tuple[str, ...] = ()

    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])


def _entity(record: dict[str, Any], source: str, line: int) -> _Entity | None:
    """The entity of a record, None for a schema this reader ignores."""
    schema = record.get("schema")
    table = schemata()
    if not isinstance(schema, str) or schema not in table.schemata:
        raise _error(source, line, "schema", schema, "not a FollowTheMoney schema")
    properties = record.get("properties") or {}
    if not isinstance(properties, dict):
        raise _error(source, line, "properties", properties, "not a JSON object")
    kind = table.kind(schema)
    if kind is None:
        return None
    cleaned = {
        prop: values
        for prop, kind_of in kind.properties.items()
        if prop in properties and (values := clean_values(kind_of, properties[prop]))
    }
    datasets = tuple(clean_values("string", record.get("datasets") or []))
    return _Entity(record["id"].replace("\x00", ""), schema, kind, cleaned, datasets)


def _entry(entity: _Entity, nested: Unnested) -> ListEntry | None:
    names = entity.get("name")
    if entity.kind.screen is None or not names:
        return None
    aliases = [Alias(n, "name") for n in names[1:]]
    for prop, quality in _ALIASES:
        aliases.extend(Alias(n, quality) for n in entity.get(prop))
    docs = [Document(number=v, type=p) for p in _DOCUMENTS for v in entity.get(p)]
    countries = [
        c
        for p in ("nationality", "citizenship", "country", "jurisdiction", "flag")
        for c in entity.get(p)
    ]
    return ListEntry(
        ref=entity.id,
        schema=entity.kind.screen,
        name=names[0],
        aliases=tuple(aliases),
        birth_dates=tuple(entity.get("birthDate")),
        birth_places=tuple(entity.get("birthPlace")),
        nationalities=tuple(dict.fromkeys(countries)),
        documents=tuple(docs),
        list_type=", ".join(entity.get("program")),
        source_id=entity.id,
        addresses=tuple(dict.fromkeys([*entity.get("address"), *nested.addresses])),
        relations=tuple(dict.fromkeys(nested.relations)),
        datasets=entity.datasets,
    )


def _attach(entries: dict[str, ListEntry], entity: _Entity) -> None:
    """Add a sanction's listing date or a document's number to the entity it names."""
    sanction = entity.kind.attach == "Sanction"
    for holder in entity.get("entity" if sanction else "holder"):
        if holder not in entries:
            continue
        entry = entries[holder]
        if sanction:
            days = entity.get("listingDate") or entity.get("startDate")
            programme = entry.list_type or ", ".join(entity.get("program"))
            entries[holder] = replace(
                entry,
                listed_on=entry.listed_on or next(iter(days), None),
                list_type=programme,
            )
        else:
            country = (entity.get("country") or [""])[0]
            extra = tuple(
                Document(number=n, type=entity.schema, country=country)
                for n in entity.get("number")
            )
            entries[holder] = replace(entry, documents=entry.documents + extra)


def parse_ftm_json(raw: bytes, *, source: str) -> ListSnapshot:
    """Read FollowTheMoney entities from ``raw``; ``source`` names the file in errors."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ListFormatError(
            f"{source}: not UTF-8 at byte {exc.start}. Save it as UTF-8."
        ) from exc
    entries: dict[str, ListEntry] = {}
    attached: list[_Entity] = []
    for line, record in _records(text, source):
        if not isinstance(record, dict):
            raise _error(source, line, "(entity)", record, "not a JSON object")
        if not isinstance(record.get("id"), str) or not record["id"]:
            raise _error(source, line, "id", record.get("id"), "missing entity id")
        nested = unnest(record, source=source, line=line)
        entity = _entity(nested.record, source, line)
        if entity is None:
            continue
        if entity.kind.attach is not None:
            attached.append(entity)
        elif (entry := _entry(entity, nested)) is not None:
            entries[entry.ref] = entry
        attached.extend(e for r in nested.attached if (e := _entity(r, source, line)) is not None)
    for entity in attached:
        _attach(entries, entity)
    return ListSnapshot(
        source=source,
        format=FTM_FORMAT,
        generated=None,
        content_hash=content_hash(raw),
        entries=tuple(entries.values()),
    )
