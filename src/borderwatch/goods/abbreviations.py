"""Till and parcel abbreviations read as the words they shorten.

Shop receipts and parcel labels drop vowels to fit a narrow field ("crm" for cream,
"lpstck" for lipstick, "hydrtng clnsr") or cut a word short ("masc", "invis"). A word
the vocabulary does not know is read as a known word when

- it has no vowel after its first letter (a final "e" aside: "plce") and its
  consonant skeleton (first letter, then the consonants, a doubled letter once) is
  a known word's skeleton; or
- it is at least :data:`PREFIX_LEAST` letters long and starts a longer known word;

and one known word stands out: the word whose names in the lexicon are most numerous
must have at least :data:`DOMINANCE` times as many as the next ("clr" could be cooler,
collar, colour or clear, so it is left as it is). A word with vowels is never read by
its skeleton: "start" is a word, not an abbreviation of "street".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["DOMINANCE", "PREFIX_LEAST", "Abbreviations", "skeleton"]

#: how many times more names the chosen word must have than the next candidate
DOMINANCE = 2
#: the shortest cut-short word read as the start of a longer one
PREFIX_LEAST = 4
#: the fewest letters an abbreviation and its skeleton have when read by that skeleton
SKELETON_LEAST = 3

_VOWEL = re.compile(r"[aeiou]")
_DOUBLED = re.compile(r"(.)\1+")


def skeleton(word: str) -> str:
    """The first letter and the consonants after it, a doubled letter once ("bronzer" -> "brnzr")."""
    return _DOUBLED.sub(r"\1", word[:1] + _VOWEL.sub("", word[1:]))


def _abridged(token: str) -> bool:
    """No vowel after the first letter, but perhaps a final "e" ("crm", "plce")."""
    return not _VOWEL.search(token[1:-1]) and token[-1] in "bcdfghjklmnpqrstvwxyze"


def _dominant(candidates: Iterable[str], counts: Mapping[str, int]) -> str | None:
    ranked = sorted(candidates, key=lambda w: (-counts.get(w, 0), w))
    if not ranked or counts.get(ranked[0], 0) < 1:
        return None
    if len(ranked) > 1 and counts[ranked[0]] < DOMINANCE * max(counts.get(ranked[1], 0), 1):
        return None
    return ranked[0]


class Abbreviations:
    """Expands abbreviated words into known ones (built once from a vocabulary)."""

    def __init__(self, vocabulary: Iterable[str], counts: Mapping[str, int]) -> None:
        known = sorted(w for w in vocabulary if w.isascii() and w.isalpha() and len(w) > 3)
        by_skeleton: dict[str, list[str]] = {}
        for word in known:
            by_skeleton.setdefault(skeleton(word), []).append(word)
        chosen = {s: _dominant(words, counts) for s, words in by_skeleton.items()}
        self._state: dict[str, Any] = {
            "skeletons": {s: w for s, w in chosen.items() if w is not None},
            "words": known,
            "counts": {w: counts[w] for w in known if counts.get(w)},
        }
        self.__setstate__(self._state)

    def __getstate__(self) -> dict[str, Any]:
        return self._state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._state = state
        self._skeletons: dict[str, str] = state["skeletons"]
        self._words: list[str] = state["words"]
        self._counts: dict[str, int] = state["counts"]

    def expand(self, token: str) -> str | None:
        """The known word ``token`` abbreviates, or None when none stands out."""
        if not (token.isascii() and token.isalpha()) or len(token) < SKELETON_LEAST:
            return None
        bones = skeleton(token)
        if _abridged(token) and len(bones) >= SKELETON_LEAST:  # "she" is not "shoe"
            found = self._skeletons.get(bones)
            if found is not None and len(found) > len(token):
                return found
        if len(token) < PREFIX_LEAST:
            return None
        start = bisect_left(self._words, token)
        longer = []
        for word in self._words[start:]:
            if not word.startswith(token):
                break
            if len(word) > len(token):
                longer.append(word)
        return _dominant(longer, self._counts)
