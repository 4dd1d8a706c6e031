"""Finding lexicon names inside a description.

English names are matched as whole stemmed word sequences (longest first);
a misspelt word is first corrected to the nearest lexicon or nomenclature
word (rapidfuzz, ratio >= :data:`SPELLING_CUTOFF`). Chinese and Korean names
are matched as substrings of the Han and Hangul runs. Each match says which
words it covered, so the classifier can tell "rice cooker" (both words, one
name) from "rice" (one word of two).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from borderwatch.goods.lexicon import Lexicon
from borderwatch.goods.text import WORDS, NormalisedText, word_tokens

__all__ = ["SPELLING_CUTOFF", "LexiconMatch", "LexiconMatcher"]

#: how alike (0-100) a word must be to a known word to be read as a misspelling of it
SPELLING_CUTOFF = 84.0
#: a brand alone counts for this share of a name
BRAND_WEIGHT = 0.5
#: a name that loses a word of substance to the stop words ("tv box" -> "tv") counts this much
COLLAPSED_WEIGHT = 0.5
#: stop words that only join other words: dropping them leaves the name whole
FUNCTION_WORDS: frozenset[str] = frozenset(WORDS["function_words"])


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """One lexicon name found in a description."""

    hs: str
    term: str
    lang: str
    covered: frozenset[int]  # indexes of words (English) or characters (CJK) covered
    weight: float


def _plausible_typo(word: str, known: str) -> bool:
    """Same first letter, and not merely a longer or shorter form of the known word
    ("tabletop" is not a misspelt "tablet", "spacer" not a misspelt "space")."""
    return word[0] == known[0] and not word.startswith(known) and not known.startswith(word)


class LexiconMatcher:
    """Matches descriptions against one lexicon; built once, then pure and fast."""

    def __init__(self, lexicon: Lexicon, extra_vocabulary: Iterable[str] = ()) -> None:
        self._phrases: dict[tuple[str, ...], list[tuple[str, str, str, float]]] = defaultdict(list)
        self._cjk: list[tuple[str, str, str]] = []
        for entry in lexicon.entries:
            for lang, term in entry.terms():
                if lang in ("zh", "ko") or not term.isascii():
                    # with and without its spaces: "가죽 핸드백" is also written "가죽핸드백"
                    for variant in dict.fromkeys((term, term.replace(" ", ""))):
                        self._cjk.append((variant, entry.hs, lang))
                    continue
                key = tuple(word_tokens(term.lower()))
                every = tuple(word_tokens(term.lower(), keep_stop_words=True))
                # "tv box" is read as "tv" (box is a stop word): weaker than a real "tv"
                collapsed = any(w not in FUNCTION_WORDS for w in every if w not in key)
                if key:
                    weight = COLLAPSED_WEIGHT if collapsed else 1.0
                    self._phrases[key].append((entry.hs, term, lang, weight))
                elif every:
                    self._phrases[every].append((entry.hs, term, lang, 1.0))
        self._cjk.sort(key=lambda t: -len(t[0]))
        self._cjk_by_first: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for item in self._cjk:
            if item[0]:
                self._cjk_by_first[item[0][0]].append(item)
        self._longest = max((len(k) for k in self._phrases), default=1)
        words = {w for key in self._phrases for w in key}
        self.vocabulary: frozenset[str] = frozenset(words | set(extra_vocabulary))
        self._spell_choices = sorted(w for w in self.vocabulary if len(w) >= 4)

    def correct(self, words: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
        """Words with misspellings replaced by known words, and what was replaced."""
        corrected, replaced = [], {}
        for word in words:
            if len(word) < 4 or word in self.vocabulary:
                corrected.append(word)
                continue
            found = process.extractOne(
                word, self._spell_choices, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF
            )
            if found is None or not _plausible_typo(word, found[0]):
                corrected.append(word)
            else:
                corrected.append(found[0])
                replaced[word] = found[0]
        return tuple(corrected), replaced

    def match_words(self, words: tuple[str, ...]) -> list[LexiconMatch]:
        """English names found as word sequences, longest first."""
        found: list[LexiconMatch] = []
        for size in range(min(self._longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                key = words[start : start + size]
                for hs, term, lang, weight in self._phrases.get(key, ()):
                    found.append(
                        LexiconMatch(
                            hs=hs,
                            term=term,
                            lang=lang,
                            covered=frozenset(range(start, start + size)),
                            weight=weight * (BRAND_WEIGHT if lang == "brand" else 1.0),
                        )
                    )
        return found

    def match_cjk(self, text: NormalisedText) -> list[LexiconMatch]:
        """Chinese and Korean names found as substrings of the Han and Hangul runs."""
        joined = text.cjk_text
        if not joined:
            return []
        found: list[LexiconMatch] = []
        seen: set[tuple[str, str]] = set()
        for start, char in enumerate(joined):
            for term, hs, lang in self._cjk_by_first.get(char, ()):
                if (term, hs) in seen or not joined.startswith(term, start):
                    continue
                if len(term) == 1 and term not in text.cjk_runs:
                    continue  # a single character names goods only when it stands alone
                seen.add((term, hs))
                found.append(
                    LexiconMatch(
                        hs=hs,
                        term=term,
                        lang=lang,
                        covered=frozenset(range(start, start + len(term))),
                        weight=BRAND_WEIGHT if lang == "brand" else 1.0,
                    )
                )
        return found
