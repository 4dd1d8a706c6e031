"""The LightGBM rankers for customs declarations: ours and a plain baseline.

* :func:`fit_targeting` / :func:`score_targeting`: the history features of
  :mod:`.customs_features` and the parameters in :data:`TUNED`, chosen on
  train (2020) → valid (2021 Q1), never on the test split.
* :func:`fit_plain` / :func:`score_plain`: the peer baseline, as in the data
  set's paper: every raw column, categorical fields as integer codes, LightGBM's
  default parameters (100 rounds of 31 leaves at learning rate 0.1).

Both return a fraud score per declaration; higher means inspect first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import numpy.typing as npt

from borderwatch.targeting.customs_data import CATEGORICAL, NUMERIC, CustomsSplit
from borderwatch.targeting.customs_features import (
    FeaturePlan,
    Matrix,
    scored_features,
    training_features,
)

__all__ = [
    "PLAIN",
    "TUNED",
    "Fitted",
    "fit_plain",
    "fit_targeting",
    "score_plain",
    "score_targeting",
]

#: our parameters, chosen by precision at 5% and 10% on train → valid (2-3 seeds each).
#: Tried there: learning rate 0.03 (900 rounds) and 0.04 (600-900): no better than 0.08;
#: 15 or 63 leaves, 20 rows a leaf: worse; 10 folds, smoothing 5 or 50: no better;
#: all 36 pairs of 9 fields: as good with twice the features; weighting critical frauds
#: ×10 catches more of them (0.44 vs 0.29 at 10%) but costs precision (0.888 vs 0.893).
TUNED: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 31,
    "min_data_in_leaf": 50,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "max_bin": 63,
}
TUNED_ROUNDS = 600
#: LightGBM's defaults: the plain baseline
PLAIN: dict[str, Any] = {"objective": "binary"}
PLAIN_ROUNDS = 100
#: One thread: on the 2-core machine two threads trained ours in 3.9 s when the other
#: core was idle but 33 s when another process kept it busy (OpenMP threads wait on
#: each other); one thread took 5.0 s either way.
THREADS = 1


@dataclass(frozen=True)
class Fitted:
    """A trained booster and what it needs to score a later split."""

    booster: lgb.Booster
    #: the labelled rows it was trained on: history for the features of later rows
    history: CustomsSplit
    plan: FeaturePlan | None


def _train(
    features: Matrix, labels: npt.NDArray[np.int8], params: dict[str, Any], rounds: int, seed: int
) -> lgb.Booster:
    settings = {"num_threads": THREADS, **params, "seed": seed, "verbose": -1}
    return lgb.train(settings, lgb.Dataset(features, labels.astype(np.float64)), rounds)


def fit_targeting(
    train: CustomsSplit,
    seed: int,
    plan: FeaturePlan | None = None,
    params: dict[str, Any] | None = None,
    rounds: int = TUNED_ROUNDS,
) -> Fitted:
    """Our model on ``train``; its history features are out of fold (see :mod:`.customs_features`)."""
    plan = plan or FeaturePlan()
    features = training_features(train, plan, seed)
    return Fitted(_train(features, train.fraud, params or TUNED, rounds, seed), train, plan)


def score_targeting(fitted: Fitted, split: CustomsSplit) -> npt.NDArray[np.float64]:
    """Fraud scores for a later split, its history taken from the training rows only."""
    assert fitted.plan is not None, "a plain model: use score_plain"
    features = scored_features(fitted.history, split, fitted.plan)
    return np.asarray(fitted.booster.predict(features), dtype=np.float64)


def _raw(split: CustomsSplit, reference: CustomsSplit) -> Matrix:
    """Every raw column: categorical fields as codes of the training split's values (-1 unseen)."""
    columns = []
    for name in CATEGORICAL:
        vocabulary = np.unique(reference.text[name].astype(str))
        asked = split.text[name].astype(str)
        where = np.searchsorted(vocabulary, asked).clip(0, len(vocabulary) - 1)
        columns.append(np.where(vocabulary[where] == asked, where, -1).astype(float))
    columns += [split.number[name] for name in NUMERIC]
    return np.column_stack(columns)


def fit_plain(train: CustomsSplit, seed: int) -> Fitted:
    """The plain baseline: raw columns, categorical codes, LightGBM defaults."""
    return Fitted(_train(_raw(train, train), train.fraud, PLAIN, PLAIN_ROUNDS, seed), train, None)


def score_plain(fitted: Fitted, split: CustomsSplit) -> npt.NDArray[np.float64]:
    """Fraud scores of the plain baseline."""
    return np.asarray(fitted.booster.predict(_raw(split, fitted.history)), dtype=np.float64)
