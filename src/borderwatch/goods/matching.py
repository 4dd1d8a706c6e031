"""Finding lexicon names inside a description.

English names are matched as whole stemmed word sequences (longest first);
a misspelt word is first corrected to the nearest lexicon or nomenclature
word (rapidfuzz, ratio >= :data:`SPELLING_CUTOFF`), and a till abbreviation
("crm", "lpstck") to the word it shortens (:mod:`borderwatch.goods.abbreviations`). Chinese and Korean names
are matched as substrings of the Han and Hangul runs. Each match says which
words it covered, so the classifier can tell "rice cooker" (both words, one
name) from "rice" (one word of two).
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from borderwatch.goods.abbreviations import Abbreviations
from borderwatch.goods.lexicon import Lexicon
from borderwatch.goods.text import WORDS, NormalisedText, word_tokens

__all__ = ["SPELLING_CUTOFF", "LexiconMatch", "LexiconMatcher"]

#: where a name is written (file, line), if known
Place = tuple[str, int] | None
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
    place: str = ""  # where the name is written ("85.yaml:1234"), if known


def _plausible_typo(word: str, known: str) -> bool:
    """Same first letter, and not merely a longer or shorter form of the known word
    ("tabletop" is not a misspelt "tablet", "spacer" not a misspelt "space")."""
    return word[0] == known[0] and not word.startswith(known) and not known.startswith(word)


class LexiconMatcher:
    """Matches descriptions against one lexicon; built once, then pure and fast.

    Names are held in flat tables (parallel lists, found by offset) rather than
    as many small tuples, so the classifier cache loads them quickly.
    """

    def __init__(self, lexicon: Lexicon, extra_vocabulary: Iterable[str] = ()) -> None:
        # (subheading, name, language, weight, place) by name key; (text, subheading, language,
        # place) of the Chinese and Korean names
        phrases: dict[tuple[str, ...], list[tuple[str, str, str, float, Place]]] = defaultdict(list)
        cjk: list[tuple[str, str, str, Place]] = []
        for entry in lexicon.entries:
            for lang, term in entry.terms():
                place = lexicon.where(entry.hs, lang, term)
                if lang in ("zh", "ko") or not term.isascii():
                    # with and without its spaces: "가죽 핸드백" is also written "가죽핸드백"
                    for variant in dict.fromkeys((term, term.replace(" ", ""))):
                        cjk.append((variant, entry.hs, lang, place))
                    continue
                key = tuple(word_tokens(term.lower()))
                every = tuple(word_tokens(term.lower(), keep_stop_words=True))
                # "tv box" is read as "tv" (box is a stop word): weaker than a real "tv"
                collapsed = any(w not in FUNCTION_WORDS for w in every if w not in key)
                if key:
                    weight = COLLAPSED_WEIGHT if collapsed else 1.0
                    phrases[key].append((entry.hs, term, lang, weight, place))
                elif every:
                    phrases[every].append((entry.hs, term, lang, 1.0, place))
        cjk.sort(key=lambda t: -len(t[0]))
        by_first: dict[str, list[tuple[str, str, str, Place]]] = defaultdict(list)
        for item in cjk:
            if item[0]:
                by_first[item[0][0]].append(item)
        words = {w for key in phrases for w in key}
        vocabulary = frozenset(words | set(extra_vocabulary))
        # how many names use each word: which of two words an abbreviation means
        name_counts: Counter[str] = Counter(w for key in phrases for w in set(key))
        names = [entry for entries in phrases.values() for entry in entries]
        runs = [item for items in by_first.values() for item in items]
        self.__setstate__(
            {
                # word tokens hold no spaces, so a name's words joined by one are its key
                "phrase_keys": [" ".join(key) for key in phrases],
                "phrase_starts": _offsets(len(entries) for entries in phrases.values()),
                "phrase_hs": [n[0] for n in names],
                "phrase_terms": [n[1] for n in names],
                "phrase_langs": [n[2] for n in names],
                "phrase_weights": array("d", (n[3] for n in names)),
                **_packed_places("phrase", [n[4] for n in names]),
                "longest": max((len(k) for k in phrases), default=1),
                "cjk_firsts": "".join(by_first),
                "cjk_starts": _offsets(len(items) for items in by_first.values()),
                "cjk_terms": [r[0] for r in runs],
                "cjk_hs": [r[1] for r in runs],
                "cjk_langs": [r[2] for r in runs],
                **_packed_places("cjk", [r[3] for r in runs]),
                "vocabulary": vocabulary,
                "spell_choices": sorted(w for w in vocabulary if len(w) >= 4),
                "abbreviations": Abbreviations(vocabulary, name_counts),
            }
        )

    def __getstate__(self) -> dict[str, Any]:
        return self._state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._state = state
        self._phrase_numbers = {k: n for n, k in enumerate(state["phrase_keys"])}
        self._phrase_starts: array[int] = state["phrase_starts"]
        self._phrase_hs: list[str] = state["phrase_hs"]
        self._phrase_terms: list[str] = state["phrase_terms"]
        self._phrase_langs: list[str] = state["phrase_langs"]
        self._phrase_weights: array[float] = state["phrase_weights"]
        self._phrase_files: list[str] = state["phrase_files"]
        self._phrase_file_numbers: array[int] = state["phrase_file_numbers"]
        self._phrase_lines: array[int] = state["phrase_lines"]
        self._longest: int = state["longest"]
        self._cjk_numbers = {c: n for n, c in enumerate(state["cjk_firsts"])}
        self._cjk_starts: array[int] = state["cjk_starts"]
        self._cjk_terms: list[str] = state["cjk_terms"]
        self._cjk_hs: list[str] = state["cjk_hs"]
        self._cjk_langs: list[str] = state["cjk_langs"]
        self._cjk_files: list[str] = state["cjk_files"]
        self._cjk_file_numbers: array[int] = state["cjk_file_numbers"]
        self._cjk_lines: array[int] = state["cjk_lines"]
        self.vocabulary: frozenset[str] = state["vocabulary"]
        self._spell_choices: list[str] = state["spell_choices"]
        self._abbreviations: Abbreviations = state["abbreviations"]

    def correct(self, words: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
        """Words with misspellings and abbreviations replaced by known words, and what was
        replaced."""
        corrected, replaced = [], {}
        for word in words:
            known = None if word in self.vocabulary else self._known_form(word)
            corrected.append(known or word)
            if known is not None:
                replaced[word] = known
        return tuple(corrected), replaced

    def _known_form(self, word: str) -> str | None:
        """The known word an unknown one misspells ("shampo") or abbreviates ("crm")."""
        if len(word) >= 4:
            found = process.extractOne(
                word, self._spell_choices, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF
            )
            if found is not None and _plausible_typo(word, found[0]):
                return str(found[0])
        return self._abbreviations.expand(word)

    def match_words(self, words: tuple[str, ...]) -> list[LexiconMatch]:
        """English names found as word sequences, longest first."""
        found: list[LexiconMatch] = []
        starts = self._phrase_starts
        for size in range(min(self._longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                number = self._phrase_numbers.get(" ".join(words[start : start + size]))
                if number is None:
                    continue
                covered = frozenset(range(start, start + size))
                for j in range(starts[number], starts[number + 1]):
                    lang = self._phrase_langs[j]
                    weight = self._phrase_weights[j] * (BRAND_WEIGHT if lang == "brand" else 1.0)
                    found.append(
                        LexiconMatch(
                            self._phrase_hs[j],
                            self._phrase_terms[j],
                            lang,
                            covered,
                            weight,
                            _place(
                                self._phrase_files,
                                self._phrase_file_numbers[j],
                                self._phrase_lines[j],
                            ),
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
        starts, terms = self._cjk_starts, self._cjk_terms
        for start, char in enumerate(joined):
            number = self._cjk_numbers.get(char)
            if number is None:
                continue
            for j in range(starts[number], starts[number + 1]):
                term, hs = terms[j], self._cjk_hs[j]
                if (term, hs) in seen or not joined.startswith(term, start):
                    continue
                if len(term) == 1 and term not in text.cjk_runs:
                    continue  # a single character names goods only when it stands alone
                seen.add((term, hs))
                lang = self._cjk_langs[j]
                found.append(
                    LexiconMatch(
                        hs=hs,
                        term=term,
                        lang=lang,
                        covered=frozenset(range(start, start + len(term))),
                        weight=BRAND_WEIGHT if lang == "brand" else 1.0,
                        place=_place(
                            self._cjk_files, self._cjk_file_numbers[j], self._cjk_lines[j]
                        ),
                    )
                )
        return found


def _packed_places(table: str, places: list[Place]) -> dict[str, Any]:
    """The places (file, line) of a table's names as a list of files and two arrays
    (file number, line): a tenth of the size of "85.yaml:1234" strings in the cache file."""
    files: dict[str, int] = {"": 0}  # file number 0: no place known
    numbers, lines = array("H"), array("I")
    for place in places:
        path, line = place or ("", 0)
        numbers.append(files.setdefault(path, len(files)))
        lines.append(line)
    return {
        f"{table}_files": list(files),
        f"{table}_file_numbers": numbers,
        f"{table}_lines": lines,
    }


def _place(files: list[str], number: int, line: int) -> str:
    """``file:line`` of a name, or '' when its place is not known."""
    return f"{files[number]}:{line}" if number else ""


def _offsets(sizes: Iterable[int]) -> array[int]:
    """Where each run of a flat table starts, and one past the last run's end."""
    offsets = array("i", [0])
    for size in sizes:
        offsets.append(offsets[-1] + size)
    return offsets
