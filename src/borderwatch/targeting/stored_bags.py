"""Baggage declarations as the store holds them, read for targeting: which were decided and
what was found, the bags of given crossings and days with their latest screening, and
each managing company's record of seizures.

Training (:mod:`.training`) and the ordered queue (:mod:`.queue`) read bags the same
way, so a model scores a queued bag from the same columns it was trained on.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Set
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, or_, select

from borderwatch.model.decision import Outcome
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict
from borderwatch.store.decision_rows import decisions
from borderwatch.store.declaration_rows import declarations as declaration_rows
from borderwatch.store.declaration_rows import latest_screening_ids
from borderwatch.store.inspection import outcomes_with_verdicts
from borderwatch.store.screenings import screenings
from borderwatch.targeting.baggage_history import CompanyHistory, PastOutcome
from borderwatch.targeting.screening_signals import ScreeningSignals

__all__ = ["StoredBags", "bags_around", "company_history", "decided_bags"]


def decided_bags(conn: Connection, crossing: str | None) -> dict[int, tuple[str, dt.date, bool]]:
    """Decided baggage declarations by stored id: (crossing, date, something seized)."""
    found: dict[int, tuple[str, dt.date, bool]] = {}
    for o in outcomes_with_verdicts(conn, crossing=crossing):
        if o.channel != "baggage":
            continue
        before = found.get(o.declaration, (o.crossing, o.date, False))
        found[o.declaration] = (o.crossing, o.date, before[2] or o.outcome is Outcome.SEIZED)
    return found


@dataclass(frozen=True)
class StoredBags:
    """Stored baggage declarations in date order, with what screening last said of each."""

    ids: tuple[int, ...]
    declarations: tuple[Declaration, ...]
    signals: ScreeningSignals


def bags_around(conn: Connection, days: Mapping[str, Set[dt.date]]) -> StoredBags:
    """Every baggage declaration stored for these crossings on these days."""
    rows = declaration_rows.c
    latest = latest_screening_ids()
    around = conn.execute(
        select(rows.id, rows.declaration, screenings.c.result)
        .join(latest, latest.c.declaration == rows.id)
        .join(screenings, screenings.c.id == latest.c.screening)
        .where(
            rows.channel == "baggage",
            or_(*(and_(rows.crossing == c, rows.date.in_(sorted(d))) for c, d in days.items())),
        )
        .order_by(rows.date, rows.id)
    ).all()
    return StoredBags(
        tuple(row.id for row in around),
        tuple(Declaration.model_validate_json(row.declaration) for row in around),
        ScreeningSignals.of([DeclarationVerdict.model_validate_json(r.result) for r in around]),
    )


def _employers(conn: Connection, ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(
            select(declaration_rows.c.id, declaration_rows.c.declaration).where(
                declaration_rows.c.id.in_(chunk)
            )
        )
        for row in rows:
            traveller = Declaration.model_validate_json(row.declaration).traveller
            if traveller is not None and traveller.employer:
                found[row.id] = traveller.employer
    return found


_cache_lock = threading.Lock()
_cached: dict[tuple[str, str], tuple[int, CompanyHistory]] = {}


def company_history(conn: Connection, crossing: str) -> CompanyHistory:
    """Every decided bag of a company's workers at ``crossing``: read again only when a
    decision has been recorded since (the queue asks on every page)."""
    newest = int(conn.execute(select(func.coalesce(func.max(decisions.c.id), 0))).scalar_one())
    key = (conn.engine.url.render_as_string(hide_password=True), crossing)
    with _cache_lock:
        hit = _cached.get(key)
        if hit is not None and hit[0] == newest:
            return hit[1]
    decided = decided_bags(conn, crossing)
    employers = _employers(conn, sorted(decided))
    history = CompanyHistory.of(
        PastOutcome(employers[i], day, seized)
        for i, (_, day, seized) in decided.items()
        if i in employers
    )
    with _cache_lock:
        _cached[key] = (newest, history)
    return history
