"""Description -> ranked HS 2022 subheadings, with calibrated scores and explanations.

Three kinds of evidence are gathered for each candidate subheading
(:mod:`borderwatch.goods.features`): names from the lexicon found in the
description, BM25 retrieval over the nomenclature, and classifications
officers confirmed. They are combined into one raw strength per candidate,
and a logistic calibration (fitted on the tuning part of the development
set, coefficients in ``data/calibration.yaml``) turns strength and the lead
over the runner-up into a probability-like score: an item the classifier is
unsure of gets a low score, so screening refers it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path

from borderwatch.goods.built import (
    ClassifierParts,
    build_shipped_labels,
    build_shipped_parts,
    shipped_inputs_digest,
)
from borderwatch.goods.cache import cache_dir, load_or_build
from borderwatch.goods.calibration import (
    FEATURES,
    Calibration,
    calibration_features,
    shipped_calibration,
)
from borderwatch.goods.features import Evidence, gather_evidence, read_words
from borderwatch.goods.label_texts import LabelIndexes, LazyLabels
from borderwatch.goods.learned import LearnedExamples
from borderwatch.goods.lexicon import Lexicon, shipped_lexicon
from borderwatch.goods.limits import bounded
from borderwatch.goods.matching import LexiconMatcher
from borderwatch.goods.ranker import CandidateTable, candidate_table
from borderwatch.goods.ranker_model import RankerModel, shipped_ranker
from borderwatch.goods.retrieval import BM25Index, build_index
from borderwatch.goods.text import NormalisedText, normalise
from borderwatch.goods.titles import TitleReading, read_title
from borderwatch.model.verdict import HSCandidate
from borderwatch.reference.hs import Nomenclature, nomenclature
from borderwatch.settings import get_settings

__all__ = [
    "ANSWERS_KEPT",
    "FEATURES",
    "VERSION_LENGTH",
    "Calibration",
    "HSClassifier",
    "cached_classifier",
    "calibration_features",
    "classifier_version",
    "default_classifier",
    "shipped_calibration",
]


#: hex digits of :attr:`HSClassifier.version`
VERSION_LENGTH = 12
#: descriptions whose candidates a classifier remembers (a few MB at most)
ANSWERS_KEPT = 20_000


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class HSClassifier:
    """The borderwatch goods classifier; implements the engine's ``GoodsClassifier``.

    Get the shipped one with :func:`default_classifier` (loaded from the on-disk
    cache, built on the first run) and call :meth:`classify` as often as needed;
    it does no I/O after construction. :meth:`with_learned` adds officers'
    confirmed classifications without rebuilding anything.
    """

    def __init__(
        self,
        *,
        lexicon: Lexicon | None = None,
        codes: Nomenclature | None = None,
        learned: LearnedExamples | None = None,
        calibration: Calibration | None = None,
        index: BM25Index | None = None,
        matcher: LexiconMatcher | None = None,
        built_from: str | None = None,
        labels: LabelIndexes | LazyLabels | None = None,
        ranker: RankerModel | None = None,
    ) -> None:
        """``index`` and ``matcher``, when given, must have been built from ``lexicon`` and
        ``codes``; ``built_from`` is the digest of what they were built from (see
        :func:`~borderwatch.goods.built.shipped_inputs_digest`), worked out when not given.

        With ``labels`` (the national schedules' label indexes) and ``ranker``, candidates
        are ordered and scored by the learned ranker (:mod:`borderwatch.goods.ranker`);
        without them, by the evidence's combined strength and ``calibration`` (the
        classifier of release 2026.11 and before, kept as the benchmarks' baseline)."""
        self.codes = codes if codes is not None else nomenclature()
        self._lexicon = lexicon  # may be empty; the shipped one is read only when asked for
        self.index = index or build_index(self.codes, self.lexicon)
        self.matcher = matcher or LexiconMatcher(
            self.lexicon, extra_vocabulary=self.index.vocabulary
        )
        # an empty store is kept, not replaced: confirmations added to it later count
        self.learned = learned if learned is not None else LearnedExamples()
        self.calibration = calibration or shipped_calibration()
        self._built_from = built_from
        self._labels = labels
        self.ranker = ranker if labels is not None else None
        #: answers already given, by (description, top_k): the classifier is pure, and
        #: the same words ("rice cooker", "laptop") recur across a day's declarations
        self._answers: OrderedDict[tuple[str, int], tuple[HSCandidate, ...]] = OrderedDict()
        self._answers_lock = threading.Lock()

    @property
    def labels(self) -> LabelIndexes | None:
        """The national schedules' label indexes (read when first asked for), if any."""
        found = self._labels
        return found.get() if isinstance(found, LazyLabels) else found

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon the classifier was built from (the shipped one unless another was given)."""
        if self._lexicon is None:
            self._lexicon = shipped_lexicon()
        return self._lexicon

    @property
    def version(self) -> str:
        """A short hash naming what classifies: the data and code the classifier was built
        from, its calibration and the officers' confirmed classifications it holds.

        Two processes with the same inputs report the same version; a new confirmation
        changes it. Record it beside every result the classifier contributed to.
        """
        if self._built_from is None:
            self._built_from = _content_digest(self._lexicon, self.codes)
        return classifier_version(
            self._built_from, self.calibration, self.learned, ranked=self.ranker is not None
        )

    def with_learned(self, learned: LearnedExamples) -> HSClassifier:
        """The same classifier holding ``learned`` (shares every built part: no rebuild)."""
        return self._sharing(learned, self.ranker)

    def with_ranker(self, ranker: RankerModel | None) -> HSClassifier:
        """The same classifier ordering with ``ranker`` (None: the lexicon classifier's own
        evidence and calibration); needs the label indexes."""
        return self._sharing(self.learned, ranker)

    def _sharing(self, learned: LearnedExamples, ranker: RankerModel | None) -> HSClassifier:
        return HSClassifier(
            lexicon=self._lexicon,
            codes=self.codes,
            learned=learned,
            calibration=self.calibration,
            index=self.index,
            matcher=self.matcher,
            built_from=self._built_from,
            labels=self._labels,
            ranker=ranker,
        )

    def read(self, description: str) -> tuple[NormalisedText, TitleReading, NormalisedText | None]:
        """The description as the evidence reads it: the goods' own words of a product
        title (:func:`~borderwatch.goods.titles.read_title`), normalised; the title's
        reading; and, when the title was read as other words and the classifier holds
        officers' confirmations (kept by the description as written), that normalised."""
        said = bounded(description)
        title = read_title(said, known=self.matcher.vocabulary)
        if title.text == said:
            return normalise(said), title, None
        as_said = normalise(said) if len(self.learned) else None
        return normalise(title.text), title, as_said

    def evidence(self, description: str) -> list[Evidence]:
        """Every candidate with its raw evidence, strongest first (for evaluation and tuning)."""
        text, title, said = self.read(description)
        return gather_evidence(
            text, self.matcher, self.index, self.learned, self.codes, title=title, as_written=said
        )

    def calibrated(self, description: str, top_k: int) -> list[tuple[Evidence, dict[str, float]]]:
        """The ``top_k`` strongest candidates (filled up with their heading's and chapter's
        other subheadings) with what the calibration reads of each."""
        found = self.evidence(description)
        if not found:
            return []
        found = self._with_siblings(found, top_k)
        scored = []
        for rank, ev in enumerate(found[:top_k]):
            rival = found[1].strength if rank == 0 and len(found) > 1 else found[0].strength
            if rank == 0 and len(found) == 1:
                rival = 0.0
            scored.append((ev, calibration_features(ev, rival)))
        return scored

    def candidates(self, description: str) -> CandidateTable:
        """The candidates the ranker orders, with their feature rows (for training)."""
        labels = self.labels
        if labels is None:
            raise ValueError("this classifier has no label indexes: build it with labels=")
        # the ranker was trained on descriptions as written: its candidates are read so
        text = normalise(bounded(description))
        reading = read_words(text, self.matcher)
        found = gather_evidence(
            text, self.matcher, self.index, self.learned, self.codes, reading=reading
        )
        return candidate_table(text, reading.words, found, self.index, labels)

    def classify(
        self, description: str, *, top_k: int = 5, lang: str | None = None
    ) -> list[HSCandidate]:
        """The ``top_k`` most likely subheadings, best first, scores in [0, 1].

        ``lang`` ('en', 'zh', 'ko') is only a hint: the script of the text is
        detected, and mixed descriptions ("Samsung 电视") are handled. Only the first
        :data:`~borderwatch.goods.limits.MAX_DESCRIPTION_CHARS` characters are read.
        Answers are remembered (the last :data:`ANSWERS_KEPT` descriptions), so a
        description seen before costs a lookup.
        """
        key = (bounded(description), top_k)
        with self._answers_lock:
            known = self._answers.get(key)
            if known is not None:
                self._answers.move_to_end(key)
                return list(known)
        answer = self._classify(description, top_k)
        with self._answers_lock:
            self._answers[key] = tuple(answer)
            while len(self._answers) > ANSWERS_KEPT:
                self._answers.popitem(last=False)
        return answer

    def _classify(self, description: str, top_k: int) -> list[HSCandidate]:
        if self.ranker is not None:
            return self._ranked(description, self.ranker, top_k)
        candidates = []
        for ev, features in self.calibrated(description, top_k):
            score = self.calibration.score(features)
            candidates.append(
                HSCandidate(hs=ev.hs, score=round(score, 4), explanation=self.explain(ev))
            )
        candidates.sort(key=lambda c: -c.score)
        return candidates

    def _ranked(self, description: str, ranker: RankerModel, top_k: int) -> list[HSCandidate]:
        table = self.candidates(description)
        answer = []
        for hs, score in ranker.ranked(table)[:top_k]:
            ev = table.evidence.get(hs)
            reasons = ev.reasons if ev is not None else ()
            said = table.label_words.get(hs, ())
            if said:
                reasons = (*reasons, "tariff line words " + ", ".join(said[:6]))
            answer.append(
                HSCandidate(hs=hs, score=round(score, 4), explanation=self._explained(hs, reasons))
            )
        return answer

    def _with_siblings(self, found: list[Evidence], top_k: int) -> list[Evidence]:
        """Fill up to ``top_k`` with other subheadings of the best candidate's heading."""
        if len(found) >= top_k:
            return found
        present = {ev.hs for ev in found}
        best = found[0].hs
        nearby = [*self.codes.below(best[:4]), *self.codes.below(best[:2])]
        filler = [
            Evidence(
                hs=code,
                strength=found[0].strength * (0.3 if code[:4] == best[:4] else 0.2),
                reasons=("same heading" if code[:4] == best[:4] else "same chapter",),
            )
            for code in dict.fromkeys(nearby)
            if code not in present
        ]
        return [*found, *filler][: max(top_k, len(found))]

    def explain(self, ev: Evidence) -> str:
        """Why ``ev.hs``: the evidence, then the path chapter > heading > subheading."""
        return self._explained(ev.hs, ev.reasons)

    def _explained(self, hs: str, reasons: tuple[str, ...]) -> str:
        path = " > ".join(f"{e.code} {_short(e.description)}" for e in self.codes.path(hs))
        return "; ".join((*reasons, path))


def classifier_version(
    built_from: str, calibration: Calibration, learned: LearnedExamples, *, ranked: bool = False
) -> str:
    """:attr:`HSClassifier.version` of a classifier built from the inputs with digest
    ``built_from`` (see :func:`~borderwatch.goods.built.shipped_inputs_digest`), with
    ``calibration``, holding ``learned``, and ordering with the learned ranker or not."""
    digest = hashlib.sha256()
    parts = [
        built_from,
        repr((sorted(calibration.weights.items()), calibration.intercept)),
        learned.digest(),
    ]
    if ranked:  # the lexicon classifier keeps the version it always had
        parts.append("ranker")
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:VERSION_LENGTH]


def _content_digest(lexicon: Lexicon | None, codes: Nomenclature) -> str:
    """The digest of what a classifier was built from: the shipped inputs' when it holds
    the shipped lexicon and nomenclature, else one over the lexicon and codes it holds."""
    # compared with the shipped lexicon and codes only once read (reading takes a second)
    shipped = lexicon is None or (
        shipped_lexicon.cache_info().currsize > 0 and lexicon is shipped_lexicon()
    )
    if shipped and nomenclature.cache_info().currsize > 0 and codes is nomenclature():
        return shipped_inputs_digest()
    digest = hashlib.sha256(b"custom\0" + shipped_inputs_digest().encode())
    for entry in (lexicon if lexicon is not None else shipped_lexicon()).entries:
        digest.update(entry.model_dump_json(exclude={"source"}).encode() + b"\n")
    for code in codes.codes():
        found = codes.get(code)
        digest.update(f"{code}\0{found.description if found else ''}\n".encode())
    return digest.hexdigest()


def cached_classifier(*, folder: Path | None = None) -> tuple[HSClassifier, bool]:
    """The shipped classifier from the on-disk cache in ``folder`` (default
    :func:`~borderwatch.goods.cache.cache_dir`), built and stored there when the cache
    holds none for the current inputs; and whether it was loaded (True) or built."""
    key = shipped_inputs_digest()
    where = folder if folder is not None else cache_dir()
    parts, loaded = load_or_build(
        where, f"classifier-{key[:32]}", key, build_shipped_parts, ClassifierParts
    )

    def labels() -> LabelIndexes:
        return load_or_build(where, f"labels-{key[:32]}", key, build_shipped_labels, LabelIndexes)[
            0
        ]

    classifier = HSClassifier(
        codes=parts.codes,
        index=parts.index,
        matcher=parts.matcher,
        built_from=key,
        labels=LazyLabels(labels),
        # opt-in: on held-out wording it is about a point better at six digits and no
        # safer on goods under UN measures (docs/classification.md)
        ranker=shipped_ranker() if get_settings().classify_ranker else None,
    )
    return classifier, loaded


@cache
def default_classifier() -> HSClassifier:
    """A classifier with the shipped lexicon and no learned examples (loaded once per
    process, from the on-disk cache when it holds one for the current inputs)."""
    return cached_classifier()[0]
