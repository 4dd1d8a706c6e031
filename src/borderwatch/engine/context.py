"""Per-situation screening context: measures in force and their HS index, memoised."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from borderwatch.errors import ReferenceDataError
from borderwatch.model.exemption import Exemption
from borderwatch.model.measure import Measure, Suspension
from borderwatch.rules.index import MeasureIndex
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.scope import Situation, measures_in_force

__all__ = ["ScreeningContext", "context_for", "selected_regimes"]


@dataclass(frozen=True)
class ScreeningContext:
    """What screening needs for one situation; shared by every item in it."""

    goods_index: MeasureIndex
    party_measures: tuple[Measure, ...]
    suspended: tuple[tuple[Measure, Suspension], ...]
    standing: dict[str, tuple[Exemption, ...]]


def selected_regimes(rule_base: RuleBase, regimes: tuple[str, ...] | None) -> frozenset[str]:
    """The regimes to apply; all shipped ones when ``regimes`` is None."""
    if regimes is None:
        return frozenset(rule_base.regimes)
    unknown = [r for r in regimes if r not in rule_base.regimes]
    if unknown:
        raise ReferenceDataError(
            f"unknown regime(s) {', '.join(unknown)}; shipped regimes: "
            f"{', '.join(rule_base.regimes)}. Use --regimes with those ids."
        )
    return frozenset(regimes)


@lru_cache(maxsize=4096)
def _cached(situation: Situation, rule_base: RuleBase) -> ScreeningContext:
    in_force = measures_in_force(rule_base, situation)
    goods = [m for m in in_force.active if m.party_roles is None]
    parties = tuple(m for m in in_force.active if m.party_roles is not None)
    return ScreeningContext(
        goods_index=MeasureIndex(goods),
        party_measures=parties,
        suspended=in_force.suspended,
        standing={r.id: r.standing_exemptions for r in rule_base.regimes.values()},
    )


def context_for(rule_base: RuleBase, situation: Situation) -> ScreeningContext:
    """The memoised context for ``situation`` under ``rule_base``.

    Between two consecutive change dates of the rule base the same measures are
    in force and suspended, so every day of such an epoch shares one context
    (keyed by the epoch's first day): a year of declarations builds a handful
    of measure indexes, not one per day.
    """
    epoch = rule_base.change_dates[bisect_right(rule_base.change_dates, situation.day) - 1]
    return _cached(replace(situation, day=epoch), rule_base)
