"""Learning from what officers found: train a baggage model on recorded outcomes, and use
it only when it ranks the newest outcomes at least as well as the model in use.

The outcomes are the store's decisions (:func:`outcomes_with_verdicts`): a
decided baggage declaration is positive when officers seized something in it.
Features are computed over every baggage declaration of the same crossings and
days, decided or not, so a bag still sees the other bags of its bus; a
company's history counts only decisions dated before the declaration; and each
declaration's latest screening gives its verdict, its closest party match and
the classifier's doubt (:mod:`.screening_signals`). An outcome of a declaration that
``targeting select --crossing --date`` chose with a chance p weighs 1 / p (at most
:data:`MAX_WEIGHT`), so the random share's finds count for the bags like them that
were not opened; outcomes of bags opened otherwise weigh 1.

The comparison is chronological: the candidate is trained on all but the
newest quarter of the decided days and ranked on that quarter beside the
model in use; the recall of seizures at a 10 % inspection rate decides. The
model then stored is the candidate refit on every outcome.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from borderwatch.errors import InputError
from borderwatch.store.inspection_selections import selection_chances
from borderwatch.targeting.baggage_features import BaggageFeatures
from borderwatch.targeting.baggage_model import BaggageModel, value_at_stake
from borderwatch.targeting.metrics import precision_at, recall_at
from borderwatch.targeting.stored_bags import Channel, bags_around, decided_bags, stored_features

__all__ = [
    "MAX_WEIGHT",
    "MIN_EACH",
    "Comparison",
    "TrainingSet",
    "compare_and_fit",
    "stored_training_set",
]

#: the fewest seized and the fewest clean decided declarations training accepts
MIN_EACH = 5
#: the share of inspections the comparison measures at
COMPARED_AT = 0.10
HOLDOUT_SHARE = 0.25
#: the heaviest an outcome may weigh: one lucky draw should not swamp the rest
MAX_WEIGHT = 50.0


@dataclass(frozen=True)
class TrainingSet:
    """Features over the declarations around the decided ones, and which rows were decided
    with what outcome."""

    features: BaggageFeatures
    decided: npt.NDArray[np.int64]  # rows of ``features`` officers decided
    seized: npt.NDArray[np.bool_]  # per decided row: something was seized
    dates: tuple[dt.date, ...]  # per decided row
    weights: npt.NDArray[np.float64]  # per decided row: 1 / chance of having been chosen

    @property
    def reweighted(self) -> int:
        """Outcomes that weigh other than 1: chosen by a recorded selection below certainty."""
        return int((self.weights != 1.0).sum())


def stored_training_set(
    conn: Connection, *, crossing: str | None = None, channel: Channel = "baggage"
) -> TrainingSet:
    """The store's decided declarations of ``channel`` (of ``crossing``, or every crossing)
    and the others of the same crossing and day, as features and labels."""
    decided = decided_bags(conn, crossing, channel)
    seized = sum(s for _, _, s in decided.values())
    if seized < MIN_EACH or len(decided) - seized < MIN_EACH:
        raise InputError(
            f"the store holds {len(decided)} decided {channel} declarations, {seized} with a "
            f"seizure; training needs at least {MIN_EACH} with a seizure and {MIN_EACH} "
            "without. Record more outcomes on the bench, then train again."
        )
    days: dict[str, set[dt.date]] = defaultdict(set)
    for place, day, _ in decided.values():
        days[place].add(day)
    around = bags_around(conn, days, channel)
    stored_ids, parsed = around.ids, around.declarations
    features = stored_features(conn, around, channel, crossing)
    positions = np.asarray([n for n, i in enumerate(stored_ids) if i in decided], dtype=np.int64)
    chances = selection_chances(conn)
    return TrainingSet(
        features,
        positions,
        np.asarray([decided[stored_ids[n]][2] for n in positions], dtype=bool),
        tuple(parsed[n].date for n in positions),
        np.asarray(
            [min(1 / chances.get(stored_ids[n], 1.0), MAX_WEIGHT) for n in positions],
            dtype=np.float64,
        ),
    )


@dataclass(frozen=True)
class Comparison:
    """How the candidate and the model in use ranked the newest outcomes."""

    holdout: int
    holdout_seized: int
    first_day: dt.date  # of the holdout
    candidate: dict[str, float]
    current: dict[str, float] | None

    @property
    def better(self) -> bool:
        """The candidate finds at least as many seizures as the model in use (or none is)."""
        return self.current is None or self.candidate["recall"] >= self.current["recall"]

    def summary(self) -> dict[str, Any]:
        return {
            "holdout": self.holdout,
            "holdout_seized": self.holdout_seized,
            "holdout_from": self.first_day.isoformat(),
            "at_share": COMPARED_AT,
            "candidate": self.candidate,
            "current": self.current,
        }


def _ranked(
    model: BaggageModel, data: TrainingSet, rows: npt.NDArray[np.int64]
) -> dict[str, float]:
    missing = [n for n in model.features if n not in data.features.names]
    if missing:
        raise InputError(f"the model in use reads features not computed here: {missing}")
    stake = value_at_stake(data.features, model.score(data.features))[data.decided[rows]]
    labels = data.seized[rows].astype(int)
    return {
        "recall": round(recall_at(stake, labels, COMPARED_AT), 4),
        "precision": round(precision_at(stake, labels, COMPARED_AT), 4),
    }


def compare_and_fit(
    data: TrainingSet, current: BaggageModel | None, *, seed: int = 0
) -> tuple[BaggageModel, Comparison]:
    """The candidate refit on every outcome, and how it compared on the newest quarter."""
    days = sorted(set(data.dates))
    first_day = days[min(len(days) - 1, int(len(days) * (1 - HOLDOUT_SHARE)))]
    dates = np.asarray(data.dates)
    early, late = np.flatnonzero(dates < first_day), np.flatnonzero(dates >= first_day)
    if len(early) == 0 or data.seized[early].all() or not data.seized[early].any():
        raise InputError(
            f"the outcomes before {first_day} are all of one kind; the comparison needs "
            "seizures and clean inspections before the newest quarter. Record more outcomes."
        )
    labels, weights = _labels(data)
    candidate = BaggageModel.fit(
        data.features, labels, rows=data.decided[early], weights=weights, seed=seed
    )
    comparison = Comparison(
        len(late),
        int(data.seized[late].sum()),
        first_day,
        _ranked(candidate, data, late),
        _ranked(current, data, late) if current is not None else None,
    )
    final = BaggageModel.fit(data.features, labels, rows=data.decided, weights=weights, seed=seed)
    return final, comparison


def _labels(data: TrainingSet) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """A label and a weight for every row of the features (the undecided, not trained on,
    get 0 and 1)."""
    labels = np.zeros(len(data.features.group), dtype=np.float64)
    labels[data.decided] = data.seized
    weights = np.ones(len(data.features.group), dtype=np.float64)
    weights[data.decided] = data.weights
    return labels, weights
