"""The multilingual goods lexicon: everyday and trade names of goods -> HS 2022 subheadings.

The lexicon is data, not code: YAML files in ``borderwatch/goods/data/lexicon/``,
one list of entries per file, each entry one six-digit subheading with its
names in English, Simplified Chinese and Korean and the brands that point to it::

    - hs: "851660"
      en: [rice cooker, electric cooker]
      zh: [电饭煲, 电饭锅]
      ko: [전기밥솥, 밥솥]
      brands: [cuckoo, zojirushi]

:func:`load_lexicon` validates every entry (the code must exist in HS 2022)
and reports problems with file, entry number, field and value.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from borderwatch.errors import ReferenceDataError
from borderwatch.reference.hs import nomenclature

__all__ = ["Lexicon", "LexiconEntry", "LexiconError", "load_lexicon", "shipped_lexicon"]


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LexiconError(ReferenceDataError):
    """A lexicon file that does not validate."""


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
        for lang in ("en", "zh", "ko", "brands"):
            for term in getattr(self, lang):
                yield ("brand" if lang == "brands" else lang, term)


class Lexicon:
    """All entries, merged by subheading."""

    def __init__(self, entries: Iterable[LexiconEntry]) -> None:
        merged: dict[str, LexiconEntry] = {}
        for entry in entries:
            if entry.hs in merged:
                old = merged[entry.hs]
                entry = LexiconEntry(  # names listed in both files once
                    hs=entry.hs,
                    en=tuple(dict.fromkeys(old.en + entry.en)),
                    zh=tuple(dict.fromkeys(old.zh + entry.zh)),
                    ko=tuple(dict.fromkeys(old.ko + entry.ko)),
                    brands=tuple(dict.fromkeys(old.brands + entry.brands)),
                    source=old.source,
                )
            merged[entry.hs] = entry
        self.entries: tuple[LexiconEntry, ...] = tuple(merged[k] for k in sorted(merged))

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, hs: str) -> LexiconEntry | None:
        """The entry for subheading ``hs``, if the lexicon has one."""
        return next((e for e in self.entries if e.hs == hs), None)


def _entries_of(path_name: str, text: str) -> list[LexiconEntry]:
    try:
        raw = yaml.load(text, Loader=_LOADER)  # a safe loader, the C one when built
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path_name}: not valid YAML: {exc}. Fix the syntax.") from exc
    if not isinstance(raw, list):
        raise LexiconError(
            f"{path_name}: expected a list of entries, found {type(raw).__name__}. "
            "Start each entry with '- hs: \"NNNNNN\"'."
        )
    codes = nomenclature()
    entries = []
    for number, item in enumerate(raw, start=1):
        try:
            entry = LexiconEntry.model_validate({**item, "source": path_name})
        except (ValidationError, TypeError) as exc:
            raise LexiconError(
                f"{path_name}: entry {number} ({item!r:.80}): {exc}. "
                "Each entry needs hs (six digits) and lists en, zh, ko, brands."
            ) from exc
        if entry.hs not in codes:
            raise LexiconError(
                f"{path_name}: entry {number}: field 'hs' = {entry.hs!r} is not an HS 2022 "
                "subheading. Look the code up in the nomenclature and correct it."
            )
        entries.append(entry)
    return entries


def load_lexicon(folder: Path) -> Lexicon:
    """Read and validate every ``*.yaml`` file of ``folder``."""
    entries: list[LexiconEntry] = []
    for path in sorted(folder.glob("*.yaml")):
        entries.extend(_entries_of(path.name, path.read_text(encoding="utf-8")))
    if not entries:
        raise LexiconError(f"{folder}: no lexicon entries found. Point to a folder of *.yaml.")
    return Lexicon(entries)


@cache
def shipped_lexicon() -> Lexicon:
    """The lexicon shipped inside the package (loaded once)."""
    folder = resources.files("borderwatch.goods") / "data" / "lexicon"
    entries: list[LexiconEntry] = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            entries.extend(_entries_of(item.name, item.read_text(encoding="utf-8")))
    return Lexicon(entries)
