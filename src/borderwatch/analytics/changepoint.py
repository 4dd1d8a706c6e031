"""Detecting a rise in weekly counts: a Poisson CUSUM, a naive baseline detector, rate ratios.

The CUSUM (Page 1954; Lucas 1985 for counts) accumulates the log-likelihood
ratio of "the rate rose by ``ratio``" against "the rate is the baseline"
week by week and raises an alarm when the sum passes ``threshold``. The week
after its last return to zero estimates when the rise began. The baseline
rate is the mean of the ``baseline_weeks`` weeks before monitoring starts;
after an alarm the detector learns a new baseline and watches again, so a
long history can hold several alarms. Defaults were set with
``benchmarks/displacement.py``: on 200 simulated histories the Dandong
shift is found within two weeks in 94% of seeds, and 1.5% of histories
without a shift raise an alarm (a naive 3-sigma rule: 91% and 8.5%).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "Alarm",
    "RateRatio",
    "naive_alarms",
    "poisson_cusum",
    "rate_ratio",
]

Counts = npt.NDArray[np.int64] | npt.NDArray[np.float64]


@dataclass(frozen=True)
class Alarm:
    """A detected rise: when the alarm was raised, when the rise likely began, the baseline."""

    week: int
    began: int
    baseline: float


@dataclass(frozen=True)
class RateRatio:
    """Rate after / rate before with a 95% confidence interval (Poisson, on the log scale)."""

    ratio: float
    low: float
    high: float
    before: float
    after: float


def poisson_cusum(
    counts: Counts,
    *,
    baseline_weeks: int = 26,
    ratio: float = 1.8,
    threshold: float = 6.0,
    start: int | None = None,
) -> list[Alarm]:
    """Alarms for upward shifts of a weekly count series, monitored from ``start``."""
    series = np.asarray(counts, dtype=np.float64)
    alarms: list[Alarm] = []
    watch = baseline_weeks if start is None else max(start, baseline_weeks)
    while watch < len(series):
        baseline = max(float(series[watch - baseline_weeks : watch].mean()), 0.5)
        step = math.log(ratio)
        drift = baseline * (ratio - 1)
        total, last_zero = 0.0, watch
        alarm = None
        for week in range(watch, len(series)):
            total = max(0.0, total + series[week] * step - drift)
            if total == 0.0:
                last_zero = week + 1
            elif total > threshold:
                alarm = Alarm(week=week, began=min(last_zero, week), baseline=baseline)
                break
        if alarm is None:
            break
        alarms.append(alarm)
        watch = alarm.week + 1 + baseline_weeks  # learn the new level, then watch again
    return alarms


def naive_alarms(
    counts: Counts, *, baseline_weeks: int = 26, sigmas: float = 3.0, start: int | None = None
) -> list[Alarm]:
    """The baseline peer: alarm on any week above baseline mean + ``sigmas`` Poisson sd."""
    series = np.asarray(counts, dtype=np.float64)
    watch = baseline_weeks if start is None else max(start, baseline_weeks)
    alarms: list[Alarm] = []
    while watch < len(series):
        baseline = max(float(series[watch - baseline_weeks : watch].mean()), 0.5)
        limit = baseline + sigmas * math.sqrt(baseline)
        above = np.flatnonzero(series[watch:] > limit)
        if len(above) == 0:
            break
        week = watch + int(above[0])
        alarms.append(Alarm(week=week, began=week, baseline=baseline))
        watch = week + 1 + baseline_weeks
    return alarms


def rate_ratio(before: Counts, after: Counts) -> RateRatio:
    """Mean weekly rate after over before, with a Poisson 95% interval on the log ratio."""
    a, b = float(np.sum(after)), float(np.sum(before))
    na, nb = max(len(after), 1), max(len(before), 1)
    rate_after, rate_before = a / na, b / nb
    if a == 0 or b == 0:  # add a half count to both, so the interval stays finite
        a, b = a + 0.5, b + 0.5
    ratio = (a / na) / (b / nb)
    half_width = 1.96 * math.sqrt(1 / a + 1 / b)
    return RateRatio(
        ratio=ratio,
        low=ratio * math.exp(-half_width),
        high=ratio * math.exp(half_width),
        before=rate_before,
        after=rate_after,
    )
