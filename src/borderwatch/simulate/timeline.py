"""Crossing parameters week by week, after the scenario's dated events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from borderwatch.simulate.scenario import TIMED_FIELDS, Scenario

__all__ = ["Schedule", "crossing_schedule", "first_week_from", "week_of"]


def week_of(scenario: Scenario, day: dt.date) -> int:
    """The simulation week holding ``day`` (negative before the start)."""
    return (day - scenario.start).days // 7


def first_week_from(scenario: Scenario, day: dt.date) -> int:
    """The first simulation week that starts on or after ``day``: when a change takes effect."""
    return -((scenario.start - day).days // 7)


@dataclass(frozen=True)
class Schedule:
    """``values[field][week, crossing]`` for every timed crossing parameter."""

    crossings: tuple[str, ...]
    values: dict[str, npt.NDArray[np.float64]]
    weeks_since_ban: npt.NDArray[np.float64]  # weeks since electronics were banned; inf if allowed

    def index(self, crossing: str) -> int:
        """Column of ``crossing``."""
        return self.crossings.index(crossing)


def crossing_schedule(scenario: Scenario, weeks: int) -> Schedule:
    """Apply the timeline, in date order, to the base parameters of each crossing."""
    crossings = tuple(scenario.crossings)
    values = {
        field: np.tile(
            np.array([float(getattr(scenario.crossings[c], field)) for c in crossings]),
            (weeks, 1),
        )
        for field in TIMED_FIELDS
    }
    ban_week = np.full(len(crossings), np.nan)
    for event in sorted(scenario.timeline, key=lambda e: e.date):
        week = first_week_from(scenario, event.date)
        for path, value in event.set.items():
            _, crossing, field = path.split(".")
            column = crossings.index(crossing)
            values[field][max(week, 0) :, column] = value
            if field == "electronics_allowance" and value == 0:
                ban_week[column] = week
    since = np.arange(weeks, dtype=np.float64)[:, None] - ban_week[None, :]
    allowed = values["electronics_allowance"] > 0
    since = np.where(allowed | np.isnan(since), np.inf, np.maximum(since, 0.0))
    return Schedule(crossings, values, since)
