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
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

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
    """An inverted index from token to (document, weighted term frequency).

    The postings are kept in flat arrays (one run of documents and weights per
    token, found by offset) rather than as one list of pairs per token: the
    classifier cache then loads it as a few blocks of bytes instead of
    hundreds of thousands of small objects.
    """

    def __init__(self, documents: dict[str, Counter[str]]) -> None:
        codes = tuple(sorted(documents))
        lengths = [sum(documents[c].values()) for c in codes]
        average = sum(lengths) / max(len(lengths), 1)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, code in enumerate(codes):
            norm = K1 * (1 - B + B * lengths[number] / average)
            for token, tf in documents[code].items():
                postings[token].append((number, tf * (K1 + 1) / (tf + norm)))
        total = len(codes)
        tokens = tuple(postings)
        numbers = {t: n for n, t in enumerate(tokens)}
        starts, docs, weights = array("i", [0]), array("i"), array("d")
        for token in tokens:
            for number, weight in postings[token]:
                docs.append(number)
                weights.append(weight)
            starts.append(len(docs))
        idf = array(
            "d", (math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for p in postings.values())
        )
        doc_starts, doc_tokens = array("i", [0]), array("i")
        for code in codes:
            doc_tokens.extend(numbers[t] for t in documents[code])
            doc_starts.append(len(doc_tokens))
        self.__setstate__((codes, tokens, starts, docs, weights, idf, doc_starts, doc_tokens))

    def __getstate__(self) -> tuple[object, ...]:
        return (
            self.codes,
            self._tokens,
            self._starts,
            self._docs,
            self._weights,
            self._idf,
            self._doc_starts,
            self._doc_tokens,
        )

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        (
            self.codes,
            self._tokens,
            self._starts,
            self._docs,
            self._weights,
            self._idf,
            self._doc_starts,
            self._doc_tokens,
        ) = state
        self._numbers: dict[str, int] = {t: n for n, t in enumerate(self._tokens)}
        self._code_numbers: dict[str, int] = {c: n for n, c in enumerate(self.codes)}
        self._words: dict[str, frozenset[str]] = {}
        self.vocabulary: frozenset[str] = frozenset(t for t in self._tokens if t.isascii())
        # numpy views of the postings (no copy) for :meth:`search_fast`
        self._np_docs = np.frombuffer(self._docs, dtype=np.int32) if len(self._docs) else None
        self._np_weights = np.frombuffer(self._weights, dtype=np.float64)

    def words_of(self, hs: str) -> frozenset[str]:
        """The tokens of the document of ``hs`` (its texts and lexicon names)."""
        words = self._words.get(hs)
        if words is None:
            number = self._code_numbers.get(hs)
            if number is None:
                return frozenset()
            run = self._doc_tokens[self._doc_starts[number] : self._doc_starts[number + 1]]
            words = self._words[hs] = frozenset(self._tokens[t] for t in run)
        return words

    def idf(self, token: str) -> float:
        """Inverse document frequency of ``token`` (0 when no document has it)."""
        number = self._numbers.get(token)
        return 0.0 if number is None else self._idf[number]

    def search_fast(self, tokens: Iterable[str], *, limit: int = 30) -> list[Retrieved]:
        """:meth:`search` with the scores added up by numpy: the same hits, for indexes whose
        common tokens have thousands of postings (the national tariff lines)."""
        if self._np_docs is None:
            return []
        scores = np.zeros(len(self.codes))
        used = []
        for token in dict.fromkeys(tokens):
            number = self._numbers.get(token)
            if number is None:
                continue
            first, last = self._starts[number], self._starts[number + 1]
            # a token's postings name each document once, so += adds every one
            scores[self._np_docs[first:last]] += self._idf[number] * self._np_weights[first:last]
            used.append(token)
        hit = np.flatnonzero(scores)
        if not len(hit):
            return []
        if len(hit) > limit:  # the best, and all that tie with the last of them
            last = -np.partition(-scores[hit], limit - 1)[limit - 1]
            hit = hit[scores[hit] >= last]
        best = sorted(hit.tolist(), key=lambda n: (-scores[n], n))[:limit]
        return [
            Retrieved(
                self.codes[n],
                float(scores[n]),
                tuple(t for t in used if t in self.words_of(self.codes[n])),
            )
            for n in best
        ]

    def search(self, tokens: Iterable[str], *, limit: int = 30) -> list[Retrieved]:
        """The best ``limit`` subheadings for ``tokens``, best first."""
        scores: dict[int, float] = defaultdict(float)
        hits: dict[int, list[str]] = defaultdict(list)
        for token in dict.fromkeys(tokens):
            number = self._numbers.get(token)
            if number is None:
                continue
            idf = self._idf[number]
            first, last = self._starts[number], self._starts[number + 1]
            for doc, weight in zip(self._docs[first:last], self._weights[first:last], strict=True):
                scores[doc] += idf * weight
                hits[doc].append(token)
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
