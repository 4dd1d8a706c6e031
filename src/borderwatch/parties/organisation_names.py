"""Organisation names: legal forms dropped, generic words named, the rest kept.

Words are data (``data/organisation-words.yaml``) in English, Korean and
Chinese. Korean and Chinese company words are found inside unspaced
Hangul and Han text too, so 조선무역회사 reads as korea + trading + a legal
form, and 朝鲜联合机械贸易会社 the same way as its English rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from borderwatch.parties.normalize import fold, has_han, has_hangul

__all__ = ["OrganisationWords", "organisation_words"]

_CJK = re.compile(r"[\uac00-\ud7a3\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class OrganisationWords:
    """Legal forms to drop and generic words to name, in every spelling."""

    legal_forms: frozenset[str]
    generic: dict[str, str]
    phrases: tuple[tuple[str, str], ...]

    def mark_phrases(self, folded: str) -> str:
        """Replace multi-word and CJK spellings by their group name (or nothing)."""
        text = f" {folded} "
        for spelling, group in self.phrases:
            if _CJK.search(spelling):
                text = text.replace(spelling, f" {group} ")
            else:
                text = text.replace(f" {spelling} ", f" {group} ")
        return " ".join(text.split())

    def classify(self, token: str) -> str | None:
        """'' for a legal form, the group name for a generic word, None otherwise."""
        if token in self.legal_forms or token == "_":
            return ""
        return self.generic.get(token)


@cache
def organisation_words() -> OrganisationWords:
    """The shipped organisation word lists, read once."""
    text = files("borderwatch.parties").joinpath("data/organisation-words.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    legal = {fold(str(w)) for w in data["legal_forms"]}
    generic = {
        fold(str(s)): group for group, spellings in data["generic"].items() for s in spellings
    }
    generic.update({group: group for group in data["generic"]})
    phrases = [(w, "_") for w in legal if " " in w or has_hangul(w) or has_han(w)]
    phrases += [(s, g) for s, g in generic.items() if " " in s or has_hangul(s) or has_han(s)]
    phrases.sort(key=lambda p: len(p[0]), reverse=True)
    return OrganisationWords(
        legal_forms=frozenset(w for w in legal if " " not in w),
        generic={s: g for s, g in generic.items() if " " not in s},
        phrases=tuple(phrases),
    )
