"""Loading a list snapshot and making it current, unless it would quietly drop listings.

A well-formed file with no entries, or far fewer than the current snapshot of
its source, most often means a truncated download or the wrong file; letting
it become current would turn listed parties into clear ones. Such a load is
refused unless forced, and every change of the current snapshot is recorded
(see :mod:`borderwatch.store.list_selections`) and appended to the audit log
(``list.load``, in the same transaction).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from borderwatch.errors import InputError
from borderwatch.parties.changes import EntryChange, diff_entries
from borderwatch.parties.entries import ListSnapshot
from borderwatch.settings import get_settings
from borderwatch.store import audit
from borderwatch.store.list_history import record_changes
from borderwatch.store.list_selections import record_selection, snapshot_by_id
from borderwatch.store.list_snapshots import (
    StoredSnapshot,
    current_ids,
    insert_snapshot,
    list_snapshots,
    with_entries,
)

__all__ = ["LoadOutcome", "load_snapshot", "shrink_problem"]


@dataclass(frozen=True)
class LoadOutcome:
    """What loading did: ``state`` is 'stored' (a new file), 'reloaded' (a stored file made
    current again) or 'unchanged' (already stored and current); ``reason`` is the recorded
    selection reason, None when nothing changed; ``replaced`` was current before."""

    snapshot: StoredSnapshot
    state: str
    reason: str | None
    replaced: StoredSnapshot | None
    #: what a new snapshot changed against the one it replaced (None: nothing to compare)
    changes: tuple[EntryChange, ...] | None = None


def shrink_problem(source: str, current: int | None, new: int, limit: float) -> str | None:
    """Why a snapshot of ``new`` entries must not replace one of ``current`` (None when no
    snapshot is current), or None when it may; ``limit`` is the largest share it may shrink."""
    if current is None:
        if new == 0:
            return (
                f"{source} has no entries; as the first list of that source it would name "
                "nobody; check the file, or pass --force"
            )
        return None
    if new == 0 or new < (1 - limit) * current:
        shrink = (current - new) / current if current else 0.0
        return (
            f"would shrink {source} from {current:,} to {new:,} entries ({shrink:.0%}); "
            f"the limit is {limit:.0%}; check the file, or pass --force"
        )
    return None


def _check_limit(limit: float) -> float:
    if not 0.0 <= limit <= 1.0:
        raise InputError(
            f"list shrink limit {limit!r} is not a share between 0 and 1. Give e.g. 0.2 "
            "(--max-shrink or BORDERWATCH_LIST_SHRINK_LIMIT) to refuse losing over 20% of entries."
        )
    return limit


def load_snapshot(
    engine: Engine,
    snapshot: ListSnapshot,
    *,
    max_shrink: float | None = None,
    force: bool = False,
    note: str | None = None,
    actor: str,
) -> LoadOutcome:
    """Store ``snapshot`` if new and make it the current snapshot of its source.

    Refused with :class:`InputError` when it has no entries or fewer than
    ``(1 - max_shrink)`` times the entries of the current snapshot (default
    limit: the ``BORDERWATCH_LIST_SHRINK_LIMIT`` setting), unless ``force``,
    which is recorded as the reason. A file already stored becomes current
    again ('reloaded') after the same check. A change of the current snapshot
    is audited as ``list.load`` by ``actor`` (e.g. ``cli:<os user>``).
    """
    limit = _check_limit(get_settings().list_shrink_limit if max_shrink is None else max_shrink)
    changes: tuple[EntryChange, ...] | None = None
    with engine.begin() as conn:
        existing = conn.execute(
            select(list_snapshots).where(list_snapshots.c.content_hash == snapshot.content_hash)
        ).first()
        source = existing.source if existing is not None else snapshot.source
        current_id = current_ids(conn).get(source)
        if existing is not None and existing.id == current_id:
            snapshot_id, state, reason = existing.id, "unchanged", None
        else:
            current = None
            if current_id is not None:
                current = conn.execute(
                    select(list_snapshots.c.entry_count).where(list_snapshots.c.id == current_id)
                ).scalar_one()
            problem = shrink_problem(source, current, len(snapshot.entries), limit)
            if problem and not force:
                raise InputError(f"{snapshot.label} not loaded: {problem}.")
            if existing is not None:
                snapshot_id, state = existing.id, "reloaded"
            else:
                snapshot_id, state = insert_snapshot(conn, snapshot), "stored"
                if current_id is not None:
                    changes = tuple(_compare(conn, current_id, snapshot))
                    record_changes(conn, snapshot_id, current_id, list(changes))
            reason = "forced" if problem else ("reloaded" if existing is not None else "loaded")
            record_selection(conn, snapshot_id=snapshot_id, source=source, reason=reason, note=note)
            audit.append(
                conn,
                actor,
                "list.load",
                existing.label if existing is not None else snapshot.label,
                {
                    "source": source,
                    "content_hash": snapshot.content_hash,
                    "entries": len(snapshot.entries),
                    "reason": reason,
                    "problem": problem,
                    "snapshot_id": snapshot_id,
                    "replaced_snapshot_id": current_id,
                    "note": note,
                },
            )
    replaced = None
    if state != "unchanged" and current_id is not None:
        replaced = snapshot_by_id(engine, current_id)
    return LoadOutcome(snapshot_by_id(engine, snapshot_id), state, reason, replaced, changes)


def _compare(conn: Connection, previous_id: int, snapshot: ListSnapshot) -> list[EntryChange]:
    """What ``snapshot`` changes against the stored snapshot ``previous_id``."""
    row = conn.execute(select(list_snapshots).where(list_snapshots.c.id == previous_id)).one()
    return diff_entries(with_entries(conn, row).entries, snapshot.entries)
