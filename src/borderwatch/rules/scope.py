"""Which measures are in force for one situation: date, crossing, direction, channel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from borderwatch.errors import ReferenceDataError
from borderwatch.model.declaration import Channel, Direction
from borderwatch.model.measure import Measure, Suspension
from borderwatch.rules.loader import RuleBase

__all__ = ["Situation", "measures_in_force"]


@dataclass(frozen=True, slots=True)
class Situation:
    """What decides which measures apply, apart from the goods."""

    day: dt.date
    crossing: str
    direction: Direction
    country: str
    channel: Channel
    category: str | None = None


@dataclass(frozen=True)
class InForce:
    """Measures in force for a situation, and those suspended on that day."""

    active: tuple[Measure, ...]
    suspended: tuple[tuple[Measure, Suspension], ...]


def measures_in_force(rule_base: RuleBase, situation: Situation) -> InForce:
    """The measures of every shipped regime that bind in this situation."""
    crossing = rule_base.crossings.get(situation.crossing)
    if crossing is None:
        raise ReferenceDataError(
            f"unknown crossing {situation.crossing!r}; known crossings: "
            f"{', '.join(sorted(rule_base.crossings))}. Add it to crossings.yaml or fix the id."
        )
    active: list[Measure] = []
    suspended: list[tuple[Measure, Suspension]] = []
    for measure in rule_base.measures:
        if not (
            measure.in_force(situation.day)
            and rule_base.regimes[measure.regime].binds_in(crossing.country)
            and measure.scope.covers(
                direction=situation.direction,
                country=situation.country,
                channel=situation.channel,
                crossing=situation.crossing,
                category=situation.category,
            )
        ):
            continue
        suspension = measure.suspension_on(situation.day)
        if suspension is not None:
            suspended.append((measure, suspension))
        else:
            active.append(measure)
    return InForce(tuple(active), tuple(suspended))
