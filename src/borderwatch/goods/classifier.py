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

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from borderwatch.goods.features import Evidence, gather_evidence
from borderwatch.goods.learned import LearnedExamples
from borderwatch.goods.lexicon import Lexicon, shipped_lexicon
from borderwatch.goods.limits import bounded
from borderwatch.goods.matching import LexiconMatcher
from borderwatch.goods.retrieval import BM25Index, build_index
from borderwatch.goods.text import normalise
from borderwatch.model.verdict import HSCandidate
from borderwatch.reference.hs import Nomenclature, nomenclature

__all__ = [
    "FEATURES",
    "Calibration",
    "HSClassifier",
    "calibration_features",
    "default_classifier",
    "shipped_calibration",
]


FEATURES = (
    "strength",
    "lead",
    "lexicon",
    "retrieval",
    "learned",
    "fallback",
    "generic",
    "unexplained",
)


def calibration_features(ev: Evidence, rival: float) -> dict[str, float]:
    """What the calibration looks at: the evidence of a candidate and its lead over a rival."""
    return {
        "strength": ev.strength,
        "lead": ev.strength - rival,
        "lexicon": ev.lexicon,
        "retrieval": ev.retrieval,
        "learned": ev.learned,
        "fallback": ev.fallback,
        "generic": ev.generic,
        "unexplained": ev.unexplained,
    }


@dataclass(frozen=True)
class Calibration:
    """score = sigmoid(sum of weight * feature + intercept), fitted by logistic regression."""

    weights: dict[str, float]
    intercept: float

    def score(self, features: dict[str, float]) -> float:
        """A probability-like score for a candidate with these features."""
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


@cache
def shipped_calibration() -> Calibration:
    """The calibration shipped with the package."""
    text = (resources.files("borderwatch.goods") / "data" / "calibration.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return Calibration({k: float(v) for k, v in raw["weights"].items()}, float(raw["intercept"]))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class HSClassifier:
    """The borderwatch goods classifier; implements the engine's ``GoodsClassifier``.

    Build it once (the index takes well under a second) and call
    :meth:`classify` as often as needed; it does no I/O after construction.
    """

    def __init__(
        self,
        *,
        lexicon: Lexicon | None = None,
        codes: Nomenclature | None = None,
        learned: LearnedExamples | None = None,
        calibration: Calibration | None = None,
        index: BM25Index | None = None,
    ) -> None:
        self.codes = codes if codes is not None else nomenclature()
        self.lexicon = lexicon if lexicon is not None else shipped_lexicon()  # may be empty
        self.index = index or build_index(self.codes, self.lexicon)
        self.matcher = LexiconMatcher(self.lexicon, extra_vocabulary=self.index.vocabulary)
        self.learned = learned or LearnedExamples()
        self.calibration = calibration or shipped_calibration()

    def evidence(self, description: str) -> list[Evidence]:
        """Every candidate with its raw evidence, strongest first (for evaluation and tuning)."""
        return gather_evidence(
            normalise(bounded(description)), self.matcher, self.index, self.learned, self.codes
        )

    def classify(
        self, description: str, *, top_k: int = 5, lang: str | None = None
    ) -> list[HSCandidate]:
        """The ``top_k`` most likely subheadings, best first, scores in [0, 1].

        ``lang`` ('en', 'zh', 'ko') is only a hint: the script of the text is
        detected, and mixed descriptions ("Samsung 电视") are handled. Only the first
        :data:`~borderwatch.goods.limits.MAX_DESCRIPTION_CHARS` characters are read.
        """
        found = self.evidence(description)
        if not found:
            return []
        found = self._with_siblings(found, top_k)
        candidates = []
        for rank, ev in enumerate(found[:top_k]):
            rival = found[1].strength if rank == 0 and len(found) > 1 else found[0].strength
            if rank == 0 and len(found) == 1:
                rival = 0.0
            score = self.calibration.score(calibration_features(ev, rival))
            candidates.append(
                HSCandidate(hs=ev.hs, score=round(score, 4), explanation=self.explain(ev))
            )
        candidates.sort(key=lambda c: -c.score)
        return candidates

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
        path = " > ".join(f"{e.code} {_short(e.description)}" for e in self.codes.path(ev.hs))
        return "; ".join((*ev.reasons, path))


@cache
def default_classifier() -> HSClassifier:
    """A classifier with the shipped lexicon and no learned examples (built once)."""
    return HSClassifier()
