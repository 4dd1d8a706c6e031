"""Lexical retrieval over the HS 2022 nomenclature (Okapi BM25).

Each six-digit subheading is one document made of its own text, the text
of its heading (the parent gives context such as "men's" or "of cotton"),
the English lexicon names for it, and the character bigrams of its Chinese
and Korean lexicon names, so a description that is only close to a name
("电饭锅" against "电饭煲") still finds it.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from borderwatch.goods.lexicon import Lexicon
from borderwatch.goods.text import char_bigrams, word_tokens
from borderwatch.reference.hs import Nomenclature

__all__ = ["BM25Index", "Retrieved", "build_index"]

K1 = 1.2
B = 0.75
#: how much each part of a document counts, relative to the subheading's own words
HEADING_WEIGHT = 0.5
LEXICON_WEIGHT = 1.5


@dataclass(frozen=True, slots=True)
class Retrieved:
    """A subheading found by BM25, with the query words that found it."""

    hs: str
    score: float
    words: tuple[str, ...]


class BM25Index:
    """An inverted index from token to (document, weighted term frequency)."""

    def __init__(self, documents: dict[str, Counter[str]]) -> None:
        self.codes: tuple[str, ...] = tuple(sorted(documents))
        self._words = {c: frozenset(documents[c]) for c in self.codes}
        lengths = [sum(documents[c].values()) for c in self.codes]
        average = sum(lengths) / max(len(lengths), 1)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, code in enumerate(self.codes):
            norm = K1 * (1 - B + B * lengths[number] / average)
            for token, tf in documents[code].items():
                postings[token].append((number, tf * (K1 + 1) / (tf + norm)))
        total = len(self.codes)
        self._idf = {
            t: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()
        }
        self._postings = dict(postings)
        self.vocabulary: frozenset[str] = frozenset(t for t in postings if t.isascii())

    def words_of(self, hs: str) -> frozenset[str]:
        """The tokens of the document of ``hs`` (its texts and lexicon names)."""
        return self._words.get(hs, frozenset())

    def idf(self, token: str) -> float:
        """Inverse document frequency of ``token`` (0 when no document has it)."""
        return self._idf.get(token, 0.0)

    def search(self, tokens: Iterable[str], *, limit: int = 30) -> list[Retrieved]:
        """The best ``limit`` subheadings for ``tokens``, best first."""
        scores: dict[int, float] = defaultdict(float)
        hits: dict[int, list[str]] = defaultdict(list)
        for token in dict.fromkeys(tokens):
            idf = self._idf.get(token)
            if idf is None:
                continue
            for number, weight in self._postings[token]:
                scores[number] += idf * weight
                hits[number].append(token)
        best = heapq.nsmallest(limit, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [Retrieved(self.codes[n], s, tuple(hits[n])) for n, s in best]


def _add(counter: Counter[str], tokens: Iterable[str], weight: float) -> None:
    for token in tokens:
        counter[token] += weight  # type: ignore[assignment]  # Counter of weights, not counts


def query_tokens(words: Iterable[str], cjk_runs: Iterable[str]) -> list[str]:
    """The tokens a description is searched with: its words and CJK bigrams."""
    tokens = list(words)
    for run in cjk_runs:
        tokens.extend(char_bigrams(run))
    return tokens


def build_index(codes: Nomenclature, lexicon: Lexicon) -> BM25Index:
    """One document per subheading: its text, its heading's, and its lexicon names."""
    documents: dict[str, Counter[str]] = {}
    headings: dict[str, set[str]] = {}
    for code in codes.subheadings:
        entry = codes.get(code)
        if code[:4] not in headings:
            heading = codes.get(code[:4])
            headings[code[:4]] = set(word_tokens(heading.description.lower())) if heading else set()
        doc: Counter[str] = Counter()
        if entry is not None:
            _add(doc, set(word_tokens(entry.description.lower())), 1.0)
        _add(doc, headings[code[:4]], HEADING_WEIGHT)
        documents[code] = doc
    for lex in lexicon.entries:
        doc = documents.setdefault(lex.hs, Counter())
        for lang, term in lex.terms():
            if lang in ("zh", "ko") or not term.isascii():
                _add(doc, set(char_bigrams(term.replace(" ", ""))), LEXICON_WEIGHT)
            else:
                _add(doc, set(word_tokens(term.lower())), LEXICON_WEIGHT)
    return BM25Index(documents)
