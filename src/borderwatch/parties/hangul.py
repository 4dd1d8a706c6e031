"""Hangul syllables: decomposition into jamo, and the two romanizations.

A precomposed syllable (U+AC00..U+D7A3) is ``0xAC00 + (initial * 21 + vowel)
* 28 + final``. From the jamo indices this module writes the Revised
Romanization (South Korea, 2000) and McCune–Reischauer (used by the DPRK and
by the UN list), syllable by syllable as personal names are romanized.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "Jamo",
    "compose",
    "decompose",
    "is_hangul_syllable",
    "romanize_mr",
    "romanize_rr",
    "romanize_syllables",
]

_BASE, _LAST = 0xAC00, 0xD7A3
_VOWELS, _FINALS = 21, 28

# index order of the Unicode initial, vowel and final jamo
_RR_INITIALS = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "-",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_MR_INITIALS = [
    "k",
    "kk",
    "n",
    "t",
    "tt",
    "r",
    "m",
    "p",
    "pp",
    "s",
    "ss",
    "-",
    "ch",
    "tch",
    "ch'",
    "k'",
    "t'",
    "p'",
    "h",
]
_RR_VOWELS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_MR_VOWELS = [
    "a",
    "ae",
    "ya",
    "yae",
    "ŏ",
    "e",
    "yŏ",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wŏ",
    "we",
    "wi",
    "yu",
    "ŭ",
    "ŭi",
    "i",
]
_RR_FINALS = [
    "-",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]
# McCune–Reischauer writes syllable-final consonants as Revised Romanization does
_MR_FINALS = _RR_FINALS


class Jamo(NamedTuple):
    """The indices of a syllable's initial consonant, vowel and final (0 = none)."""

    initial: int
    vowel: int
    final: int


def is_hangul_syllable(char: str) -> bool:
    """True for a precomposed Hangul syllable."""
    return len(char) == 1 and _BASE <= ord(char) <= _LAST


def decompose(char: str) -> Jamo:
    """The jamo indices of one precomposed syllable."""
    if not is_hangul_syllable(char):
        raise ValueError(f"{char!r} is not a precomposed Hangul syllable")
    offset = ord(char) - _BASE
    return Jamo(offset // (_VOWELS * _FINALS), (offset // _FINALS) % _VOWELS, offset % _FINALS)


def compose(jamo: Jamo) -> str:
    """The precomposed syllable of ``jamo`` (inverse of :func:`decompose`)."""
    initial, vowel, final = jamo
    return chr(_BASE + (initial * _VOWELS + vowel) * _FINALS + final)


def _syllable(char: str, initials: list[str], vowels: list[str], finals: list[str]) -> str:
    initial, vowel, final = decompose(char)
    onset = initials[initial].replace("-", "")
    nucleus = vowels[vowel]
    if onset == "s" and nucleus.startswith(("i", "wi")) and initials is _MR_INITIALS:
        onset = "sh"  # MR writes ㅅ before i and wi as sh
    return onset + nucleus + finals[final].replace("-", "")


def romanize_syllables(text: str, *, system: str = "rr") -> list[str]:
    """Each Hangul syllable of ``text`` romanized on its own; other characters are skipped."""
    tables = (
        (_MR_INITIALS, _MR_VOWELS, _MR_FINALS)
        if system == "mr"
        else (_RR_INITIALS, _RR_VOWELS, _RR_FINALS)
    )
    return [_syllable(c, *tables) for c in text if is_hangul_syllable(c)]


def _romanize(text: str, system: str) -> str:
    words = []
    for word in text.split():
        parts = romanize_syllables(word, system=system)
        words.append("".join(parts) if parts else word)
    return " ".join(words)


def romanize_rr(text: str) -> str:
    """Revised Romanization, syllable by syllable: 김정은 -> gimjeongeun."""
    return _romanize(text, "rr")


def romanize_mr(text: str) -> str:
    """McCune–Reischauer, syllable by syllable, with breves: 김정은 -> kimchŏngŭn."""
    return _romanize(text, "mr")
