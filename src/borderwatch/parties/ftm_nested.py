"""Unnesting FollowTheMoney entities: OpenSanctions' ``targets.nested.json`` layout.

In the nested layout a target's entity properties hold the adjacent entities
themselves (``{"id", "schema", "properties"}``) instead of their ids: a
person's ``identification`` lists its Passport entities, ``sanctions`` its
Sanction entities, ``addressEntity`` its Address entities, and
``membershipMember`` the Membership entities naming the organisation it
belongs to. :func:`unnest` takes such a record apart into what the flat
reader reads: the target with ids in place of the nested entities, the
documents and sanctions linked back to it, its addresses written out, and
its relations named. A nested object that is not an entity is refused with
the file, line and property it sits in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from borderwatch.errors import ListFormatError
from borderwatch.parties.ftm_schemata import FtmSchemata, clean_values, schemata

__all__ = ["Unnested", "unnest"]

_ADDRESS = "Address"


@dataclass
class Unnested:
    """A record with its nested entities taken out, and what they add to it."""

    record: dict[str, Any]
    attached: list[dict[str, Any]] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)


def _refuse(source: str, line: int, path: str, value: object, problem: str) -> ListFormatError:
    where = f"{source}:{line}" if line else source
    shown = repr(value)
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return ListFormatError(
        f"{where}: property '{path}' = {shown}: {problem}. A nested entity needs an id, a "
        "FollowTheMoney schema and properties (as in targets.nested.json); put it on a line "
        "of its own and name it by id, or export the list again."
    )


def _checked(item: dict[str, Any], table: FtmSchemata, where: tuple[str, int, str]) -> str:
    """The schema of a nested entity, after checking it is one."""
    source, line, path = where
    schema = item.get("schema")
    if not isinstance(schema, str) or schema not in table.schemata:
        raise _refuse(source, line, f"{path}.schema", schema, "not a FollowTheMoney schema")
    if not isinstance(item.get("id"), str) or not item["id"]:
        raise _refuse(source, line, f"{path}.id", item.get("id"), "a nested entity has no id")
    if not isinstance(item.get("properties", {}), dict):
        raise _refuse(source, line, f"{path}.properties", item["properties"], "not an object")
    return schema


def _address(item: dict[str, Any], table: FtmSchemata) -> str | None:
    props = item.get("properties") or {}
    full = clean_values("address", props.get("full", []))
    if full:
        return full[0]
    parts = [
        value
        for part in table.address_parts[1:]
        for value in clean_values("country" if part == "country" else "string", props.get(part, []))
    ]
    return ", ".join(dict.fromkeys(parts)) or None


def _caption(value: object) -> str | None:
    """The name of an entity given nested (its first name, else its id) or by id."""
    if isinstance(value, dict):
        names = clean_values("name", (value.get("properties") or {}).get("name", []))
        ident = value.get("id")
        return names[0] if names else (ident if isinstance(ident, str) else None)
    return value if isinstance(value, str) and value else None


def _relation(item: dict[str, Any], schema: str, parent: str, table: FtmSchemata) -> str | None:
    """``"<schema> <role>: <name>"`` for the end of the relation that is not ``parent``."""
    props = item.get("properties") or {}
    for end in table.relations[schema]:
        for value in props.get(end, []) if isinstance(props.get(end), list) else []:
            ident = value.get("id") if isinstance(value, dict) else value
            caption = _caption(value)
            if ident != parent and caption is not None:
                return f"{schema} {end}: {caption}"
    return None


def _link_back(item: dict[str, Any], link: str, parent: str) -> dict[str, Any]:
    """A nested document or sanction as a flat record that names its holder by id."""
    props = dict(item.get("properties") or {})
    props[link] = [parent]
    return {**item, "properties": props}


def unnest(record: dict[str, Any], *, source: str, line: int) -> Unnested:
    """Take the nested entities out of ``record`` (a flat record comes back as it is)."""
    table = schemata()
    properties = record.get("properties")
    if not isinstance(properties, dict):
        return Unnested(record)
    parent = str(record.get("id"))
    found = Unnested(record)
    flat: dict[str, Any] = {}
    for prop, values in properties.items():
        items = values if isinstance(values, list) else [values]
        if not any(isinstance(v, dict) for v in items):
            flat[prop] = values
            continue
        kept: list[object] = []
        for position, item in enumerate(items):
            if not isinstance(item, dict):
                kept.append(item)
                continue
            path = f"properties.{prop}[{position}]"
            schema = _checked(item, table, (source, line, path))
            kept.append(item["id"])
            _take(found, item, schema, parent, table)
        flat[prop] = kept
    found.record = {**record, "properties": flat}
    return found


def _take(
    found: Unnested, item: dict[str, Any], schema: str, parent: str, table: FtmSchemata
) -> None:
    """Add what one nested entity says about ``parent`` to ``found``."""
    kind = table.kind(schema)
    if kind is not None and kind.attach is not None:
        link = "entity" if kind.attach == "Sanction" else "holder"
        found.attached.append(_link_back(item, link, parent))
    elif schema == _ADDRESS:
        if (address := _address(item, table)) is not None:
            found.addresses.append(address)
    elif schema in table.relations and (relation := _relation(item, schema, parent, table)):
        found.relations.append(relation)
