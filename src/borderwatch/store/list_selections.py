"""Which snapshot of each list source screening uses, and every change of it.

The current snapshot of a source is the one named by its latest
``list_selections`` row. Rows are only ever added: 'loaded' (a new file
passed the checks), 'forced' (a file that failed them, loaded anyway),
'reloaded' (a file already stored, made current again) and 'rollback' (an
earlier snapshot chosen by hand).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from borderwatch.errors import InputError, NotFoundError
from borderwatch.parties.entries import ListSnapshot
from borderwatch.store import audit
from borderwatch.store.list_snapshots import (
    SELECTION_REASONS,
    StoredSnapshot,
    current_ids,
    list_selections,
    list_snapshots,
    stored,
    with_entries,
)

__all__ = [
    "Selection",
    "current_snapshot_hashes",
    "current_snapshots",
    "find_snapshot",
    "select_snapshot",
    "selection_history",
    "snapshot_by_id",
    "snapshots_by_hash",
]

MIN_PREFIX = 8
_HEX = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True)
class Selection:
    """One change of the current snapshot of a source."""

    source: str
    snapshot: StoredSnapshot
    chosen_at: dt.datetime
    reason: str
    note: str | None


def current_snapshots(engine: Engine) -> list[ListSnapshot]:
    """The current snapshot of each source with its entries, in source order."""
    with engine.connect() as conn:
        ids = current_ids(conn)
        rows = conn.execute(select(list_snapshots).where(list_snapshots.c.id.in_(ids.values())))
        return [with_entries(conn, r) for r in sorted(rows, key=lambda r: r.source)]


def current_snapshot_hashes(engine: Engine) -> tuple[str, ...]:
    """The content hashes of the current snapshots, sorted: what a screening's lists were."""
    with engine.connect() as conn:
        ids = current_ids(conn).values()
        hashes = conn.execute(
            select(list_snapshots.c.content_hash).where(list_snapshots.c.id.in_(ids))
        ).scalars()
        return tuple(sorted(hashes))


def snapshots_by_hash(engine: Engine, hashes: Iterable[str]) -> list[ListSnapshot]:
    """The snapshots with exactly these content hashes, in the order given, with entries.

    For screening again against the lists a stored screening used, whatever
    is current now. Raises :class:`NotFoundError` naming any hash not stored.
    """
    wanted = list(hashes)
    with engine.connect() as conn:
        rows = {
            r.content_hash: r
            for r in conn.execute(
                select(list_snapshots).where(list_snapshots.c.content_hash.in_(wanted))
            )
        }
        missing = [h for h in wanted if h not in rows]
        if missing:
            raise NotFoundError(
                f"list snapshot(s) {', '.join(h[:12] for h in missing)} not in the store. "
                "Load the list files with those content hashes again (borderwatch lists load "
                "FILE), or screen against the current lists."
            )
        return [with_entries(conn, rows[h]) for h in wanted]


def _matching_rows(conn: Connection, ref: str, by_id: bool) -> list[Any]:
    ref = ref.strip().lower().rsplit(":", 1)[-1]  # a label ends in the hash's first 12 digits
    rows: list[Any] = []
    if not by_id and _HEX.fullmatch(ref) and len(ref) >= MIN_PREFIX:
        rows = list(
            conn.execute(
                select(list_snapshots).where(list_snapshots.c.content_hash.startswith(ref))
            )
        )
    if not rows and ref.isdigit():
        rows = list(conn.execute(select(list_snapshots).where(list_snapshots.c.id == int(ref))))
    return rows


def find_snapshot(engine: Engine, ref: str, *, by_id: bool = False) -> StoredSnapshot:
    """The stored snapshot named by ``ref``: its content hash, a unique prefix of the hash
    of at least 8 hex digits, its label, or its numeric id (tried after the hash; only the
    id when ``by_id``)."""
    with engine.connect() as conn:
        rows = _matching_rows(conn, ref, by_id)
        current = set(current_ids(conn).values())
    if not rows:
        raise NotFoundError(
            f"no stored list snapshot is {ref!r}. Give its id, or at least "
            f"{MIN_PREFIX} digits of its content hash, as shown by: borderwatch lists show"
        )
    if len(rows) > 1:
        labels = ", ".join(r.label for r in rows)
        raise InputError(
            f"{ref!r} names {len(rows)} snapshots ({labels}). Give more digits of the hash."
        )
    return stored(rows[0], rows[0].id in current)


def snapshot_by_id(engine: Engine, snapshot_id: int) -> StoredSnapshot:
    """The stored snapshot with id ``snapshot_id``."""
    return find_snapshot(engine, str(snapshot_id), by_id=True)


def record_selection(
    conn: Connection, *, snapshot_id: int, source: str, reason: str, note: str | None
) -> None:
    """Make snapshot ``snapshot_id`` current for ``source``, saying why."""
    if reason not in SELECTION_REASONS:
        raise InputError(
            f"selection reason {reason!r} is not one of {', '.join(SELECTION_REASONS)}."
        )
    conn.execute(
        insert(list_selections).values(
            source=source,
            snapshot_id=snapshot_id,
            chosen_at=dt.datetime.now(dt.UTC),
            reason=reason,
            note=note,
        )
    )


def select_snapshot(
    engine: Engine, ref: str, *, reason: str = "rollback", note: str | None = None, actor: str
) -> StoredSnapshot:
    """Make the snapshot named by ``ref`` (see :func:`find_snapshot`) current for its
    source, recorded with ``reason`` and ``note`` and audited as ``list.use`` by
    ``actor``; the snapshot, now current.

    No size check is made: this is how an officer goes back to a known list.
    """
    chosen = find_snapshot(engine, ref)
    with engine.begin() as conn:
        replaced = current_ids(conn).get(chosen.source)
        record_selection(
            conn, snapshot_id=chosen.id, source=chosen.source, reason=reason, note=note
        )
        detail = {
            "source": chosen.source,
            "content_hash": chosen.content_hash,
            "reason": reason,
            "snapshot_id": chosen.id,
            "replaced_snapshot_id": replaced,
            "note": note,
        }
        audit.append(conn, actor, "list.use", chosen.label, detail)
    return snapshot_by_id(engine, chosen.id)


def selection_history(engine: Engine, source: str | None = None) -> list[Selection]:
    """Every change of the current snapshot (of ``source``, or of all), oldest first."""
    chosen = list_selections.c
    query = (
        select(
            list_snapshots,
            chosen.source.label("chosen_for"),
            chosen.chosen_at,
            chosen.reason,
            chosen.note,
        )
        .join(list_snapshots, list_snapshots.c.id == chosen.snapshot_id)
        .order_by(chosen.id)
    )
    if source is not None:
        query = query.where(chosen.source == source)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        current = set(current_ids(conn).values())
    return [
        Selection(
            source=r.chosen_for,
            snapshot=stored(r, r.id in current),
            chosen_at=r.chosen_at,
            reason=r.reason,
            note=r.note,
        )
        for r in rows
    ]
