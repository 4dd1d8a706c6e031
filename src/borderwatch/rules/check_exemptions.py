"""Lint of exemptions, caps and crossings named: each must say what an officer can check.

An exemption whose conditions cannot be evaluated would be accepted on the
declarant's word; one that reaches goods its measure does not cover, or
names a crossing borderwatch does not know, can never be weighed as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from borderwatch.model.exemption import Exemption
from borderwatch.model.measure import EffectType, Measure
from borderwatch.rules.loader import RuleBase

#: ``file:line`` of a value inside a measure: (measure id, path within it) -> text
Locate = Callable[[str, tuple[int | str, ...]], str]

__all__ = ["exemption_problems"]


def _overlaps(codes: tuple[str, ...], goods: tuple[str, ...]) -> bool:
    return any(c.startswith(g) or g.startswith(c) for c in codes for g in goods)


def _problems(exemption: Exemption, measure: Measure | None, rule_base: RuleBase) -> list[str]:
    cond = exemption.conditions
    found = []
    if not (cond.decidable() or cond.to_verify):
        found.append(
            f"exemption {exemption.id} has no condition that can be evaluated: give "
            "conditions (hs, origin, directions, channels, crossing_modes, crossings) "
            "or the papers to verify (conditions.to_verify)"
        )
    if measure is not None and cond.hs:
        covered = (*measure.goods.hs, *measure.goods.hs_partial)
        if measure.party_roles is None and not _overlaps(cond.hs, covered):
            found.append(
                f"exemption {exemption.id} reaches HS {', '.join(cond.hs)}, "
                f"none of which {measure.id} covers"
            )
    unknown = [c for c in cond.crossings if c not in rule_base.crossings]
    if unknown:
        found.append(
            f"exemption {exemption.id} names unknown crossing(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(rule_base.crossings))}"
        )
    return found


def exemption_problems(
    rule_base: RuleBase, locate: Locate | None = None
) -> Iterator[tuple[str, str, str]]:
    """(level, where, message) for every exemption or cap an officer could not check;
    ``locate`` gives the file and line of a measure's value (else file and measure id)."""

    def where(measure: Measure, loc: tuple[int | str, ...]) -> str:
        if locate is None:
            return f"{rule_base.origin[measure.id]} ({measure.id})"
        return locate(measure.id, loc)

    for measure in rule_base.measures:
        unknown = [c for c in measure.scope.crossings or () if c not in rule_base.crossings]
        if unknown:
            yield (
                "error",
                where(measure, ("scope", "crossings")),
                f"{measure.id} is scoped to unknown crossing(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(rule_base.crossings))}",
            )
        for index, exemption in enumerate(measure.exemptions):
            for problem in _problems(exemption, measure, rule_base):
                yield "error", where(measure, ("exemptions", index, "id")), problem
        cap = measure.effect.cap
        if measure.effect.type is EffectType.CAP and (cap is None or not cap.conditions):
            yield (
                "warning",
                where(measure, ("effect",)),
                f"the cap of {measure.id} has no conditions: list what an officer checks",
            )
    for regime in rule_base.regimes.values():
        for exemption in regime.standing_exemptions:
            for problem in _problems(exemption, None, rule_base):
                yield "error", f"regimes.yaml ({regime.id})", problem
