"""Displacement signals at a crossing, read strictly before a date.

When one crossing tightens, the paid-for goods move to a laxer one
(SCENARIO.md: from Dandong to Hunchun and Changbai). At the crossing they
move to, two things change before any officer has a name for it: more bags
carry luxury goods or commercial quantities than the weeks before, and a
larger share of the bags opened there turn out to hold something. Both are
features of every bag crossing there, counted only from what came before the
bag's day, so a model learns what a rise has meant without reading the
answer it is asked for.

* ``crossing_notable_rise``: log of the notable bags a day in the last
  :data:`RECENT_DAYS` days over the notable bags a day in the
  :data:`BASELINE_DAYS` days before those (one added to each, so a quiet
  crossing reads near zero); NaN before the crossing has a baseline.
* ``crossing_recent_seizure_rate``: the share of the crossing's bags decided in
  the last :data:`SEIZURE_DAYS` days that held something seized; NaN with none
  decided (no inspection is not a clean record).
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "BASELINE_DAYS",
    "DISPLACEMENT_FEATURES",
    "RECENT_DAYS",
    "SEIZURE_DAYS",
    "CrossingBag",
    "CrossingHistory",
    "CrossingOutcome",
]

RECENT_DAYS = 14
BASELINE_DAYS = 70
SEIZURE_DAYS = 28
DISPLACEMENT_FEATURES = ("crossing_notable_rise", "crossing_recent_seizure_rate")


@dataclass(frozen=True)
class CrossingBag:
    """A bag that crossed: where, when, and whether it carried a notable line."""

    crossing: str
    date: dt.date
    notable: bool


@dataclass(frozen=True)
class CrossingOutcome:
    """A bag officers decided: where, when, and whether something was seized."""

    crossing: str
    date: dt.date
    seized: bool


@dataclass(frozen=True)
class _Counts:
    """Events of one crossing by day (ordinals, ascending) with running totals."""

    days: list[int]
    total: list[int]  # running count of events up to and including each day
    hits: list[int]  # running count of the notable (or seized) ones

    @classmethod
    def of(cls, events: list[tuple[int, bool]]) -> _Counts:
        events.sort()
        days = [d for d, _ in events]
        return cls(days, list(range(1, len(days) + 1)), np.cumsum([h for _, h in events]).tolist())

    def between(self, first: int, end: int) -> tuple[int, int]:
        """Events and hits on days ``first`` ≤ day < ``end``."""
        lo, hi = bisect_left(self.days, first), bisect_left(self.days, end)
        if hi <= lo:
            return 0, 0
        before_total = self.total[lo - 1] if lo else 0
        before_hits = self.hits[lo - 1] if lo else 0
        return self.total[hi - 1] - before_total, self.hits[hi - 1] - before_hits

    def first_day(self) -> int | None:
        return self.days[0] if self.days else None


@dataclass
class CrossingHistory:
    """Traffic and outcomes per crossing, looked up strictly before a date."""

    _traffic: dict[str, _Counts] = field(default_factory=dict)
    _outcomes: dict[str, _Counts] = field(default_factory=dict)

    @classmethod
    def of(
        cls, bags: Iterable[CrossingBag], outcomes: Iterable[CrossingOutcome] = ()
    ) -> CrossingHistory:
        """The history of these bags and decisions, in any order."""
        traffic: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for bag in bags:
            traffic[bag.crossing].append((bag.date.toordinal(), bag.notable))
        decided: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for outcome in outcomes:
            decided[outcome.crossing].append((outcome.date.toordinal(), outcome.seized))
        return cls(
            {c: _Counts.of(e) for c, e in traffic.items()},
            {c: _Counts.of(e) for c, e in decided.items()},
        )

    def at(self, crossing: str, date: dt.date) -> tuple[float, float]:
        """(notable rise, recent seizure rate) at ``crossing`` from the days before ``date``."""
        day = date.toordinal()
        return self._rise(crossing, day), self._seizure_rate(crossing, day)

    def _rise(self, crossing: str, day: int) -> float:
        counts = self._traffic.get(crossing)
        start = counts.first_day() if counts else None
        baseline_from = day - RECENT_DAYS - BASELINE_DAYS
        if counts is None or start is None or start > baseline_from:
            return math.nan  # no full baseline yet: a rise cannot be told from a start
        _, recent = counts.between(day - RECENT_DAYS, day)
        _, baseline = counts.between(baseline_from, day - RECENT_DAYS)
        return math.log((recent / RECENT_DAYS + 1) / (baseline / BASELINE_DAYS + 1))

    def _seizure_rate(self, crossing: str, day: int) -> float:
        counts = self._outcomes.get(crossing)
        if counts is None:
            return math.nan
        decided, seized = counts.between(day - SEIZURE_DAYS, day)
        return seized / decided if decided else math.nan
