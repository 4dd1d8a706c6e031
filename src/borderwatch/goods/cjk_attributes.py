"""Chinese and Korean words for materials and audiences, read as the English the
nomenclature texts use ("纯棉" as cotton, "여성" as woman), so that they agree with a
subheading's text as English attribute words do. The table is data
(``data/words.yaml``, ``cjk_attributes``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from borderwatch.goods.text import WORDS, NormalisedText, word_tokens

__all__ = ["CJKAttribute", "cjk_attributes_in"]


@dataclass(frozen=True, slots=True)
class CJKAttribute:
    """One attribute word found in the joined CJK text."""

    start: int
    end: int
    english: tuple[str, ...]  # stemmed English words


@cache
def _table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    raw = WORDS["cjk_attributes"]
    pairs = ((str(k), tuple(word_tokens(str(v).lower()))) for k, v in raw.items())
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))  # longest first: 纯棉 before 棉


def cjk_attributes_in(text: NormalisedText) -> list[CJKAttribute]:
    """Attribute words in the Han and Hangul runs, longest first, not overlapping;
    a one-character word only where it stands alone."""
    joined = text.cjk_text
    if not joined:
        return []
    taken: set[int] = set()
    found = []
    for word, english in _table():
        if len(word) == 1 and word not in text.cjk_runs:
            continue
        start = joined.find(word)
        while start >= 0:
            span = range(start, start + len(word))
            if not taken.intersection(span):
                taken.update(span)
                found.append(CJKAttribute(start, start + len(word), english))
            start = joined.find(word, start + 1)
    return found
