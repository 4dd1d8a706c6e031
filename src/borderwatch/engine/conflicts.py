"""Conflicts: one measure tolerates what another prohibits, so a monitor sees both."""

from __future__ import annotations

from borderwatch.engine.assess import Assessment, basis_for
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
    prohibiting = [a for a in assessments if a.outcome is Verdict.PROHIBITED]
    conflicts = []
    for tolerant in tolerating:
        for strict in prohibiting:
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
