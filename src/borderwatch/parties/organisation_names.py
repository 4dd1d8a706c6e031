"""Organisation names: legal forms dropped, generic words named, the rest kept.

Words are data (``data/organisation-words.yaml``) in English, Korean and
Chinese; a few distinctive words that Chinese and Korean names translate
(矿业, 광업: mining) are read as their English word. Korean and Chinese company words are found inside unspaced
Hangul and Han text too, so 조선무역회사 reads as korea + trading + a legal
form, and 朝鲜联合机械贸易会社 the same way as its English rendering.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from borderwatch.errors import ReferenceDataError
from borderwatch.parties.normalize import fold, has_han, has_hangul

__all__ = ["OrganisationWords", "organisation_words"]

_DOUBLED = re.compile(r"(.)\1+")
_CJK = re.compile(r"[\uac00-\ud7a3\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class OrganisationWords:
    """Legal forms to drop and generic words to name, in every spelling."""

    legal_forms: frozenset[str]
    generic: dict[str, str]
    phrases: tuple[tuple[str, str], ...]
    long_words: tuple[str, ...]
    kinds: frozenset[str] = frozenset()
    kind_words: dict[str, str] = field(default_factory=dict)
    kinds_if_alone: frozenset[str] = frozenset()
    kind_spellings: tuple[str, ...] = ()

    def kinds_of(self, distinctive: Iterable[str], generic: Iterable[str]) -> frozenset[str]:
        """The kinds of body a name states: kind groups among its generic words, kind words
        (with a slip, as generic words: "Clmmittee"), and, when it states none of those, the
        groups that are a kind only alone."""
        generic = tuple(generic)
        found = {g for g in generic if g in self.kinds}
        for token in distinctive:
            spelling = token if token in self.kind_words else None
            if spelling is None and len(token) >= 4:
                spelling = _near_word(token, self.kind_spellings)
            if spelling is not None:
                found.add(self.kind_words[spelling])
        if not found:
            found = {g for g in generic if g in self.kinds_if_alone}
        return frozenset(found)

    def mark_phrases(self, folded: str) -> str:
        """Replace multi-word and CJK spellings by their group name (or nothing)."""
        text = f" {folded} "
        latin_only = folded.isascii()
        for spelling, group in self.phrases:
            if _CJK.search(spelling):
                if not latin_only:
                    text = text.replace(spelling, f" {group} ")
            elif f" {spelling} " in text:
                text = text.replace(f" {spelling} ", f" {group} ")
        return " ".join(text.split())

    def classify(self, token: str) -> str | None:
        """'' for a legal form, the group name for a generic word, None otherwise.

        A word whose doubled letters are slips ("Coo", "Ttrade") is read
        without them. English group names and legal forms of four letters or
        more also match with one slip ("Tradnig", "Corporatio", "Bant"), words
        of nine or more with two ("Industirees"), so a typo in a generic word
        does not look distinctive.
        """
        if token in self.legal_forms or token == "_":
            return ""
        single = _DOUBLED.sub(r"\1", token)  # a doubled letter is a slip: "Coo", "Ttrade"
        if single != token and single in self.legal_forms:
            return ""
        found = self.generic.get(token) or self.generic.get(single)
        if found is None and len(token) >= 4:
            near = _near_word(token, self.long_words)
            if near is not None:
                return "" if near in self.legal_forms else self.generic[near]
        return found


@lru_cache(maxsize=100_000)
def _near_word(token: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` one edit from ``token``, or two from a word of nine letters or
    more that starts with the same letter: "Chongsong" is a name, not "Hongkong" misspelt."""
    allowed = 2 if len(token) >= 9 else 1
    for word in words:
        if abs(len(word) - len(token)) > allowed:
            continue
        edits = OSA.distance(word, token, score_cutoff=allowed)
        if edits <= 1 or (edits <= allowed and word[:1] == token[:1]):
            return word
    return None


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
    # Han and Hangul spellings of distinctive words, read as the English word
    phrases += [
        (fold(str(s)), w) for w, spellings in data.get("translated", {}).items() for s in spellings
    ]
    phrases.sort(key=lambda p: len(p[0]), reverse=True)
    # fuzzy matching only against the English group names and Latin legal forms:
    # romanized and pinyin spellings are too close to real distinctive words
    single = {w for w in (*legal, *data["generic"]) if " " not in w and "_" not in w}
    single |= {w for w in generic if len(w) >= 6 and " " not in w}
    kind_words = {
        fold(str(s)): kind for kind, spellings in data["kind_words"].items() for s in spellings
    }
    return OrganisationWords(
        legal_forms=frozenset(w for w in legal if " " not in w),
        generic={s: g for s, g in generic.items() if " " not in s},
        phrases=tuple(phrases),
        long_words=tuple(sorted(w for w in single if len(w) >= 4 and w.isascii())),
        kinds=_kinds(data),
        kinds_if_alone=_kinds(data, "kinds_if_alone"),
        kind_words=kind_words,
        # with a slip, only the English kind names of six letters or more: romanized
        # spellings are too close to names (Kwangson is no misspelt kwangsan, a mine)
        kind_spellings=tuple(sorted(k for k in data["kind_words"] if len(k) >= 6)),
    )


def _kinds(data: dict[str, Any], name: str = "kinds") -> frozenset[str]:
    """A list of kinds, each a generic group (a misspelt group is an error, not a no-op)."""
    kinds = frozenset(str(k) for k in data.get(name, ()))
    unknown = sorted(kinds - set(data["generic"]))
    if unknown:
        raise ReferenceDataError(
            f"organisation-words.yaml: field {name!r} names {unknown}, which are not generic "
            "groups; add them under 'generic' or fix the spelling."
        )
    return kinds
