"""Ours against the plain LightGBM baseline on the customs data set, over several seeds.

:func:`evaluate` trains both models on the earlier split(s) and scores the
later one once per seed. The honest protocol of the command and the benchmark
is train + valid → test (chronological); the tests use train → valid, the
split every choice was made on.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from borderwatch.targeting.customs_data import CustomsSplit
from borderwatch.targeting.customs_model import (
    fit_plain,
    fit_targeting,
    score_plain,
    score_targeting,
)
from borderwatch.targeting.metrics import DEFAULT_SHARES, at_shares, recall_at

__all__ = ["Evaluation", "SeedResult", "evaluate"]

MODELS = ("ours", "baseline")


@dataclass(frozen=True)
class SeedResult:
    """One seed: model -> share -> {precision, recall, value, critical}, and seconds taken."""

    seed: int
    figures: dict[str, dict[str, dict[str, float]]]
    seconds: dict[str, float]


@dataclass
class Evaluation:
    """Every seed's figures, and their mean and standard deviation."""

    train_rows: int
    scored_rows: int
    seeds: list[SeedResult] = field(default_factory=list)

    def mean(self, model: str, metric: str) -> dict[str, float]:
        """Share -> the mean over seeds."""
        shares = self.seeds[0].figures[model]
        return {
            share: statistics.fmean(s.figures[model][share][metric] for s in self.seeds)
            for share in shares
        }

    def sd(self, model: str, metric: str) -> dict[str, float]:
        """Share -> the sample standard deviation over seeds (0 for one seed)."""
        shares = self.seeds[0].figures[model]
        return {
            share: statistics.stdev([s.figures[model][share][metric] for s in self.seeds])
            if len(self.seeds) > 1
            else 0.0
            for share in shares
        }

    def seconds(self, model: str) -> float:
        """Mean seconds to train and score one seed."""
        return statistics.fmean(s.seconds[model] for s in self.seeds)


def _figures(
    scores: np.ndarray, split: CustomsSplit, shares: Sequence[float]
) -> dict[str, dict[str, float]]:
    figures = at_shares(scores, split.fraud, split.value, shares)
    critical = (split.critical == 2).astype(np.int8)
    for share, key in zip(shares, figures, strict=True):
        figures[key]["critical"] = recall_at(scores, critical, share)
    return figures


def evaluate(
    train: CustomsSplit,
    scored: CustomsSplit,
    seeds: Sequence[int],
    shares: Sequence[float] = DEFAULT_SHARES,
    done: Callable[[int], None] | None = None,
) -> Evaluation:
    """Train both models on ``train`` and score ``scored`` once per seed; ``done(seed)`` after each."""
    result = Evaluation(train_rows=len(train), scored_rows=len(scored))
    for seed in seeds:
        figures: dict[str, dict[str, dict[str, float]]] = {}
        seconds: dict[str, float] = {}
        start = time.perf_counter()
        ours = fit_targeting(train, seed)
        figures["ours"] = _figures(score_targeting(ours, scored), scored, shares)
        seconds["ours"] = time.perf_counter() - start
        start = time.perf_counter()
        plain = fit_plain(train, seed)
        figures["baseline"] = _figures(score_plain(plain, scored), scored, shares)
        seconds["baseline"] = time.perf_counter() - start
        result.seeds.append(SeedResult(seed, figures, seconds))
        if done is not None:
            done(seed)
    return result
