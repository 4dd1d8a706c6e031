"""Choosing what to open when officers can open only some of it.

Within each unit of capacity — a day at the crossing, or one bus — the
highest scores take (1 − ε) of the places and the other ε go to a uniform
random draw from the rest. The draw is what keeps a learned score honest:
declarations the score ranks low are still opened now and then, so what it
misses shows up in the outcomes it is retrained on. Every selected entry
carries its chance of having been selected, so those outcomes can be
reweighted (1 / probability) instead of being read as if they were typical.

Pure and deterministic: the same inputs and seed choose the same entries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from borderwatch.model import Declaration

__all__ = ["DEFAULT_EXPLORATION", "Selected", "capacity_units", "select"]

#: share of the capacity drawn at random, outside the top of the ranking
DEFAULT_EXPLORATION = 0.1


@dataclass(frozen=True)
class Selected:
    """One entry to inspect: where it stands, why, and the chance it had of being chosen."""

    index: int
    score: float
    probability: float
    explored: bool
    why: str


def capacity_units(declarations: Sequence[Declaration], per: Literal["day", "bus"]) -> list[str]:
    """The unit each declaration's capacity is counted in: its crossing and day, or its
    conveyance (a declaration without one is a unit of its own)."""
    if per == "day":
        return [f"{d.crossing} {d.date.isoformat()}" for d in declarations]
    return [
        f"{d.conveyance.label()} {d.date.isoformat()}" if d.conveyance else f"declaration {d.id}"
        for d in declarations
    ]


def _places(capacity: float, size: int) -> float:
    """Places a unit of ``size`` entries gets: a share (0 < c < 1) or a count (c ≥ 1)."""
    if capacity < 0:
        raise ValueError("capacity cannot be negative")
    return capacity * size if capacity < 1 else min(float(capacity), float(size))


def select(
    scores: npt.ArrayLike,
    units: Sequence[str],
    *,
    capacity: float,
    exploration: float = DEFAULT_EXPLORATION,
    seed: int,
    reasons: Sequence[str] | None = None,
) -> list[Selected]:
    """Entries to inspect, unit by unit, best score first then the random draws.

    ``capacity`` below 1 is a share of each unit's entries, from 1 up a count per
    unit. A fractional number of places is rounded at random, up with the
    chance of its fraction, so a 10 % share holds on average even on small
    buses. ``reasons`` (one per entry) say why a high score is high.
    """
    values = np.asarray(scores, dtype=np.float64)
    if len(values) != len(units) or (reasons is not None and len(reasons) != len(units)):
        raise ValueError("one score, unit (and reason) per entry")
    if not 0 <= exploration <= 1:
        raise ValueError("exploration is a share between 0 and 1")
    rng = np.random.default_rng(seed)
    members: dict[str, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        members[unit].append(index)
    chosen: list[Selected] = []
    for unit in sorted(members):
        indices = np.asarray(members[unit])
        places = _places(capacity, len(indices))
        top_places = math.floor((1 - exploration) * places + 1e-9)
        draws = places - top_places
        drawn = math.floor(draws) + int(rng.random() < draws - math.floor(draws))
        ranked = indices[np.lexsort((indices, -values[indices]))]
        top, rest = ranked[:top_places], ranked[top_places:]
        drawn = min(drawn, len(rest))
        for i in top:
            why = reasons[i] if reasons is not None else "ranked in the top of " + unit
            chosen.append(
                Selected(int(i), float(values[i]), 1.0, False, f"score {values[i]:.2f}: {why}")
            )
        if drawn:
            chance = min(draws / len(rest), 1.0)
            for i in np.sort(rng.choice(rest, size=drawn, replace=False)):
                why = f"random draw (exploration), 1 in {1 / chance:.0f} of the rest of {unit}"
                chosen.append(Selected(int(i), float(values[i]), chance, True, why))
    return chosen
