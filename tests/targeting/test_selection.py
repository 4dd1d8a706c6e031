"""Selection under capacity: places per unit, random draws outside the top, their chances."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from borderwatch.targeting.selection import select

DAYS = [f"dandong 2019-03-0{d}" for d in (4, 5, 6)]


def _day_entries(per_day: int = 40, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    units = [day for day in DAYS for _ in range(per_day)]
    return rng.random(len(units)), units


@pytest.mark.parametrize("capacity", [0.1, 0.25, 3, 7])
def test_no_unit_gets_more_places_than_its_capacity(capacity: float) -> None:
    scores, units = _day_entries(per_day=37)
    for seed in range(20):
        chosen = Counter(
            units[s.index] for s in select(scores, units, capacity=capacity, seed=seed)
        )
        limit = math.ceil(capacity * 37) if capacity < 1 else capacity
        assert all(count <= limit for count in chosen.values())
        assert len(
            set(s.index for s in select(scores, units, capacity=capacity, seed=seed))
        ) == sum(chosen.values())


def test_the_top_takes_the_best_scores_and_exploration_draws_from_the_rest() -> None:
    scores, units = _day_entries(per_day=40)
    chosen = select(scores, units, capacity=10, exploration=0.3, seed=4)
    for day in DAYS:
        members = [i for i, u in enumerate(units) if u == day]
        best = sorted(members, key=lambda i: -scores[i])
        mine = [s for s in chosen if units[s.index] == day]
        top = {s.index for s in mine if not s.explored}
        drawn = {s.index for s in mine if s.explored}
        assert top == set(best[:7])
        assert len(drawn) == 3 and not drawn & set(best[:7])
        assert all(s.probability == 1 for s in mine if not s.explored)
        assert all(s.probability == pytest.approx(3 / 33) for s in mine if s.explored)
        assert all("random draw (exploration)" in s.why for s in mine if s.explored)


def test_per_bus_capacity_gives_every_bus_its_own_places() -> None:
    units = ["bus A"] * 45 + ["bus B"] * 20 + ["bus C"] * 5
    scores = np.linspace(1, 0, len(units))  # bus A holds every top score
    chosen = select(scores, units, capacity=2, exploration=0.0, seed=1)
    assert Counter(units[s.index] for s in chosen) == {"bus A": 2, "bus B": 2, "bus C": 2}


def test_the_same_seed_chooses_the_same_entries_another_seed_other_draws() -> None:
    scores, units = _day_entries()
    runs = [select(scores, units, capacity=0.2, exploration=0.5, seed=s) for s in (7, 7, 8)]
    assert runs[0] == runs[1]
    assert {s.index for s in runs[0] if s.explored} != {s.index for s in runs[2] if s.explored}
    assert {s.index for s in runs[0] if not s.explored} == {
        s.index for s in runs[2] if not s.explored
    }


def test_a_drawn_entry_is_chosen_as_often_as_its_stated_probability() -> None:
    scores, units = _day_entries(per_day=30)
    counts = np.zeros(len(units))
    stated: dict[int, float] = {}
    rounds = 400
    for seed in range(rounds):
        for s in select(scores, units, capacity=0.1, exploration=0.5, seed=seed):
            counts[s.index] += 1
            if s.explored:
                stated[s.index] = s.probability
    observed = np.array([counts[i] / rounds for i in stated])
    expected = np.array(list(stated.values()))
    assert np.abs(observed - expected).max() < 0.05  # 1.5 draws among 28 a day: 1 in 19


def test_reasons_say_why_and_exploration_one_means_random_only() -> None:
    scores, units = np.array([0.93, 0.2, 0.1]), ["bus A"] * 3
    why = ["4 other bags on bus A carry 420221", "", ""]
    chosen = select(scores, units, capacity=1, exploration=0.0, seed=0, reasons=why)
    assert [s.why for s in chosen] == ["score 0.93: 4 other bags on bus A carry 420221"]
    only_random = select(scores, units, capacity=1, exploration=1.0, seed=0)
    assert len(only_random) == 1 and only_random[0].explored
    assert only_random[0].probability == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="one score"):
        select(scores, units[:2], capacity=1, seed=0)
