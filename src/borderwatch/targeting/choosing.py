"""Whom to inspect today: risk from the profiles and the learned model, chosen under
capacity with a random share, each choice with its reasons; (which bags of one bus carry
the same goods: :mod:`.groups`).

The score that ranks is the declared value at stake: the chance that a bag
holds paid-for goods — the profiles' risk, combined with the model's
probability when a model is in use, as 1 − (1 − p)(1 − r) — times its declared
value. A profile's red lane is inspected whatever the capacity. Without a model
the profiles alone rank, and the choice says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from borderwatch.errors import InputError
from borderwatch.model.declaration import Declaration
from borderwatch.model.risk_profile import Lane
from borderwatch.rules.loader import RuleBase
from borderwatch.targeting.baggage_features import line_value
from borderwatch.targeting.baggage_history import CompanyHistory
from borderwatch.targeting.baggage_model import BaggageModel, reasons
from borderwatch.targeting.crossing_history import CrossingHistory
from borderwatch.targeting.profiles import ProfileRisk, Screened, match_profiles, profile_risk
from borderwatch.targeting.screening_signals import ScreeningSignals, described
from borderwatch.targeting.selection import capacity_units, select

__all__ = [
    "Choice",
    "StoreHistory",
    "choose",
    "declared_value",
    "profile_risks",
]


#: the companies' and the crossings' records a model reads beside the bags themselves
StoreHistory = tuple[CompanyHistory, CrossingHistory]


@dataclass(frozen=True)
class Choice:
    """A declaration chosen for inspection, with why and the chance it had."""

    declaration: Declaration
    score: float
    probability: float
    explored: bool
    risk: ProfileRisk
    why: tuple[str, ...]


def profile_risks(
    declarations: Sequence[Declaration],
    rule_base: RuleBase,
    screened: Sequence[Screened | None] | None = None,
) -> list[ProfileRisk]:
    """The risk profiles' verdict on each declaration (``screened``: one result or None
    each, when screening ran)."""
    given = screened if screened is not None else [None] * len(declarations)
    if len(given) != len(declarations):
        raise ValueError("one screening result (or None) per declaration")
    return [
        profile_risk(match_profiles(d, rule_base, s))
        for d, s in zip(declarations, given, strict=True)
    ]


def declared_value(declarations: Sequence[Declaration]) -> npt.NDArray[np.float64]:
    """Each declaration's declared value (CNY as declared), at least 1 so a zero still ranks."""
    values = [sum(line_value(i) for i in d.items) for d in declarations]
    return np.maximum(np.array(values, dtype=np.float64), 1.0)


def choose(
    declarations: Sequence[Declaration],
    rule_base: RuleBase,
    model: BaggageModel | None,
    *,
    capacity: float,
    per: Literal["day", "bus"] = "day",
    exploration: float = 0.1,
    seed: int = 0,
    signals: ScreeningSignals | None = None,
    history: StoreHistory | None = None,
    open_to_choice: Sequence[bool] | None = None,
) -> list[Choice]:
    """Declarations to inspect: every red-lane one, then per day (or per bus) the top of
    the rest by value at stake and a random share ``exploration`` of the capacity.

    ``signals`` (when screening ran) let the profiles that look at party hits and
    classified codes hold, and give a model trained on screened outcomes what it reads;
    ``history`` (the companies' and crossings' records in the store) gives the model
    the same columns it was trained on and the queue scores with. ``open_to_choice``
    (one flag each) leaves some out of the choice, such as bags already decided, while
    they still count as the other bags of their bus.
    """
    risks = profile_risks(declarations, rule_base, signals.screened if signals else None)
    chance = np.array([r.score for r in risks], dtype=np.float64)
    said: list[tuple[str, ...]] = [tuple(m.explanation() for m in r.matches) for r in risks]
    bags = [i for i, d in enumerate(declarations) if d.channel == "baggage"]
    if model is not None and bags:
        companies, crossings = history or (None, None)
        bag_signals = signals.take(bags) if signals is not None else None
        features = described([declarations[i] for i in bags], companies, bag_signals, crossings)
        missing = [n for n in model.features if n not in features.names]
        if missing:
            raise InputError(
                f"the model in use reads {', '.join(missing)}, which only screening gives: "
                "screen the declarations first"
            )
        learned = model.score(features)
        chance[bags] = 1 - (1 - chance[bags]) * (1 - learned)
        words = reasons(features, model.explain(features))
        for i, p, w in zip(bags, learned, words, strict=True):
            said[i] = (*said[i], f"model {p:.2f}: {w}")
    for i, d in enumerate(declarations):
        if model is None:
            said[i] = (*said[i], "no targeting model in use: profiles alone")
        elif d.channel != "baggage":
            said[i] = (*said[i], "the model in use ranks baggage only: profiles alone")
    stake = chance * declared_value(declarations)
    open_ = open_to_choice if open_to_choice is not None else [True] * len(declarations)
    if len(open_) != len(declarations):
        raise ValueError("one open_to_choice flag per declaration")
    red = [i for i, r in enumerate(risks) if r.lane is Lane.RED and open_[i]]
    chosen = [
        Choice(declarations[i], float(stake[i]), 1.0, False, risks[i], ("red lane", *said[i]))
        for i in red
    ]
    rest = sorted({i for i in range(len(declarations)) if open_[i]} - set(red))
    if rest:
        units = capacity_units([declarations[i] for i in rest], per)
        picked = select(stake[rest], units, capacity=capacity, exploration=exploration, seed=seed)
        for p in picked:
            i = rest[p.index]
            why = (p.why, *said[i])
            chosen.append(
                Choice(declarations[i], p.score, p.probability, p.explored, risks[i], why)
            )
    return chosen
