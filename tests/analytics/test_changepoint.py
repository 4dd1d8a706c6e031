"""The rise detector on series whose change point is known."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from borderwatch.analytics.changepoint import Alarm, naive_alarms, poisson_cusum, rate_ratio
from borderwatch.simulate import default_scenario
from borderwatch.simulate.histories import flagged_history

Detector = Callable[[np.ndarray], list[Alarm]]


def test_a_doubling_is_found_in_the_week_it_starts_or_soon_after() -> None:
    rng = np.random.default_rng(1)
    series = np.r_[rng.poisson(15, 40), rng.poisson(30, 20)]
    alarms = poisson_cusum(series)
    assert alarms, "the doubling was missed"
    assert 40 <= alarms[0].week <= 42
    assert 36 <= alarms[0].began <= 41
    assert abs(alarms[0].baseline - 15) < 3


def test_a_steady_series_raises_no_alarm_and_a_fall_is_not_a_rise() -> None:
    rng = np.random.default_rng(2)
    assert poisson_cusum(rng.poisson(20, 120)) == []
    assert poisson_cusum(np.r_[rng.poisson(20, 40), rng.poisson(5, 40)]) == []


def test_the_rate_ratio_interval_holds_the_true_ratio() -> None:
    rng = np.random.default_rng(3)
    covered = 0
    for _ in range(200):
        estimate = rate_ratio(rng.poisson(10, 26), rng.poisson(20, 8))
        covered += estimate.low <= 2.0 <= estimate.high
    assert 0.90 <= covered / 200 <= 0.99


def _first_alarm(detector: Detector, history: np.ndarray) -> int | None:
    return min((a.week for c in range(3) for a in detector(history[:, c])), default=None)


def _quality(detector: Detector, seeds: range) -> tuple[float, float]:
    """Share of seeds with the shift found within 2 weeks; share of steady histories alarmed."""
    scenario = default_scenario()
    found = false_alarms = 0
    for seed in seeds:
        change = 30 + seed % 20
        shifted = flagged_history(scenario, weeks=change + 12, seed=seed, change_week=change)
        steady = flagged_history(scenario, weeks=change + 12, seed=seed, change_week=None)
        first = _first_alarm(detector, shifted)
        found += first is not None and change <= first <= change + 2
        false_alarms += _first_alarm(detector, steady) is not None
    return found / len(seeds), false_alarms / len(seeds)


def test_detection_quality_on_simulated_histories_beats_the_naive_detector() -> None:
    """40 seeds: the shift is found within 2 weeks in >= 85%, false alarms <= 10%."""
    detection, false_alarms = _quality(poisson_cusum, range(40))
    naive_detection, naive_false_alarms = _quality(naive_alarms, range(40))
    assert detection >= 0.85
    assert false_alarms <= 0.10
    assert naive_false_alarms > false_alarms  # the naive detector pays in false alarms
    assert naive_detection <= detection + 0.1
