"""Conflicts: one measure tolerates what another prohibits, so a monitor sees both.

A measure tolerates goods when it allows a count of them (a port's allowance
for returning workers) or allows them within an aggregate cap (the UN's
refined-petroleum cap against the EU's total ban): another regime's
prohibition of the same goods is then a conflict an officer must see.
"""

from __future__ import annotations

from borderwatch.engine.assess import Assessment, basis_for
from borderwatch.model.measure import EffectType
from borderwatch.model.verdict import Conflict, Verdict

__all__ = ["find_conflicts"]


def find_conflicts(
    item_id: str, assessments: list[Assessment], selected: frozenset[str]
) -> list[Conflict]:
    """Every (tolerating, prohibiting) pair among all shipped regimes' measures."""
    # an area allowance limits volume; only a count allowance tolerates particular goods
    tolerating = [
        a
        for a in assessments
        if a.status == "tolerated"
        and a.measure.effect.allowance is not None
        and a.measure.effect.allowance.max_items is not None
    ]
    capped = [
        a for a in assessments if a.status == "applied" and a.measure.effect.type is EffectType.CAP
    ]
    prohibiting = [a for a in assessments if a.outcome is Verdict.PROHIBITED]
    pairs = [(t, s) for t in tolerating for s in prohibiting]
    pairs += [(c, s) for c in capped for s in prohibiting if s.measure.regime != c.measure.regime]
    conflicts = []
    for tolerant, strict in pairs:
        if strict.measure.regime in selected:
            followed = (
                f"the verdict follows {strict.measure.id} ({strict.measure.regime}), "
                "the stricter measure of a selected regime"
            )
        elif tolerant.measure.regime in selected:
            followed = (
                f"the verdict follows {tolerant.measure.id} ({tolerant.measure.regime}); "
                f"regime {strict.measure.regime} was not selected"
            )
        else:
            continue  # neither side applies under this selection
        conflicts.append(
            Conflict(
                item=item_id,
                tolerated_by=basis_for(tolerant, selected=tolerant.measure.regime in selected),
                prohibited_by=basis_for(strict, selected=strict.measure.regime in selected),
                followed=followed,
            )
        )
    return conflicts
