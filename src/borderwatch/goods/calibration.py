"""The lexicon classifier's score: a logistic calibration of its evidence.

Each candidate's raw evidence (:class:`~borderwatch.goods.features.Evidence`) and its
lead over the runner-up are turned into a probability-like score by a logistic model
whose coefficients ship in ``data/calibration.yaml`` (fitted by
``benchmarks/calibrate.py`` on tuning rows, never on held-out ones): an item the
classifier is unsure of gets a low score, so screening refers it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from borderwatch.goods.features import Evidence

__all__ = ["FEATURES", "Calibration", "calibration_features", "shipped_calibration"]

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
