"""ISO codes checked against the ``pycountry`` tables (ISO 3166-1, ISO 4217)."""

from __future__ import annotations

from functools import lru_cache

import pycountry

__all__ = ["is_country", "is_currency"]


@lru_cache(maxsize=512)
def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code such as ``KP`` or ``CN``."""
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


@lru_cache(maxsize=512)
def is_currency(code: str) -> bool:
    """True for an ISO 4217 alphabetic code such as ``CNY`` or ``USD``."""
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None
