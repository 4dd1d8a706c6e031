"""Displacement: a rise in flagged flow at one crossing following tightening at another.

Each crossing's weekly flagged declarations (both channels) are watched with
the Poisson CUSUM of :mod:`borderwatch.analytics.changepoint`. An alarm is
reported as displacement when a tightening at another crossing (from the
run's timeline, or given by the analyst) came at most ``lookback`` weeks
before the estimated start of the rise; otherwise as an unexplained rise.
Each finding carries the rate ratio (rise / baseline) with a 95% interval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from borderwatch.analytics.changepoint import RateRatio, poisson_cusum, rate_ratio
from borderwatch.analytics.flows import Flows

__all__ = ["Finding", "Tightening", "find_displacement", "tightenings_from_run"]


@dataclass(frozen=True)
class Tightening:
    """A crossing that became stricter on a date."""

    crossing: str
    day: dt.date
    event: str = ""


@dataclass(frozen=True)
class Finding:
    """A detected rise at ``crossing``, explained by ``after`` if it followed a tightening."""

    crossing: str
    alarm_week: int
    began_week: int
    alarm_day: dt.date
    began_day: dt.date
    effect: RateRatio
    after: Tightening | None

    @property
    def is_displacement(self) -> bool:
        """True when the rise followed a tightening at another crossing."""
        return self.after is not None


def tightenings_from_run(info: dict[str, object]) -> list[Tightening]:
    """Tightening events recorded in a run's ``run.json`` timeline."""
    timeline = info.get("timeline", [])
    assert isinstance(timeline, list)
    return [
        Tightening(str(e["tightening"]), dt.date.fromisoformat(str(e["date"])), str(e["event"]))
        for e in timeline
        if isinstance(e, dict) and e.get("tightening")
    ]


def find_displacement(
    flows: Flows,
    tightenings: Sequence[Tightening],
    *,
    baseline_weeks: int = 26,
    ratio: float = 1.8,
    threshold: float = 6.0,
    lookback: int = 8,
    effect_weeks: int = 8,
) -> list[Finding]:
    """Rises at each crossing, with effect estimates, linked to tightenings elsewhere."""
    findings = []
    for c, crossing in enumerate(flows.crossings):
        series = flows.flagged[c].sum(axis=0)
        for alarm in poisson_cusum(
            series, baseline_weeks=baseline_weeks, ratio=ratio, threshold=threshold
        ):
            began = alarm.began
            before = series[max(began - baseline_weeks, 0) : began]
            after = series[began : began + effect_weeks]
            began_day = flows.week_start(began)
            cause = next(
                (
                    t
                    for t in sorted(tightenings, key=lambda t: t.day, reverse=True)
                    if t.crossing != crossing
                    and dt.timedelta(0) <= began_day - t.day + dt.timedelta(days=6)
                    and (began_day - t.day).days <= 7 * lookback
                ),
                None,
            )
            findings.append(
                Finding(
                    crossing=crossing,
                    alarm_week=alarm.week,
                    began_week=began,
                    alarm_day=flows.week_start(alarm.week),
                    began_day=began_day,
                    effect=rate_ratio(np.asarray(before), np.asarray(after)),
                    after=cause,
                )
            )
    return findings
