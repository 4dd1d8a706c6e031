"""A stored declaration as the declaration page shows it: per item, what was declared,
how its HS code was obtained, the verdict, the legal basis and the current decision.

Pure: reads a :class:`~borderwatch.store.declaration_rows.StoredDeclaration` and the
decisions on it, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from borderwatch.model.decision import Decision
from borderwatch.model.verdict import Conflict, HSCandidate, ItemVerdict, LegalBasis
from borderwatch.store.decision_rows import DeclarationDecisions
from borderwatch.store.declaration_rows import StoredDeclaration

__all__ = ["ItemView", "hs_origin", "item_views", "waiting"]

#: the HS version codes are screened in
SCREENED_HS = 2022


@dataclass(frozen=True)
class ItemView:
    id: str
    description: str
    quantity: str
    unit: str | None
    hs: str | None
    how: tuple[str, dict[str, object]]  # message key and its values
    verdict: str
    reasons: tuple[str, ...]
    legal_basis: tuple[LegalBasis, ...]
    decision: Decision | None
    #: what the classifier proposed for the description, best first (none when declared)
    candidates: tuple[HSCandidate, ...] = ()
    #: measures of different regimes that disagree on this item, and which one was followed
    conflicts: tuple[Conflict, ...] = ()


def hs_origin(
    declared_hs: str | None, verdict: ItemVerdict | None
) -> tuple[str, dict[str, object]]:
    """Declared, classified from the description (with the top score), or converted from
    an older HS version."""
    if verdict is None:
        return ("hs_unclassified", {})
    if declared_hs is None and verdict.declared_hs is None:
        if verdict.hs is None or not verdict.classification:
            return ("hs_unclassified", {})
        return ("hs_classified", {"score": f"{verdict.classification[0].score:.2f}"})
    version = verdict.hs_version
    if version is not None and version != SCREENED_HS:
        declared = verdict.declared_hs or declared_hs or ""
        return ("hs_converted", {"version": version, "declared": declared})
    return ("hs_declared", {})


def item_views(stored: StoredDeclaration, decided: DeclarationDecisions) -> list[ItemView]:
    """Each declared item with its verdict and current decision, in the declared order."""
    verdicts = {v.id: v for v in stored.result.items}
    views = []
    for item in stored.declaration.items:
        verdict = verdicts.get(item.id)
        views.append(
            ItemView(
                id=item.id,
                description=item.description,
                quantity=str(item.quantity),
                unit=item.unit,
                hs=verdict.hs if verdict is not None else item.hs,
                how=hs_origin(item.hs, verdict),
                verdict=verdict.verdict.value if verdict is not None else "",
                reasons=verdict.reasons if verdict is not None else (),
                legal_basis=verdict.legal_basis if verdict is not None else (),
                decision=decided.items.get(item.id),
                candidates=verdict.classification if verdict is not None else (),
                conflicts=tuple(c for c in stored.result.conflicts if c.item == item.id),
            )
        )
    return views


def waiting(since: dt.datetime, now: dt.datetime) -> tuple[str, dict[str, int]]:
    """How long since ``since``, as a message key and its values (minutes, hours, days)."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return ("minutes", {"n": minutes})
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return ("hours", {"h": hours, "m": minutes})
    days, hours = divmod(hours, 24)
    return ("days", {"d": days, "h": hours})
