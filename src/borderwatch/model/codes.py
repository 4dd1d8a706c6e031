"""ISO codes checked against the ``pycountry`` tables (ISO 3166-1, ISO 4217)."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

__all__ = ["is_country", "is_currency", "normalise_hs"]

_HS_RE = re.compile(r"^\d{2}(\d{2}){0,2}$")


@lru_cache(maxsize=512)
def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code such as ``KP`` or ``CN``."""
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


@lru_cache(maxsize=512)
def is_currency(code: str) -> bool:
    """True for an ISO 4217 alphabetic code such as ``CNY`` or ``USD``."""
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None


def normalise_hs(value: str) -> str:
    """Strip dots and spaces from an HS code ("8516.60" -> "851660").

    Raises ``ValueError`` unless 2, 4 or 6 digits remain.
    """
    code = re.sub(r"[\s.]", "", value)
    if not _HS_RE.match(code):
        raise ValueError("an HS code has 2, 4 or 6 digits (chapter, heading, subheading)")
    return code
