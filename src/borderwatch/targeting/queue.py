"""The inspection queue in the order officers work it: verdict, then risk, then waiting.

Screening says what the law requires; the risk profiles say which of the
declarations the law sends to inspection deserve the officer first. Within one
verdict, a declaration in the red lane comes first, then the higher profile
risk, then the one waiting longest. The API and the bench both order the queue
here, so they list the same declarations in the same order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection

from borderwatch.model.declaration import Declaration
from borderwatch.model.risk_profile import Lane
from borderwatch.rules.loader import RuleBase
from borderwatch.store.inspection import QueuedDeclaration, QueueFilter, queued_in_order
from borderwatch.targeting.profiles import ProfileRisk, Screened, match_profiles, profile_risk

__all__ = ["Targeted", "rank_queue", "targeted_queue"]


@dataclass(frozen=True)
class Targeted:
    """A queued declaration with the risk its profiles add up to."""

    queued: QueuedDeclaration
    risk: ProfileRisk


def _scored(queued: QueuedDeclaration, rule_base: RuleBase) -> Targeted:
    declaration = Declaration.model_validate_json(queued.document)
    screened = Screened.of_stored(json.loads(queued.result)) if queued.result else None
    return Targeted(queued, profile_risk(match_profiles(declaration, rule_base, screened)))


def _urgency(entry: Targeted) -> tuple[int, int, float]:
    """Sort key, smallest first: stricter verdict, red lane, higher risk."""
    return (-entry.queued.verdict.rank, entry.risk.lane is not Lane.RED, -entry.risk.score)


def rank_queue(queued: Iterable[QueuedDeclaration], rule_base: RuleBase) -> list[Targeted]:
    """``queued`` (in verdict, then arrival order) scored and put in working order; the sort
    is stable, so among equals the one waiting longest stays first."""
    return sorted((_scored(q, rule_base) for q in queued), key=_urgency)


def targeted_queue(
    conn: Connection,
    crossing: str,
    rule_base: RuleBase,
    *,
    limit: int,
    narrowed: QueueFilter | None = None,
) -> list[Targeted]:
    """The first ``limit`` declarations of ``crossing``'s queue in working order.

    Risk reorders only within a verdict, so the store's verdict order is read until
    ``limit`` declarations are kept and the verdict of the last one kept is passed:
    the declarations scored are those that could still make the first ``limit``.
    """
    narrowed = narrowed or QueueFilter()
    kept: list[QueuedDeclaration] = []
    for queued in queued_in_order(conn, crossing, channel=narrowed.channel):
        if len(kept) >= limit and queued.verdict.rank < kept[-1].verdict.rank:
            break
        if narrowed.keeps(queued):
            kept.append(queued)
    return rank_queue(kept, rule_base)[:limit]
