"""Precision, recall and seized value at an inspection share, on hand-made rankings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderwatch.targeting.metrics import at_shares, inspected, precision_at, recall_at, value_at

SCORES = np.array([0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.6, 0.4, 0.5, 0.05])
LABELS = np.array([1, 0, 0, 1, 1, 0, 0, 0, 1, 1])
VALUES = np.array([10.0, 1.0, 1.0, 40.0, 20.0, 1.0, 1.0, 1.0, 5.0, 25.0])


def test_the_top_share_is_ceil_of_share_times_n() -> None:
    assert list(inspected(SCORES, 0.1)) == [0]
    assert list(inspected(SCORES, 0.25)) == [0, 2, 4]  # ceil(2.5) = 3
    assert list(inspected(SCORES, 0.01)) == [0]  # at least one


def test_ties_go_to_the_earlier_row() -> None:
    assert list(inspected(np.array([0.5, 0.9, 0.5, 0.5]), 0.5)) == [1, 0]


def test_hand_counted_figures() -> None:
    # top 3 are rows 0, 2, 4: labels 1, 0, 1; five positives worth 100 in all
    assert precision_at(SCORES, LABELS, 0.3) == pytest.approx(2 / 3)
    assert recall_at(SCORES, LABELS, 0.3) == pytest.approx(2 / 5)
    assert value_at(SCORES, LABELS, VALUES, 0.3) == pytest.approx(30 / 100)


def test_at_shares_is_keyed_by_percent() -> None:
    figures = at_shares(SCORES, LABELS, VALUES, shares=(0.1, 0.5))
    assert set(figures) == {"10", "50"}
    assert figures["50"] == {
        "precision": pytest.approx(3 / 5),
        "recall": pytest.approx(3 / 5),
        "value": pytest.approx(35 / 100),
    }


def test_no_positives_give_zero_recall_and_value() -> None:
    zeros = np.zeros(10)
    assert recall_at(SCORES, zeros, 0.5) == 0.0
    assert value_at(SCORES, zeros, VALUES, 0.5) == 0.0


@pytest.mark.parametrize("share", [0.0, -0.1, 1.5])
def test_a_share_outside_0_1_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match="share"):
        precision_at(SCORES, LABELS, share)


def test_mismatched_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="alike"):
        precision_at(SCORES, LABELS[:3], 0.1)


rankings = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(-1e6, 1e6), min_size=n, max_size=n),
        st.lists(st.integers(0, 1), min_size=n, max_size=n),
        st.lists(st.floats(0, 1e9), min_size=n, max_size=n),
    )
)


@given(rankings, st.floats(0.001, 1.0), st.floats(0.001, 1.0))
def test_properties(
    ranking: tuple[list[float], list[int], list[float]], share: float, other: float
) -> None:
    scores, labels, values = (np.array(part) for part in ranking)
    low, high = sorted((share, other))
    for metric in (precision_at(scores, labels, low), recall_at(scores, labels, low)):
        assert 0.0 <= metric <= 1.0
    assert 0.0 <= value_at(scores, labels, values, low) <= 1.0 + 1e-9
    assert recall_at(scores, labels, low) <= recall_at(scores, labels, high)
    assert value_at(scores, labels, values, low) <= value_at(scores, labels, values, high) + 1e-9
    if labels.any():
        assert recall_at(scores, labels, 1.0) == 1.0
    assert precision_at(scores, labels, 1.0) == pytest.approx(labels.mean())


@given(st.lists(st.floats(-10, 10), min_size=2, max_size=40))
def test_a_perfect_ranking_has_precision_one_while_positives_last(scores: list[float]) -> None:
    array = np.array(scores)
    labels = (array >= np.median(array)).astype(int)
    k = int(np.ceil(0.5 * len(array)))
    if labels.sum() >= k:
        assert precision_at(array, labels, 0.5) == 1.0
