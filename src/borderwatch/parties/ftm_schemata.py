"""The FollowTheMoney schema table and value cleaning, without the followthemoney package.

``data/ftm-schemata.yaml`` says, for every schema name of the FtM model, what
this reader makes of it: a screened entry (Person, Organization, Vessel), facts
attached to another entity (Identification, Sanction) or nothing; and which
properties it reads, with their FtM type. Values are cleaned by that type the
way FtM cleans untrusted input: names and identifiers trimmed, dates kept to
their ISO 8601 prefix, IMO numbers checked, countries as ISO 3166-1 alpha-2 codes; values that do
not clean are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from borderwatch.parties.territories import country_from_code

__all__ = ["FtmKind", "FtmSchemata", "clean_values", "schemata"]

PropertyType = Literal[
    "name", "identifier", "imo", "country", "date", "string", "entity", "address"
]
_IMO = re.compile(r"(?:IMO)?\s*(\d{7})", re.IGNORECASE)
_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")


class FtmKind(BaseModel):
    """What entities of some schemata become, and the properties read from them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    screen: Literal["Person", "Organization", "Vessel"] | None = None
    attach: Literal["Identification", "Sanction"] | None = None
    properties: dict[str, PropertyType]

    @model_validator(mode="after")
    def _one_role(self) -> FtmKind:
        if (self.screen is None) == (self.attach is None):
            raise ValueError("a kind either screens or attaches, not both or neither")
        return self


class FtmSchemata(BaseModel):
    """The whole table: kinds, and every schema name of the model mapped to one (or ignore)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: dict[str, FtmKind]
    schemata: dict[str, str]
    #: the Address properties a nested address is written out from, in order
    address_parts: tuple[str, ...] = ()
    #: relation schema -> its two entity properties (the ends of the link)
    relations: dict[str, tuple[str, str]] = {}

    @model_validator(mode="after")
    def _kinds_exist(self) -> FtmSchemata:
        unknown = {k for k in self.schemata.values() if k != "ignore" and k not in self.kinds}
        if unknown:
            raise ValueError(f"schemata name kinds that are not defined: {sorted(unknown)}")
        strangers = set(self.relations) - set(self.schemata)
        if strangers:
            raise ValueError(f"relations name schemata the model lacks: {sorted(strangers)}")
        return self

    def kind(self, schema: str) -> FtmKind | None:
        """The kind of a known schema name, None for one this reader ignores."""
        name = self.schemata[schema]
        return None if name == "ignore" else self.kinds[name]


@cache
def schemata() -> FtmSchemata:
    """The table in ``data/ftm-schemata.yaml``, read and checked once."""
    text = (
        resources.files("borderwatch.parties")
        .joinpath("data/ftm-schemata.yaml")
        .read_text(encoding="utf-8")
    )
    return FtmSchemata.model_validate(yaml.safe_load(text))


def _imo(text: str) -> str | None:
    """``IMO`` and seven digits whose last is the check digit; None for anything else."""
    found = _IMO.fullmatch(text.strip())
    if found is None:
        return None
    digits = [int(d) for d in found.group(1)]
    check = sum(d * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10
    return f"IMO{found.group(1)}" if check == digits[6] else None


def _date(text: str) -> str | None:
    """The ISO 8601 date at the start of ``text`` (year, month or day), if it is a real one."""
    found = _DATE.match(text.strip())
    if found is None:
        return None
    day = found.group(0)
    if len(day) == 10:
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            return None
    return day


def _clean(kind: PropertyType, text: str) -> str | None:
    if kind in ("name", "address"):
        return " ".join(text.split()) or None
    if kind == "date":
        return _date(text)
    if kind == "imo":
        return _imo(text)
    if kind == "country":
        return country_from_code(text)
    return text.strip() or None


def clean_values(kind: PropertyType, values: object) -> list[str]:
    """The cleaned, distinct values of one property; a single value counts as a list of one.

    Strings and numbers are read; anything else (objects, nulls, booleans) is dropped.
    """
    items = values if isinstance(values, list) else [values]
    found: dict[str, None] = {}
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            continue
        text = str(item).replace("\x00", "")
        if (cleaned := _clean(kind, text)) is not None:
            found[cleaned] = None
    return list(found)
