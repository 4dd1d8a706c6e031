"""A learned ranker over candidate subheadings (LightGBM, lambdarank objective).

Candidates are the union of what the evidence of :mod:`borderwatch.goods.features`
finds (lexicon names, BM25 over the nomenclature, officers' confirmations) and the
best subheadings of each national schedule's label texts
(:mod:`borderwatch.goods.label_texts`). Each candidate is described by the numbers
in :data:`FEATURE_NAMES` — its own evidence, its BM25 standing in each schedule,
what its heading and chapter gather among all candidates, whether the head noun of
the description is in its texts — and a gradient-boosted model trained on labelled
real wording (``scripts/train_ranker.py``) orders them. :mod:`borderwatch.goods.ranker_model`
reads the shipped model and turns its scores into calibrated ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from borderwatch.goods.features import Evidence, head_noun
from borderwatch.goods.label_texts import LABEL_SOURCES, LabelIndexes
from borderwatch.goods.retrieval import BM25Index, query_tokens
from borderwatch.goods.text import NormalisedText

__all__ = ["EVIDENCE_KEPT", "FEATURE_NAMES", "LABELS_KEPT", "CandidateTable", "candidate_table"]

#: how many of the evidence's best candidates the ranker looks at
EVIDENCE_KEPT = 25
#: how many subheadings each schedule's label search contributes
LABELS_KEPT = 12
#: the rank given to a candidate a list did not contain
ABSENT_RANK = 60.0

_EVIDENCE = ("strength", "lexicon", "retrieval", "learned", "fallback")
_LABEL = tuple(f"{s}_{k}" for s in LABEL_SOURCES for k in ("relative", "cover", "rank"))
_GROUPS = tuple(
    f"{level}_{k}" for level in ("heading", "chapter") for k in ("strength", "labels", "share")
)
_QUERY = ("generic", "unexplained", "words", "cjk_chars", "long_title", "tokens_known")
#: the features of a candidate, in the order the model reads them
FEATURE_NAMES: tuple[str, ...] = (
    *_EVIDENCE,
    "evidence_rank",
    "evidence_lead",
    *_LABEL,
    "labels_relative_sum",
    "labels_sources_top5",
    *_GROUPS,
    "head_noun_in_nomenclature",
    "head_noun_in_labels",
    "residual_subheading",
    *_QUERY,
)


@dataclass(frozen=True)
class CandidateTable:
    """The candidates of one description, their evidence and their feature rows."""

    codes: tuple[str, ...]
    rows: tuple[tuple[float, ...], ...]
    evidence: dict[str, Evidence]
    label_words: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class _LabelHits:
    relative: dict[str, float]
    cover: dict[str, float]
    rank: dict[str, int]
    words: dict[str, tuple[str, ...]]


def _label_hits(index: BM25Index, tokens: list[str]) -> _LabelHits:
    """One schedule's best subheadings for ``tokens``: relative score, cover, rank."""
    found = index.search_fast(tokens, limit=LABELS_KEPT)
    possible = sum(index.idf(t) for t in dict.fromkeys(tokens)) or 1.0
    best = found[0].score if found else 1.0
    return _LabelHits(
        relative={h.hs: h.score / best for h in found},
        cover={h.hs: min(h.score / possible, 1.0) for h in found},
        rank={h.hs: n for n, h in enumerate(found)},
        words={h.hs: h.words for h in found},
    )


def _group_features(
    codes: Sequence[str], strength: dict[str, float], labels: dict[str, float], digits: int
) -> dict[str, tuple[float, float, float]]:
    """Per heading (4) or chapter (2): best strength, best label sum, share of candidates."""
    best_strength: dict[str, float] = defaultdict(float)
    best_labels: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for hs in codes:
        group = hs[:digits]
        best_strength[group] = max(best_strength[group], strength.get(hs, 0.0))
        best_labels[group] = max(best_labels[group], labels.get(hs, 0.0))
        count[group] += 1
    total = len(codes) or 1
    return {g: (best_strength[g], best_labels[g], count[g] / total) for g in count}


def _query_features(text: NormalisedText, words: tuple[str, ...], known: float) -> list[float]:
    return [
        float(len(words)),
        float(sum(len(run) for run in text.cjk_runs)),
        1.0 if 0 <= text.segment_end < len(words) else 0.0,
        known,
    ]


def candidate_table(
    text: NormalisedText,
    words: tuple[str, ...],
    found: list[Evidence],
    index: BM25Index,
    labels: LabelIndexes,
) -> CandidateTable:
    """The candidates of a description and one feature row each (see :data:`FEATURE_NAMES`).

    ``words`` are the description's words as the evidence read them (spelling fixed),
    ``found`` its evidence, strongest first."""
    tokens = query_tokens(words, text.cjk_runs)
    hits = {s: _label_hits(labels.indexes[s], tokens) for s in LABEL_SOURCES}
    kept = found[:EVIDENCE_KEPT]
    codes = list(dict.fromkeys([e.hs for e in kept] + [hs for h in hits.values() for hs in h.rank]))
    evidence = {e.hs: e for e in kept}
    strength = {hs: e.strength for hs, e in evidence.items()}
    label_sum = {hs: sum(h.relative.get(hs, 0.0) for h in hits.values()) for hs in codes}
    headings = _group_features(codes, strength, label_sum, 4)
    chapters = _group_features(codes, strength, label_sum, 2)
    best = found[0].strength if found else 0.0
    generic = found[0].generic if found else 0.0
    unexplained = found[0].unexplained if found else 1.0
    unique = set(tokens)
    known = sum(1 for t in unique if any(labels.indexes[s].idf(t) > 0 for s in LABEL_SOURCES))
    query = [generic, unexplained, *_query_features(text, words, known / (len(unique) or 1))]
    noun_at = head_noun(words, text.head_end if 0 <= text.head_end <= len(words) else len(words))
    noun = words[noun_at] if noun_at is not None else None
    rows = []
    label_words = {}
    for rank, hs in enumerate(codes):
        ev = evidence.get(hs)
        values = [getattr(ev, k) if ev else 0.0 for k in _EVIDENCE]
        values += [float(rank) if ev else ABSENT_RANK, (ev.strength if ev else 0.0) - best]
        in_labels = False
        for source in LABEL_SOURCES:
            h = hits[source]
            values += [
                h.relative.get(hs, 0.0),
                h.cover.get(hs, 0.0),
                float(h.rank.get(hs, ABSENT_RANK)),
            ]
            in_labels = in_labels or (noun is not None and noun in h.words.get(hs, ()))
        values += [label_sum[hs], float(sum(1 for h in hits.values() if h.rank.get(hs, 99) < 5))]
        values += [*headings[hs[:4]], *chapters[hs[:2]]]
        values += [
            1.0 if noun is not None and noun in index.words_of(hs) else 0.0,
            1.0 if in_labels else 0.0,
            1.0 if hs[4:] in ("90", "99", "00") or hs[5] == "9" else 0.0,
        ]
        rows.append(tuple(values + query))
        label_words[hs] = tuple(
            dict.fromkeys(w for h in hits.values() for w in h.words.get(hs, ()))
        )
    return CandidateTable(tuple(codes), tuple(rows), evidence, label_words)
