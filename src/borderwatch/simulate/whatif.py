"""What-if: the expected change in sanctioned flow per crossing when parameters change.

The base and the changed scenario run on the same seeds (common random
numbers), so each seed gives a paired difference; the interval is a
Student-t 95% interval over seeds. A shipment is a placed bag or a
sanctioned consignment; it "crossed" when none of its sanctioned lines was
seized or refused.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from borderwatch.simulate.run import simulate
from borderwatch.simulate.scenario import Scenario, ScenarioError
from borderwatch.simulate.timeline import first_week_from

__all__ = ["CrossingEffect", "crossed_per_week", "what_if"]

#: two-sided 95% Student-t quantiles by degrees of freedom (1..30); 1.96 beyond
_T95 = (
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
)


@dataclass(frozen=True)
class CrossingEffect:
    """Sanctioned shipments crossing per week: base, changed, difference with a 95% interval."""

    crossing: str
    base: float
    changed: float
    difference: float
    low: float
    high: float

    @property
    def percent(self) -> float:
        """Change relative to the base, in percent (NaN when the base is zero)."""
        return 100 * self.difference / self.base if self.base else math.nan


def crossed_per_week(
    scenario: Scenario, *, weeks: int, seed: int, from_week: int = 0
) -> npt.NDArray[np.float64]:
    """Per crossing: sanctioned shipments that crossed unseized, mean per week from ``from_week``."""
    crossings = list(scenario.crossings)
    crossed = np.zeros(len(crossings))
    for row in simulate(scenario, weeks=weeks, seed=seed, legitimate_cargo=False):
        if row.week < from_week:
            continue
        sanctioned = [i for i in row.truth["items"] if i["role"] in ("placed", "evasion")]
        if sanctioned and all(i["outcome"] == "passed" for i in sanctioned):
            shipments = max(len(row.truth["placed_bags"]), 1)
            crossed[crossings.index(row.declaration["crossing"])] += shipments
    return crossed / max(weeks - from_week, 1)


def what_if(
    base: Scenario,
    changed: Scenario,
    *,
    weeks: int,
    seeds: int,
    from_date: dt.date | None = None,
    on_run: Callable[[], None] | None = None,
) -> list[CrossingEffect]:
    """Run both scenarios on ``seeds`` seeds; the paired change per crossing with intervals."""
    from_week = max(first_week_from(base, from_date), 0) if from_date else 0
    if from_week >= weeks:
        end = base.start + dt.timedelta(weeks=weeks)
        raise ScenarioError(
            f"--from {from_date} is after the simulated period ({base.start} to {end}); "
            "simulate more weeks or choose an earlier date."
        )
    before: list[npt.NDArray[np.float64]] = []
    after: list[npt.NDArray[np.float64]] = []
    for seed in range(seeds):
        for runs, scenario in ((before, base), (after, changed)):
            runs.append(crossed_per_week(scenario, weeks=weeks, seed=seed, from_week=from_week))
            if on_run is not None:
                on_run()
    a, b = np.array(before), np.array(after)
    diff = b - a
    t = _T95[min(seeds - 1, len(_T95)) - 1] if seeds > 1 else math.inf
    half = t * diff.std(axis=0, ddof=1) / math.sqrt(seeds) if seeds > 1 else np.full(3, math.inf)
    return [
        CrossingEffect(
            crossing=c,
            base=float(a[:, i].mean()),
            changed=float(b[:, i].mean()),
            difference=float(diff[:, i].mean()),
            low=float(diff[:, i].mean() - half[i]),
            high=float(diff[:, i].mean() + half[i]),
        )
        for i, c in enumerate(base.crossings)
    ]
