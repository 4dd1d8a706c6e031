"""The multilingual goods lexicon: everyday and trade names of goods -> HS 2022 subheadings.

The lexicon is data, not code, and its files are the source: edit them by hand.
``borderwatch/goods/data/lexicon/`` holds one YAML file per HS chapter
(``85.yaml``), one entry per six-digit subheading with one name per line under
its kind (en, zh, ko, brands), and ``shared.yaml`` for the names that truly
belong to several subheadings, each written once with the reason
(:mod:`borderwatch.goods.lexicon_files` reads them; docs/classification.md is
the guide to fixing or adding a name).

:func:`load_lexicon` refuses a lexicon with any problem (a code that is not in
HS 2022 or in another chapter's file, a bad kind, a name written twice), naming
file, line, field and value. The lexicon keeps where each name is written, so
an explanation can say "lexicon 'rice cooker' (en, 85.yaml:1234)".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from borderwatch.errors import ReferenceDataError, RuleProblem
from borderwatch.goods.lexicon_files import KINDS, LocatedName, read_lexicon_files
from borderwatch.reference.hs import nomenclature

__all__ = [
    "Lexicon",
    "LexiconEntry",
    "LexiconError",
    "check_lexicon",
    "load_lexicon",
    "shipped_lexicon",
]

#: problems listed in a LexiconError's message (all are in its ``problems``)
SHOWN_PROBLEMS = 10


class LexiconError(ReferenceDataError):
    """A lexicon that does not validate; ``problems`` holds each problem found."""

    def __init__(self, message: str, problems: Iterable[RuleProblem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class LexiconEntry(BaseModel):
    """One HS 2022 subheading and the names people give its goods."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    hs: Annotated[str, Field(pattern=r"^\d{6}$")]
    en: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    ko: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    source: str = ""

    def terms(self) -> Iterable[tuple[str, str]]:
        """(language, term) pairs; brands are reported with language 'brand'."""
        for kind, lang in KINDS.items():
            for term in getattr(self, kind):
                yield (lang, term)


class Lexicon:
    """All entries, merged by subheading, and where each name is written.

    ``places`` maps (subheading, language as in :meth:`LexiconEntry.terms`, name)
    to (file, line); a lexicon built in code has none.
    """

    def __init__(
        self,
        entries: Iterable[LexiconEntry],
        places: Mapping[tuple[str, str, str], tuple[str, int]] | None = None,
    ) -> None:
        merged: dict[str, LexiconEntry] = {}
        for entry in entries:
            if entry.hs in merged:
                old = merged[entry.hs]
                entry = LexiconEntry(  # names listed in both once
                    hs=entry.hs,
                    en=tuple(dict.fromkeys(old.en + entry.en)),
                    zh=tuple(dict.fromkeys(old.zh + entry.zh)),
                    ko=tuple(dict.fromkeys(old.ko + entry.ko)),
                    brands=tuple(dict.fromkeys(old.brands + entry.brands)),
                    source=old.source,
                )
            merged[entry.hs] = entry
        self.entries: tuple[LexiconEntry, ...] = tuple(merged[k] for k in sorted(merged))
        self._places = dict(places or {})

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, hs: str) -> LexiconEntry | None:
        """The entry for subheading ``hs``, if the lexicon has one."""
        return next((e for e in self.entries if e.hs == hs), None)

    def where(self, hs: str, lang: str, term: str) -> tuple[str, int] | None:
        """(file, line) where the name ``term`` of ``hs`` is written, if known."""
        return self._places.get((hs, lang, term))

    def place(self, hs: str, lang: str, term: str) -> str:
        """Where the name ``term`` of ``hs`` is written (``85.yaml:1234``), or ''."""
        found = self._places.get((hs, lang, term))
        return f"{found[0]}:{found[1]}" if found else ""


def _lexicon_of(names: list[LocatedName]) -> Lexicon:
    """The lexicon of names read from the files (in file order; shared names last)."""
    by_code: dict[str, dict[str, list[str]]] = defaultdict(lambda: {k: [] for k in KINDS})
    sources: dict[str, str] = {}
    places: dict[tuple[str, str, str], tuple[str, int]] = {}
    for named in names:
        by_code[named.hs][named.kind].append(named.name)
        sources.setdefault(named.hs, named.path)
        places[(named.hs, KINDS[named.kind], named.name)] = (named.path, named.line)
    entries = [
        LexiconEntry(hs=hs, source=sources[hs], **{k: tuple(v) for k, v in kinds.items()})
        for hs, kinds in by_code.items()
    ]
    return Lexicon(entries, places)


def _problems_error(where: str, problems: list[RuleProblem]) -> LexiconError:
    head = [str(p) for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > len(head):
        head.append(f"... and {len(problems) - len(head)} more")
    count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
    return LexiconError(
        f"the lexicon in {where} does not validate ({count}):\n  " + "\n  ".join(head), problems
    )


def _folder_files(folder: Path) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]


def check_lexicon(folder: Path) -> list[RuleProblem]:
    """Every problem of the lexicon files in ``folder`` (none: the lexicon is valid)."""
    return read_lexicon_files(_folder_files(folder), nomenclature())[1]


def load_lexicon(folder: Path) -> Lexicon:
    """Read and validate every ``*.yaml`` file of ``folder``."""
    names, problems = read_lexicon_files(_folder_files(folder), nomenclature())
    if problems:
        raise _problems_error(str(folder), problems)
    if not names:
        raise LexiconError(
            f"{folder}: no lexicon names found. Point to a folder of chapter files (85.yaml)."
        )
    return _lexicon_of(names)


@cache
def shipped_lexicon() -> Lexicon:
    """The lexicon shipped inside the package (loaded once)."""
    folder = resources.files("borderwatch.goods") / "data" / "lexicon"
    files = [
        (item.name, item.read_text(encoding="utf-8"))
        for item in sorted(folder.iterdir(), key=lambda p: p.name)
        if item.name.endswith(".yaml")
    ]
    names, problems = read_lexicon_files(files, nomenclature())
    if problems:
        raise _problems_error("the package", problems)
    return _lexicon_of(names)
