"""HS versions: which one was in force on a date, and what an older code became in HS 2022.

Declarations dated 2017–2021 carry HS 2017 codes and those of 2012–2016 HS 2012
codes; the rule base is keyed by HS 2022. :func:`read_code` reads a declared
code in the version it was written in and names the HS 2022 codes it stands
for, from the UN conversion tables shipped in ``reference/data`` (see the
SOURCES.md there, and ``scripts/hs_correlation.py`` that writes them).

Those tables give each newer subheading one older one. Inverted, they list the
newer codes an older code may have become: they can miss a partial link (a
code that gave part of its goods to a subheading listed under another code)
and include odd ones. Callers screen every candidate and refer when the
candidates disagree or a code has no listed successor.

Before 2012 HS 2007 (and earlier editions) was in force; no table for it
ships, so such codes are read as HS 2012, the oldest version borderwatch
knows, and the reading says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from borderwatch.reference.hs import nomenclature

__all__ = [
    "HS_VERSIONS",
    "LATEST",
    "CodeReading",
    "InForce",
    "VersionTables",
    "in_force",
    "read_code",
    "screened_as_itself",
    "tables_version",
    "version_tables",
]

#: the versions borderwatch can read, oldest first
HS_VERSIONS = (2012, 2017, 2022)
#: the version the rule base and the classifier use
LATEST = 2022
#: the shipped tables: HS 2017 -> HS 2022, HS 2012 -> HS 2017
_FILES = ("hs2017-hs2022.csv", "hs2012-hs2017.csv")
#: editions and the day each entered into force, newest first; only HS_VERSIONS have tables
_EDITIONS = (
    (dt.date(2022, 1, 1), 2022),
    (dt.date(2017, 1, 1), 2017),
    (dt.date(2012, 1, 1), 2012),
    (dt.date(2007, 1, 1), 2007),
    (dt.date(2002, 1, 1), 2002),
    (dt.date(1996, 1, 1), 1996),
    (dt.date(1992, 1, 1), 1992),
)


@dataclass(frozen=True, slots=True)
class InForce:
    """The HS edition in force on a day, and the version borderwatch reads its codes in."""

    edition: int  # e.g. 2007 (0 before HS 1992)
    version: int  # one of HS_VERSIONS: the edition itself, or 2012 before 2012

    @property
    def exact(self) -> bool:
        """False when the edition in force has no table and codes are read as HS 2012."""
        return self.edition == self.version

    def describe(self) -> str:
        """'HS 2007' or 'an edition before HS 1992'."""
        return f"HS {self.edition}" if self.edition else "an edition before HS 1992"


def in_force(day: dt.date) -> InForce:
    """The HS edition in force on ``day`` (each entered into force on 1 January)."""
    return _in_force_in(day.year)


@cache
def _in_force_in(year: int) -> InForce:
    edition = next((e for start, e in _EDITIONS if year >= start.year), 0)
    return InForce(edition, edition if edition in HS_VERSIONS else HS_VERSIONS[0])


class VersionTables:
    """Six-digit successors: HS 2017 -> HS 2022 and HS 2012 -> HS 2017."""

    def __init__(
        self, to_2022: dict[str, tuple[str, ...]], to_2017: dict[str, tuple[str, ...]]
    ) -> None:
        #: every HS 2017 subheading; () when the tables list no HS 2022 successor
        self.to_2022 = to_2022
        #: every HS 2012 subheading the tables know (a few deleted ones are missing)
        self.to_2017 = to_2017
        codes = nomenclature()
        self._subheadings = {
            2012: frozenset(to_2017),
            2017: frozenset(to_2022),
            LATEST: frozenset(codes.subheadings),
        }
        self._prefixes = {
            version: frozenset(c[:n] for c in subs for n in (2, 4))
            for version, subs in self._subheadings.items()
        }
        self._prefixes[LATEST] = frozenset(c for c in codes.codes() if len(c) < 6)

    def subheadings(self, version: int) -> frozenset[str]:
        """The six-digit codes of ``version``."""
        return self._subheadings[version]

    def prefixes(self, version: int) -> frozenset[str]:
        """The chapters and headings (2 and 4 digits) of ``version``."""
        return self._prefixes[version]

    def successors(self, code: str, version: int) -> tuple[tuple[str, ...], bool]:
        """The HS 2022 subheadings six-digit ``code`` of ``version`` became, sorted, and
        whether the tables list a successor at every step (False: goods may be lost)."""
        if version == LATEST:
            return (code,), True
        if version == 2017:
            return self._from_2017(code)
        found: set[str] = set()
        complete = code in self.to_2017
        for step in self.to_2017.get(code, ()):
            later, whole = self._from_2017(step)
            complete = complete and whole
            found.update(later)
        return tuple(sorted(found)), complete

    def _from_2017(self, code: str) -> tuple[tuple[str, ...], bool]:
        listed = self.to_2022.get(code, ())
        if code in self._subheadings[LATEST] and code not in listed:
            # HS 2022 kept the number: part of the goods stayed there, though the inverted
            # table missed the link (HS 2017 701919 and 911490)
            return tuple(sorted((*listed, code))), bool(listed)
        return listed, bool(listed)


def _table(name: str) -> dict[str, tuple[str, ...]]:
    text = files("borderwatch.reference").joinpath("data", name).read_text(encoding="utf-8")
    rows = (line.split(",") for line in text.splitlines()[1:] if line)
    return {old: tuple(new.split()) for old, new in rows}


@cache
def tables_version() -> str:
    """A content hash of the shipped tables, recorded with every result."""
    digest = hashlib.sha256()
    for name in _FILES:
        digest.update(files("borderwatch.reference").joinpath("data", name).read_bytes())
    return digest.hexdigest()[:16]


@cache
def version_tables() -> VersionTables:
    """The shipped tables (loaded once)."""
    return VersionTables(*map(_table, _FILES))


@dataclass(frozen=True, slots=True)
class CodeReading:
    """A declared code read in an HS version, and the HS 2022 codes it stands for.

    ``candidates`` have the code's length (a heading's candidates are headings);
    empty when the code is in no version tried, or when the tables list no
    successor. ``complete`` is False when some of the code's goods may have gone
    to subheadings the tables do not list under it: refer rather than decide.
    """

    code: str
    version: int | None
    candidates: tuple[str, ...]
    complete: bool
    tried: tuple[int, ...]
    declared_version: bool
    in_force: InForce | None
    day: dt.date | None = None

    @property
    def unchanged(self) -> bool:
        """True when the code is screened as itself: the same HS 2022 code, nothing lost."""
        return self.complete and self.candidates == (self.code,)

    def notes(self) -> tuple[str, ...]:
        """Why the code was read in its version, when that needs saying."""
        force, day = self.in_force, self.day
        if self.version is None or self.declared_version or force is None or day is None:
            return ()
        if self.version == force.version and force.exact:
            return ()
        if self.version == force.version:
            return (
                f"{force.describe()} was in force on {day.isoformat()} and borderwatch has no "
                f"table for it: {self.code} was read as HS {self.version}, the oldest version "
                "it reads",
            )
        skipped = list(self.tried[: self.tried.index(self.version)])
        return (
            f"{self.code} is not a code of {self.versions_text(skipped)}: "
            f"read as HS {self.version}, where it is one",
        )

    def tried_text(self) -> str:
        """'HS 2017 (in force on 2019-03-01), HS 2022 or HS 2012'."""
        if self.declared_version:
            return f"HS {self.tried[0]}, the hs_version declared"
        return self.versions_text(list(self.tried))

    def versions_text(self, versions: list[int]) -> str:
        """``versions`` named, the one in force on the day said so."""
        names = []
        for version in versions:
            name = f"HS {version}"
            force, day = self.in_force, self.day
            if force is not None and day is not None and version == force.version:
                when = day.isoformat()
                name += (
                    f" (in force on {when})"
                    if force.exact
                    else f" (read for {force.describe()}, in force on {when})"
                )
            names.append(name)
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


@cache
def _order(first: int) -> tuple[int, ...]:
    """The version in force first, then the others newest first."""
    return (first, *(v for v in reversed(HS_VERSIONS) if v != first))


@lru_cache(maxsize=65536)
def _read(code: str, tried: tuple[int, ...]) -> tuple[int | None, tuple[str, ...], bool]:
    tables = version_tables()
    for version in tried:
        if len(code) == 6:
            if code in tables.subheadings(version):
                return (version, *tables.successors(code, version))
        elif code in tables.prefixes(version):
            # a chapter or heading HS 2022 still has is read as itself: it says less than a
            # subheading, is referred where a measure covers part of it, and the tables'
            # missing partial links would otherwise make every heading look broken
            if code in tables.prefixes(LATEST):
                return version, (code,), True
            found: set[str] = set()
            complete = True
            for sub in tables.subheadings(version):
                if sub.startswith(code):
                    later, whole = tables.successors(sub, version)
                    found.update(c[: len(code)] for c in later)
                    complete = complete and whole
            return version, tuple(sorted(found)), complete
    return None, (), False


def screened_as_itself(code: str, *, day: dt.date, declared: int | None = None) -> bool:
    """``read_code(...).unchanged``, without building the reading (the batch path asks
    this of every item)."""
    tried = (declared,) if declared is not None else _order(in_force(day).version)
    _, candidates, complete = _read(code, tried)
    return complete and candidates == (code,)


def read_code(code: str, *, day: dt.date | None, declared: int | None = None) -> CodeReading:
    """Read ``code`` (2, 4 or 6 digits) as of ``day``, or in the ``declared`` version.

    A declared version is the only one tried. Otherwise the version in force on
    ``day`` is tried first, then HS 2022 (a declaration written with today's
    codes), then the rest, newest first; with no ``day`` (a date that could not
    be read), HS 2022 first.
    """
    if declared is not None:
        if declared not in HS_VERSIONS:
            raise ValueError(f"HS {declared} is not a version borderwatch reads: {HS_VERSIONS}")
        tried: tuple[int, ...] = (declared,)
        force = None
    else:
        force = in_force(day) if day is not None else None
        tried = _order(force.version if force is not None else LATEST)
    version, candidates, complete = _read(code, tried)
    return CodeReading(code, version, candidates, complete, tried, declared is not None, force, day)
