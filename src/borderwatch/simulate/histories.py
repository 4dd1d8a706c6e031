"""Histories with a known change point, to measure how well displacement is detected.

The scenario's tightening event (the Dandong baggage change) is moved to a
chosen week, or removed for a history without a shift; the flows come from
the plan alone (no declarations), so hundreds of seeds take seconds.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from borderwatch.simulate.run import plan_for
from borderwatch.simulate.scenario import Scenario

__all__ = ["flagged_history", "moved_tightening"]


def moved_tightening(scenario: Scenario, change_week: int | None) -> Scenario:
    """The scenario with its tightening events on ``change_week``, or without them (None)."""
    day = scenario.start + dt.timedelta(weeks=change_week or 0)
    timeline = tuple(
        event.model_copy(update={"date": day}) if event.tightening else event
        for event in scenario.timeline
        if change_week is not None or not event.tightening
    )
    return scenario.model_copy(update={"timeline": timeline})


def flagged_history(
    scenario: Scenario, *, weeks: int, seed: int, change_week: int | None
) -> npt.NDArray[np.int64]:
    """[week, crossing] declarations with sanctioned goods, tightening on ``change_week``."""
    return plan_for(moved_tightening(scenario, change_week), weeks, seed).flagged_counts()
