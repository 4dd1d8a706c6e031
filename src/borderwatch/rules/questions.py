"""Questions the rule base answers: what applied, what changed between two dates,
and which chosen regimes cannot bind at a crossing at all."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from borderwatch.errors import ReferenceDataError
from borderwatch.model.declaration import Channel, Direction
from borderwatch.model.measure import Measure
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.reference import Crossing, Regime
from borderwatch.rules.scope import Situation, measures_in_force

__all__ = [
    "Change",
    "NotBinding",
    "crossing_of",
    "measures_applying",
    "measures_changed",
    "regimes_not_binding",
    "situations",
]


def crossing_of(rule_base: RuleBase, crossing: str) -> Crossing:
    """The crossing named ``crossing``, or an error listing the known ones."""
    found = rule_base.crossings.get(crossing)
    if found is None:
        raise ReferenceDataError(
            f"unknown crossing {crossing!r}; known crossings: "
            f"{', '.join(sorted(rule_base.crossings))}. Use one of those ids "
            "(or add the crossing to crossings.yaml)."
        )
    return found


def _categories(rule_base: RuleBase) -> tuple[str | None, ...]:
    """Anyone, and every traveller category some measure singles out."""
    named = {c for m in rule_base.measures for c in m.scope.traveller_categories or ()}
    return (None, *sorted(named))


def situations(
    rule_base: RuleBase,
    *,
    day: dt.date,
    crossing: str,
    channel: Channel | None = None,
    direction: Direction | None = None,
    country: str = "KP",
) -> list[Situation]:
    """Every situation at ``crossing`` on ``day``: each direction, channel and traveller
    category (only the given channel or direction, when one is given)."""
    channels = [channel] if channel else list(Channel)
    directions = [direction] if direction else list(Direction)
    return [
        Situation(day, crossing, d, country, c, cat)
        for d, c, cat in itertools.product(directions, channels, _categories(rule_base))
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
    for situation in situations(
        rule_base,
        day=day,
        crossing=crossing,
        channel=channel,
        direction=direction,
        country=country,
    ):
        for measure in measures_in_force(rule_base, situation).active:
            if regimes is None or measure.regime in regimes:
                found.setdefault(measure.id, measure)
    return sorted(found.values(), key=lambda m: (m.regime, m.valid_from, m.id))


@dataclass(frozen=True)
class Change:
    """A measure that came into force or ceased between two dates."""

    measure: Measure
    change: str  # "came into force" | "ceased"

    @property
    def key(self) -> str:
        """The change as an identifier: ``came_into_force`` or ``ceased``."""
        return self.change.replace(" ", "_")


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


@dataclass(frozen=True)
class NotBinding:
    """A chosen regime whose measures cannot bind at a crossing, and where they do."""

    regime: Regime
    crossing: Crossing
    elsewhere: tuple[str, ...]  # crossings of the rule base where the regime binds

    def sentence(self) -> str:
        """'EU measures do not bind at dandong (CN); choose a crossing where they do: ...'."""
        head = (
            f"{self.regime.id} measures do not bind at {self.crossing.id} ({self.crossing.country})"
        )
        if self.elsewhere:
            return f"{head}; choose a crossing where they do: {', '.join(self.elsewhere)}."
        countries = ", ".join(self.regime.jurisdiction)
        return (
            f"{head}; they bind only in {countries}, and no crossing of the rule base is "
            "there (add one to crossings.yaml)."
        )


def regimes_not_binding(
    rule_base: RuleBase, crossing: str, regimes: frozenset[str] | None = None
) -> list[NotBinding]:
    """The regimes among ``regimes`` (default: all) that bind nowhere at ``crossing``."""
    here = crossing_of(rule_base, crossing)
    found = []
    for regime in rule_base.regimes.values():
        if (regimes is not None and regime.id not in regimes) or regime.binds_in(here.country):
            continue
        elsewhere = tuple(
            sorted(c.id for c in rule_base.crossings.values() if regime.binds_in(c.country))
        )
        found.append(NotBinding(regime, here, elsewhere))
    return found
