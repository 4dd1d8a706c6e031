"""Baggage declarations as the store holds them, read for targeting: which were decided and
what was found, the bags of given crossings and days with their latest screening, each
managing company's record of seizures, and each crossing's traffic for the displacement
signals.

Training (:mod:`.training`) and the ordered queue (:mod:`.queue`) read bags the same
way, so a model scores a queued bag from the same columns it was trained on.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, TypeVar, cast

from sqlalchemy import Connection, Table, and_, func, or_, select

from borderwatch.model.decision import Outcome
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict
from borderwatch.store.decision_rows import decisions
from borderwatch.store.declaration_rows import declaration_items, latest_screening_ids
from borderwatch.store.declaration_rows import declarations as declaration_rows
from borderwatch.store.inspection import outcomes_with_verdicts
from borderwatch.store.screenings import screenings
from borderwatch.targeting.baggage_features import BaggageFeatures, notable_line
from borderwatch.targeting.baggage_history import CompanyHistory, PastOutcome
from borderwatch.targeting.cargo_features import CargoOutcome, TraderHistory, cargo_features
from borderwatch.targeting.crossing_history import CrossingBag, CrossingHistory, CrossingOutcome
from borderwatch.targeting.screening_signals import ScreeningSignals, described

__all__ = [
    "CHANNELS",
    "Channel",
    "StoredBags",
    "bags_around",
    "company_history",
    "crossing_history",
    "decided_bags",
    "stored_features",
    "trader_history",
]

T = TypeVar("T")
Channel = Literal["baggage", "cargo"]
CHANNELS: tuple[Channel, ...] = ("baggage", "cargo")


_cache_lock = threading.Lock()
_cached: dict[tuple[str, str, str | None], tuple[tuple[int, ...], object]] = {}


def _newest(conn: Connection, tables: tuple[Table, ...]) -> tuple[int, ...]:
    """The newest row id of each table: a history read since is still current."""
    return tuple(
        int(conn.execute(select(func.coalesce(func.max(t.c.id), 0))).scalar_one()) for t in tables
    )


def _cached_read(
    conn: Connection,
    kind: str,
    crossing: str | None,
    read: Callable[[], T],
    *,
    tables: tuple[Table, ...],
) -> T:
    """``read()`` once per store, ``kind`` and crossing until a row is added to one of
    ``tables`` (the queue asks on every page)."""
    newest = _newest(conn, tables)
    key = (conn.engine.url.render_as_string(hide_password=True), kind, crossing)
    with _cache_lock:
        hit = _cached.get(key)
        if hit is not None and hit[0] == newest:
            return cast(T, hit[1])
    value = read()
    with _cache_lock:
        _cached[key] = (newest, value)
    return value


def decided_bags(
    conn: Connection, crossing: str | None, channel: Channel = "baggage"
) -> Mapping[int, tuple[str, dt.date, bool]]:
    """Decided declarations of ``channel`` (baggage, or cargo) by stored id: (crossing, date,
    something seized). Read once until a decision is recorded: the companies' and the
    crossings' records and training all start from it."""

    def read() -> Mapping[int, tuple[str, dt.date, bool]]:
        found: dict[int, tuple[str, dt.date, bool]] = {}
        for o in outcomes_with_verdicts(conn, crossing=crossing):
            if o.channel != channel:
                continue
            before = found.get(o.declaration, (o.crossing, o.date, False))
            found[o.declaration] = (o.crossing, o.date, before[2] or o.outcome is Outcome.SEIZED)
        return MappingProxyType(found)

    return _cached_read(conn, f"decided {channel}", crossing, read, tables=(decisions,))


@dataclass(frozen=True)
class StoredBags:
    """Stored declarations of one channel in date order, with what screening last said of
    each."""

    ids: tuple[int, ...]
    declarations: tuple[Declaration, ...]
    signals: ScreeningSignals


def bags_around(
    conn: Connection, days: Mapping[str, Set[dt.date]], channel: Channel = "baggage"
) -> StoredBags:
    """Every declaration of ``channel`` stored for these crossings on these days."""
    rows = declaration_rows.c
    latest = latest_screening_ids()
    around = conn.execute(
        select(rows.id, rows.declaration, screenings.c.result)
        .join(latest, latest.c.declaration == rows.id)
        .join(screenings, screenings.c.id == latest.c.screening)
        .where(
            rows.channel == channel,
            or_(*(and_(rows.crossing == c, rows.date.in_(sorted(d))) for c, d in days.items())),
        )
        .order_by(rows.date, rows.id)
    ).all()
    return StoredBags(
        tuple(row.id for row in around),
        tuple(Declaration.model_validate_json(row.declaration) for row in around),
        ScreeningSignals.of([DeclarationVerdict.model_validate_json(r.result) for r in around]),
    )


def _parsed(conn: Connection, ids: list[int]) -> Iterator[tuple[int, Declaration]]:
    """The stored declarations ``ids`` read back, a few hundred at a time."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(
            select(declaration_rows.c.id, declaration_rows.c.declaration).where(
                declaration_rows.c.id.in_(chunk)
            )
        )
        for row in rows:
            yield row.id, Declaration.model_validate_json(row.declaration)


def _employers(conn: Connection, ids: list[int]) -> dict[int, str]:
    return {
        i: d.traveller.employer
        for i, d in _parsed(conn, ids)
        if d.traveller is not None and d.traveller.employer
    }


def company_history(conn: Connection) -> CompanyHistory:
    """Every decided bag of a company's workers, at any crossing: a company that moved its
    buses to another crossing brings its record along."""

    def read() -> CompanyHistory:
        decided = decided_bags(conn, None)
        employers = _employers(conn, sorted(decided))
        return CompanyHistory.of(
            PastOutcome(employers[i], day, seized)
            for i, (_, day, seized) in decided.items()
            if i in employers
        )

    return _cached_read(conn, "companies", None, read, tables=(decisions,))


def crossing_history(conn: Connection, crossing: str | None) -> CrossingHistory:
    """Every baggage declaration stored at ``crossing`` (or anywhere), notable or not, and
    every decided one, for the displacement signals."""

    def read() -> CrossingHistory:
        rows, items = declaration_rows.c, declaration_items.c
        query = (
            select(rows.id, rows.crossing, rows.date, items.hs, items.quantity, items.unit_value)
            .join(declaration_items, items.declaration_id == rows.id)
            .where(rows.channel == "baggage")
        )
        if crossing is not None:
            query = query.where(rows.crossing == crossing)
        bags: dict[int, tuple[str, dt.date, bool]] = {}
        for r in conn.execute(query):
            unit = Decimal(r.unit_value) if r.unit_value is not None else None
            notable = notable_line(r.hs, Decimal(r.quantity), unit)
            place, day, before = bags.get(r.id, (r.crossing, r.date, False))
            bags[r.id] = (place, day, before or notable)
        return CrossingHistory.of(
            (CrossingBag(*bag) for bag in bags.values()),
            (CrossingOutcome(*o) for o in decided_bags(conn, crossing).values()),
        )

    return _cached_read(conn, "crossings", crossing, read, tables=(declaration_rows, decisions))


def trader_history(conn: Connection) -> tuple[TraderHistory, CrossingHistory]:
    """Every decided cargo declaration, at any crossing: the consignors', consignees' and
    HS codes' records, and each crossing's recent cargo seizures."""

    def read() -> tuple[TraderHistory, CrossingHistory]:
        decided = decided_bags(conn, None, "cargo")
        outcomes = [CargoOutcome(d, decided[i][2]) for i, d in _parsed(conn, sorted(decided))]
        return TraderHistory.of(outcomes), CrossingHistory.of(
            [], (CrossingOutcome(*o) for o in decided.values())
        )

    return _cached_read(conn, "traders", None, read, tables=(decisions,))


def stored_features(
    conn: Connection, around: StoredBags, channel: Channel, crossing: str | None
) -> BaggageFeatures:
    """The features a model of ``channel`` reads for stored declarations, with the records
    of the store: what training learns from and the queue scores with."""
    if channel == "cargo":
        traders, cargo_crossings = trader_history(conn)
        return cargo_features(around.declarations, traders, cargo_crossings, around.signals)
    return described(
        around.declarations,
        company_history(conn),
        around.signals,
        crossing_history(conn, crossing),
    )
