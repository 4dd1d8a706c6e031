"""The shipped ranking model and its calibration, and how they score candidates.

``data/ranker/model.txt`` is a LightGBM model in its own text format, written by
``scripts/train_ranker.py`` and read without LightGBM (:mod:`borderwatch.goods.trees`); ``data/ranker/calibration.yaml`` names the format
version, the features in the order the model reads them (they must be
:data:`~borderwatch.goods.ranker.FEATURE_NAMES`), and the calibration fitted on
predictions for descriptions the model was not trained on:

- ``logistic``: the chance that the best candidate is right, from the model's
  score of the best candidate (``top``), its lead over the runner-up (``margin``)
  and a few of its features (how much of the description any text knows, ...);
- ``knots``: a monotone piecewise-linear map from that chance to the score shown,
  placed so that a score at the confidence setting (0.60 by default) marks the
  chance above which at least 95% of best answers were right on unfamiliar wording.

When the evidence finds other candidates as strong as the best one (at least
:data:`TIED_SHARE` of its strength), the chance is divided among them.
Other candidates score the best one's score times ``exp(own - best)`` of the model's
scores, or times their evidence strength relative to the best one's when that is
more, so a runner-up the model or the evidence finds close stays plausible
(screening refers when plausible candidates fall on both sides of a measure).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from borderwatch.errors import ReferenceDataError
from borderwatch.goods.ranker import FEATURE_NAMES, CandidateTable
from borderwatch.goods.trees import TreeEnsemble

__all__ = ["MODEL_FORMAT", "RankerCalibration", "RankerModel", "best_values", "shipped_ranker"]

#: the version of the model files this code reads (bump with the feature list)
MODEL_FORMAT = 1
#: the lead of a best candidate that has no runner-up
NO_RIVAL_MARGIN = 5.0
#: a rival with at least this share of the best candidate's evidence strength is its equal
TIED_SHARE = 0.9


@dataclass(frozen=True)
class RankerCalibration:
    """The chance that the best candidate is right, and the score shown for it."""

    weights: dict[str, float]
    intercept: float
    knots: tuple[tuple[float, float], ...]

    def chance(self, values: dict[str, float]) -> float:
        """Probability that a best candidate is right, from ``values``: the model's score
        of it (``top``), its lead over the runner-up (``margin``) and its features."""
        z = self.intercept + sum(w * values.get(k, 0.0) for k, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def score(self, chance: float) -> float:
        """The score shown for a best candidate with this chance of being right."""
        knots = self.knots
        for (x0, y0), (x1, y1) in itertools.pairwise(knots):
            if chance <= x1:
                return y0 + (y1 - y0) * (chance - x0) / ((x1 - x0) or 1.0)
        return knots[-1][1]


class RankerModel:
    """A ranking model (LightGBM's text format, walked by :class:`TreeEnsemble`) with its
    calibration."""

    def __init__(self, model_text: str, calibration: RankerCalibration) -> None:
        self.trees = TreeEnsemble(model_text, name="goods/data/ranker/model.txt")
        self.calibration = calibration

    def raw_scores(self, table: CandidateTable) -> list[float]:
        """The model's score of each candidate of ``table`` (higher is better)."""
        if not table.rows:
            return []
        return [float(v) for v in self.trees.predict(np.asarray(table.rows, dtype=np.float64))]

    def ranked(self, table: CandidateTable) -> list[tuple[str, float]]:
        """The candidates with calibrated scores, best first."""
        raw = self.raw_scores(table)
        if not raw:
            return []
        order = sorted(range(len(raw)), key=lambda i: (-raw[i], table.codes[i]))
        chance = self.calibration.chance(best_values(table, raw, order))
        strongest = table.evidence.get(table.codes[order[0]])
        if strongest is not None:
            # the lexicon lists a name HS splits by material under every subheading it
            # may fall in ("ring": gold, silver, imitation): among equals, a best answer
            # is one of several, whatever the model prefers
            equals = sum(
                1
                for e in table.evidence.values()
                if e.hs != strongest.hs and e.strength >= TIED_SHARE * strongest.strength
            )
            chance /= 1 + equals
        best = self.calibration.score(chance)
        top = raw[order[0]]
        answer = []
        for i in order:
            share = math.exp(raw[i] - top)
            evidence = table.evidence.get(table.codes[i])
            if i != order[0] and evidence is not None and strongest is not None:
                # a rival the evidence finds as strong stays as plausible: the lexicon lists
                # a name HS splits by material under each subheading ("necklace": gold,
                # imitation) so that screening sees the split, whatever the model prefers
                share = max(share, min(evidence.strength / (strongest.strength or 1.0), 1.0))
            answer.append((table.codes[i], best * share))
        answer[1:] = sorted(answer[1:], key=lambda found: -found[1])  # stable: ties keep order
        return answer


def best_values(
    table: CandidateTable, raw: Sequence[float], order: Sequence[int]
) -> dict[str, float]:
    """What the calibration reads of the best candidate: its score, lead and features."""
    top = raw[order[0]]
    margin = top - raw[order[1]] if len(order) > 1 else NO_RIVAL_MARGIN
    return {
        "top": top,
        "margin": margin,
        **dict(zip(FEATURE_NAMES, table.rows[order[0]], strict=True)),
    }


def _calibration(raw: dict[str, Any]) -> RankerCalibration:
    logistic = raw["logistic"]
    return RankerCalibration(
        weights={str(k): float(v) for k, v in logistic["weights"].items()},
        intercept=float(logistic["intercept"]),
        knots=tuple((float(x), float(y)) for x, y in raw["knots"]),
    )


@cache
def shipped_ranker() -> RankerModel:
    """The ranking model shipped with the package (checked against this code's features)."""
    folder = resources.files("borderwatch.goods") / "data" / "ranker"
    raw = yaml.safe_load((folder / "calibration.yaml").read_text("utf-8"))
    if raw.get("format") != MODEL_FORMAT or tuple(raw.get("features", ())) != FEATURE_NAMES:
        raise ReferenceDataError(
            f"goods/data/ranker/calibration.yaml: field format/features: {raw.get('format')!r} "
            f"does not match this code (format {MODEL_FORMAT}, {len(FEATURE_NAMES)} features); "
            "retrain with scripts/train_ranker.py"
        )
    return RankerModel((folder / "model.txt").read_text("utf-8"), _calibration(raw))
