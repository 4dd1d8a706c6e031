"""Questions the rule base answers: what applied, and what changed between two dates."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from borderwatch.model.declaration import Channel, Direction
from borderwatch.model.measure import Measure
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.scope import Situation, measures_in_force

__all__ = ["Change", "measures_applying", "measures_changed"]

#: traveller categories a measure can single out, plus "anyone"
_CATEGORIES: tuple[str | None, ...] = (None, "returning_worker")


def _situations(
    day: dt.date,
    crossing: str,
    channel: Channel | None,
    direction: Direction | None,
    country: str,
) -> list[Situation]:
    channels = [channel] if channel else list(Channel)
    directions = [direction] if direction else list(Direction)
    return [
        Situation(day, crossing, d, country, c, cat)
        for c, d, cat in itertools.product(channels, directions, _CATEGORIES)
    ]


def measures_applying(
    rule_base: RuleBase,
    *,
    day: dt.date,
    crossing: str,
    channel: Channel | None = None,
    direction: Direction | None = None,
    country: str = "KP",
    regimes: frozenset[str] | None = None,
) -> list[Measure]:
    """Every measure in force at ``crossing`` on ``day`` (for the channel, if given)."""
    found: dict[str, Measure] = {}
    for situation in _situations(day, crossing, channel, direction, country):
        for measure in measures_in_force(rule_base, situation).active:
            if regimes is None or measure.regime in regimes:
                found.setdefault(measure.id, measure)
    return sorted(found.values(), key=lambda m: (m.regime, m.valid_from, m.id))


@dataclass(frozen=True)
class Change:
    """A measure that came into force or ceased between two dates."""

    measure: Measure
    change: str  # "came into force" | "ceased"


def measures_changed(
    rule_base: RuleBase,
    *,
    before: dt.date,
    after: dt.date,
    crossing: str,
    channel: Channel | None = None,
    regimes: frozenset[str] | None = None,
) -> list[Change]:
    """Measures in force on ``after`` but not ``before``, and the reverse."""
    old = {
        m.id: m
        for m in measures_applying(
            rule_base, day=before, crossing=crossing, channel=channel, regimes=regimes
        )
    }
    new = {
        m.id: m
        for m in measures_applying(
            rule_base, day=after, crossing=crossing, channel=channel, regimes=regimes
        )
    }
    changes = [Change(new[i], "came into force") for i in new.keys() - old.keys()]
    changes += [Change(old[i], "ceased") for i in old.keys() - new.keys()]
    return sorted(changes, key=lambda c: (c.change, c.measure.regime, c.measure.id))
