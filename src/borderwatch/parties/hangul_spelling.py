"""Romanized Korean back to Hangul: one reading of an MR or RR spelling.

Romanization loses information (MR ``ch`` is ㅈ, RR ``ch`` is ㅊ; apostrophes
and breves are often dropped), so this gives one plausible Hangul spelling,
not the person's own. It is used to write Hangul variants of listed names
for evaluation and to split run-together given names into syllables.
"""

from __future__ import annotations

from functools import lru_cache

from borderwatch.parties.hangul import Jamo, compose

__all__ = ["hangulize", "split_syllables"]

# romanized onset -> initial jamo index (ㄱ=0 ... ㅎ=18)
_ONSETS = {
    "": 11, "g": 0, "k": 0, "kk": 1, "n": 2, "d": 3, "t": 3, "tt": 4, "r": 5, "l": 5,
    "m": 6, "b": 7, "p": 7, "pp": 8, "s": 9, "sh": 9, "ss": 10, "j": 12, "ch": 14,
    "jj": 13, "tch": 13, "ch'": 14, "k'": 15, "t'": 16, "p'": 17, "h": 18,
}  # fmt: skip
# romanized vowel -> vowel jamo index (ㅏ=0 ... ㅣ=20)
_NUCLEI = {
    "a": 0, "ae": 1, "ya": 2, "yae": 3, "eo": 4, "ŏ": 4, "o'": 4, "e": 5, "yeo": 6,
    "yŏ": 6, "yo'": 6, "ye": 7, "o": 8, "wa": 9, "wae": 10, "oe": 11, "yo": 12, "u": 13,
    "wo": 14, "wŏ": 14, "wo'": 14, "weo": 14, "we": 15, "wi": 16, "yu": 17, "eu": 18,
    "ŭ": 18, "u'": 18, "ui": 19, "ŭi": 19, "eui": 19, "i": 20,
}  # fmt: skip
# romanized coda -> final jamo index (none=0, ㄱ=1, ㄴ=4, ㄷ=7, ㄹ=8, ㅁ=16, ㅂ=17, ㅅ=19, ㅇ=21)
_CODAS = {"": 0, "k": 1, "g": 1, "n": 4, "t": 7, "d": 7, "l": 8, "r": 8, "m": 16, "p": 17, "b": 17, "ng": 21}  # fmt: skip


def _clean(text: str) -> str:
    return text.lower().replace("’", "'").replace("ʼ", "'").replace("`", "'")


def _one(syllable: str) -> str | None:
    for onset in sorted(_ONSETS, key=len, reverse=True):
        if not syllable.startswith(onset):
            continue
        rest = syllable[len(onset) :]
        for nucleus in sorted(_NUCLEI, key=len, reverse=True):
            if rest.startswith(nucleus) and rest[len(nucleus) :] in _CODAS:
                coda = _CODAS[rest[len(nucleus) :]]
                return compose(Jamo(_ONSETS[onset], _NUCLEI[nucleus], coda))
    return None


@lru_cache(maxsize=65536)
def split_syllables(word: str) -> tuple[str, ...] | None:
    """Split a run-together romanized word into the fewest syllables, or None.

    ``wonho`` -> ("won", "ho"); ambiguous words take the split with the
    longest first syllable among the shortest splits.
    """
    word = _clean(word)
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 8), end):  # the longest, tchwaeng, has 8
            head = best[start]
            if head is None or _one(word[start:end]) is None:
                continue
            candidate = (*head, word[start:end])
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    return best[len(word)]


def hangulize(text: str) -> str | None:
    """Hangul for a romanized Korean name, words kept apart; None when a word is not Korean."""
    words = []
    for word in _clean(text).replace("-", " ").split():
        syllables = split_syllables(word)
        if not syllables:
            return None
        words.append("".join(_one(s) or "" for s in syllables))
    return " ".join(words)
