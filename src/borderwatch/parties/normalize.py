"""Folding names to comparable keys, whatever the script or romanization.

:func:`fold` lower-cases, strips accents and breves, drops apostrophes and
turns punctuation into spaces. :func:`sound_key` then collapses the
differences between romanizations of the same Korean sounds (MR ``ch``/``k``
against RR ``j``/``g``, ``ŏ`` against ``eo``, doubled vowels, ``r``/``l``), so
"Jeong", "Jong" and "Chong" share one key. Both sides of a comparison go
through the same functions, so the key only has to be consistent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "fold",
    "has_han",
    "has_hangul",
    "loose_key",
    "plain_number",
    "script_runs",
    "sound_key",
]

_APOSTROPHES = str.maketrans("", "", "'’‘ʼ`´ʻ\"“”")
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_RUNS = re.compile(
    r"([\uac00-\ud7a3]+)|([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
    r"|([^\s\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
)

# applied in order; the left side is a folded spelling, the right its key
_SOUND_RULES = (
    ("tch", "c"), ("ch", "c"), ("jj", "c"), ("j", "c"), ("sh", "s"), ("ss", "s"),
    ("kk", "k"), ("tt", "t"), ("pp", "p"), ("ph", "p"), ("th", "t"), ("kh", "k"),
    ("g", "k"), ("d", "t"), ("b", "p"), ("r", "l"), ("ll", "l"), ("nn", "n"),
    ("eo", "o"), ("eu", "u"), ("oo", "u"), ("ee", "i"), ("ou", "o"), ("oi", "oe"),
    ("w", "w"),
)  # fmt: skip


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, no accents or breves, no apostrophes, punctuation as spaces."""
    if text.isascii():
        return " ".join(_PUNCT.sub(" ", text.translate(_APOSTROPHES).lower()).split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Hangul decomposes into jamo under NFKD; recompose so syllables stay whole
    recomposed = unicodedata.normalize("NFC", stripped).lower()
    return " ".join(_PUNCT.sub(" ", recomposed).split())


_SILENT_H = re.compile(r"(?<=[aeiou])h(?![aeiouwy])")


@lru_cache(maxsize=500_000)
def sound_key(token: str) -> str:
    """The romanization-independent key of one folded Latin token."""
    key = token
    for old, new in _SOUND_RULES:
        key = key.replace(old, new)
    key = _SILENT_H.sub("", key)  # Oh, Koh, Ahn, Hwahn: h after a vowel only lengthens it
    if key.startswith(("ly", "li")) and len(key) > 2:
        key = key[1:]  # DPRK Ryong, Rim are South Korean Yong, Im (initial ㄹ dropped)
    return key


@lru_cache(maxsize=500_000)
def loose_key(key: str) -> str:
    """A sound key with o and u merged: ㅓ is written o, eo and u (Chol, Cheol, Chul)."""
    return key.replace("u", "o")


def has_hangul(text: str) -> bool:
    """True when ``text`` contains a Hangul syllable."""
    return _HANGUL.search(text) is not None


def has_han(text: str) -> bool:
    """True when ``text`` contains a Han (Chinese) character."""
    return _HAN.search(text) is not None


def script_runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into runs tagged ``hangul``, ``han`` or ``latin`` (anything else)."""
    runs = []
    for match in _RUNS.finditer(text):
        kind = "hangul" if match.group(1) else "han" if match.group(2) else "latin"
        runs.append((kind, match.group(0)))
    return runs


def plain_number(number: str) -> str:
    """A document number as compared: letters and digits only, upper case
    (``"pd-773 0011"`` -> ``"PD7730011"``)."""
    return "".join(c for c in number if c.isalnum()).upper()
