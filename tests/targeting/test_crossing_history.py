"""The displacement signals of a crossing: a rise in notable bags and the recent seizure rate,
read only from the days before a bag's own."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from borderwatch.targeting.crossing_history import (
    BASELINE_DAYS,
    RECENT_DAYS,
    SEIZURE_DAYS,
    CrossingBag,
    CrossingHistory,
    CrossingOutcome,
)

START = dt.date(2019, 1, 1)


def _days(first: int, last: int, per_day: int, *, notable: bool) -> list[CrossingBag]:
    return [
        CrossingBag("hunchun", START + dt.timedelta(days=d), notable)
        for d in range(first, last)
        for _ in range(per_day)
    ]


def test_a_crossing_with_no_full_baseline_has_no_rise_yet() -> None:
    history = CrossingHistory.of(_days(0, 30, 2, notable=True))
    assert math.isnan(history.at("hunchun", START + dt.timedelta(days=30))[0])
    assert math.isnan(history.at("dandong", START + dt.timedelta(days=300))[0])


def test_steady_traffic_reads_no_rise_and_a_surge_reads_one() -> None:
    days = RECENT_DAYS + BASELINE_DAYS
    steady = CrossingHistory.of(_days(0, days, 1, notable=True))
    rise, _ = steady.at("hunchun", START + dt.timedelta(days=days))
    assert rise == pytest.approx(0.0)
    surge = _days(0, BASELINE_DAYS, 1, notable=True) + _days(BASELINE_DAYS, days, 9, notable=True)
    rise, _ = CrossingHistory.of(surge).at("hunchun", START + dt.timedelta(days=days))
    assert rise == pytest.approx(math.log((9 + 1) / (1 + 1)))


def test_only_notable_bags_count_towards_a_rise() -> None:
    days = RECENT_DAYS + BASELINE_DAYS
    plain_surge = _days(0, days, 1, notable=True) + _days(BASELINE_DAYS, days, 20, notable=False)
    rise, _ = CrossingHistory.of(plain_surge).at("hunchun", START + dt.timedelta(days=days))
    assert rise == pytest.approx(0.0)


def test_the_bag_s_own_day_and_later_days_are_never_read() -> None:
    days = RECENT_DAYS + BASELINE_DAYS
    day = START + dt.timedelta(days=days)
    before = CrossingHistory.of(_days(0, days, 1, notable=True))
    after = CrossingHistory.of(
        _days(0, days, 1, notable=True) + _days(days, days + 5, 50, notable=True),
        [CrossingOutcome("hunchun", day, True)],
    )
    assert before.at("hunchun", day)[0] == after.at("hunchun", day)[0]
    assert math.isnan(after.at("hunchun", day)[1])


def test_the_seizure_rate_counts_the_decisions_of_the_last_weeks_only() -> None:
    day = START + dt.timedelta(days=100)
    old = [CrossingOutcome("hunchun", day - dt.timedelta(days=SEIZURE_DAYS + 1), True)] * 5
    recent = [
        CrossingOutcome("hunchun", day - dt.timedelta(days=1), True),
        CrossingOutcome("hunchun", day - dt.timedelta(days=SEIZURE_DAYS), False),
        CrossingOutcome("hunchun", day - dt.timedelta(days=3), False),
        CrossingOutcome("dandong", day - dt.timedelta(days=2), True),
    ]
    history = CrossingHistory.of([], old + recent)
    assert history.at("hunchun", day)[1] == pytest.approx(1 / 3)
    assert history.at("dandong", day)[1] == 1.0
    assert math.isnan(history.at("changbai", day)[1])
