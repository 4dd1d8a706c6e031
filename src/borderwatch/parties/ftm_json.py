"""Reading FollowTheMoney entities (the OpenSanctions format) as list entries.

Takes JSON lines, one entity per line, or one JSON array of entities.
Persons, organisations, companies, legal entities and vessels become
entries; ``Passport`` and ``Identification`` entities add documents to their
holder, and ``Sanction`` entities give the listing date and programme.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException

from borderwatch.errors import ListFormatError
from borderwatch.parties.entries import Alias, Document, ListEntry, ListSnapshot, content_hash

__all__ = ["FTM_FORMAT", "parse_ftm_json"]

FTM_FORMAT = "ftm"
_SCREENED = {"Person": "Person", "Vessel": "Vessel", "Airplane": "Vessel"}
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


def _entry(proxy: Any) -> ListEntry | None:
    schema = proxy.schema
    kind = next((v for k, v in _SCREENED.items() if schema.is_a(k)), None)
    if kind is None and schema.is_a("LegalEntity"):
        kind = "Organization"
    names = proxy.get("name")
    if kind is None or not names:
        return None
    aliases = [Alias(n, "name") for n in names[1:]]
    for prop, quality in _ALIASES:
        if schema.get(prop) is not None:
            aliases.extend(Alias(n, quality) for n in proxy.get(prop))
    docs = [
        Document(number=v, type=p)
        for p in _DOCUMENTS
        if schema.get(p) is not None
        for v in proxy.get(p)
    ]
    countries = [
        c.upper()
        for p in ("nationality", "citizenship", "country", "jurisdiction", "flag")
        if schema.get(p) is not None
        for c in proxy.get(p)
    ]
    return ListEntry(
        ref=proxy.id,
        schema=kind,
        name=names[0],
        aliases=tuple(aliases),
        birth_dates=tuple(proxy.get("birthDate")) if schema.get("birthDate") else (),
        birth_places=tuple(proxy.get("birthPlace")) if schema.get("birthPlace") else (),
        nationalities=tuple(dict.fromkeys(countries)),
        documents=tuple(docs),
        list_type=", ".join(proxy.get("program")) if schema.get("program") else "",
        source_id=proxy.id,
    )


def parse_ftm_json(raw: bytes, *, source: str) -> ListSnapshot:
    """Read FollowTheMoney entities from ``raw``; ``source`` names the file in errors."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ListFormatError(
            f"{source}: not UTF-8 at byte {exc.start}. Save it as UTF-8."
        ) from exc
    entries: dict[str, ListEntry] = {}
    extras: list[tuple[str, Any]] = []
    for line, record in _records(text, source):
        if not isinstance(record, dict):
            raise _error(source, line, "(entity)", record, "not a JSON object")
        if not isinstance(record.get("id"), str) or not record["id"]:
            raise _error(source, line, "id", record.get("id"), "missing entity id")
        try:
            proxy = model.get_proxy(record, cleaned=False)
        except (FollowTheMoneyException, TypeError, AttributeError, ValueError) as exc:
            raise _error(source, line, "schema", record.get("schema"), str(exc)) from exc
        if proxy.schema.is_a("Identification") or proxy.schema.is_a("Sanction"):
            extras.append((proxy.schema.name, proxy))
        elif (entry := _entry(proxy)) is not None:
            entries[entry.ref] = entry
    for kind, proxy in extras:
        prop = "entity" if kind == "Sanction" else "holder"
        for holder in proxy.get(prop):
            if holder not in entries:
                continue
            entry = entries[holder]
            if kind == "Sanction":
                day = (proxy.get("listingDate") or proxy.get("startDate") or [None])[0]
                entries[holder] = replace(entry, listed_on=entry.listed_on or day)
            else:
                extra = tuple(
                    Document(number=n, type=kind, country=(proxy.get("country") or [""])[0].upper())
                    for n in proxy.get("number")
                )
                entries[holder] = replace(entry, documents=entry.documents + extra)
    return ListSnapshot(
        source=source,
        format=FTM_FORMAT,
        generated=None,
        content_hash=content_hash(raw),
        entries=tuple(entries.values()),
    )
