"""Country names as sanctions lists write them, to ISO 3166-1 alpha-2 codes.

``data/country-names.csv`` holds the names the UN list (and common usage)
writes that pycountry does not know or could mistake, such as
"Iran (Islamic Republic of)" or "na" (not available, not Namibia); a name
there with an empty code is *stated as unknown*. Anything else is looked up in
pycountry's ISO 3166-1 and ISO 3166-3 tables.
"""

from __future__ import annotations

import csv
from functools import cache, lru_cache
from importlib import resources

import pycountry

__all__ = ["EXTRA_CODES", "country_from_code", "country_from_name", "is_unstated"]

#: codes outside ISO 3166-1's assigned set that the name table may give
EXTRA_CODES = frozenset({"XK", "SU", "YU", "CS"})


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@cache
def _table() -> dict[str, str]:
    text = (
        resources.files("borderwatch.parties")
        .joinpath("data/country-names.csv")
        .read_text(encoding="utf-8")
    )
    return {_key(row["name"]): row["code"] for row in csv.DictReader(text.splitlines())}


def is_unstated(name: str) -> bool:
    """True when ``name`` says the country is not known ("na", "unknown")."""
    return _table().get(_key(name)) == ""


@lru_cache(maxsize=4096)
def country_from_name(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country name; None when unknown or stated unknown.

    The name table comes first, so the UN list's "na" is not Namibia.

    >>> country_from_name("Democratic People's Republic of Korea")
    'KP'
    >>> country_from_name("na") is None
    True
    """
    key = _key(name)
    if not key:
        return None
    table = _table()
    if key in table:
        return table[key] or None
    if len(key) == 2:
        return _known_code(key)
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None


def _known_code(key: str) -> str | None:
    code = key.upper()
    if code in EXTRA_CODES or pycountry.countries.get(alpha_2=code) is not None:
        return code
    return None


@lru_cache(maxsize=4096)
def country_from_code(value: str) -> str | None:
    """A country given as a code ("kp", as FollowTheMoney writes it) or else as a name.

    >>> country_from_code("na"), country_from_code("North Korea")
    ('NA', 'KP')
    """
    key = _key(value)
    if len(key) == 2 and key.isalpha():
        return _known_code(key)
    return country_from_name(value)
