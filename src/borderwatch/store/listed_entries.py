"""One listed entity as the store keeps it: by reference number, in a stored snapshot.

``borderwatch lists entry REF`` shows an entry in full from the current
snapshots (or from the snapshot named); the entry rows keep every field the
list reader gave, so an entry reads the same however long ago it was loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from borderwatch.errors import NotFoundError
from borderwatch.parties.entries import ListEntry
from borderwatch.store.list_selections import find_snapshot
from borderwatch.store.list_snapshots import (
    StoredSnapshot,
    current_ids,
    list_entries,
    list_snapshots,
    stored,
)

__all__ = ["ListedEntry", "entries_by_ref"]


@dataclass(frozen=True)
class ListedEntry:
    """An entry and the stored snapshot it was read from."""

    entry: ListEntry
    snapshot: StoredSnapshot


def entries_by_ref(engine: Engine, ref: str, *, snapshot: str | None = None) -> list[ListedEntry]:
    """The entries with reference ``ref`` (spaces around it and its case ignored) in the
    current snapshot of each list, or in the stored snapshot ``snapshot`` names.

    Raises :class:`NotFoundError` naming where it looked when there is none.
    """
    wanted = ref.strip().lower()
    chosen = find_snapshot(engine, snapshot) if snapshot is not None else None
    with engine.connect() as conn:
        current = set(current_ids(conn).values())
        ids = {chosen.id} if chosen is not None else current
        rows = conn.execute(
            select(list_entries.c.data, list_snapshots)
            .join(list_snapshots, list_snapshots.c.id == list_entries.c.snapshot_id)
            .where(func.lower(func.trim(list_entries.c.ref)) == wanted)
            .where(list_entries.c.snapshot_id.in_(ids))
            .order_by(list_entries.c.snapshot_id, list_entries.c.id)
        ).all()
    if not rows:
        where = f"snapshot {chosen.label}" if chosen else f"the {len(ids)} current snapshot(s)"
        raise NotFoundError(
            f"no entry {ref!r} in {where}. Check the reference (e.g. KPi.054), or find it "
            "by name: borderwatch lists search NAME"
        )
    return [
        ListedEntry(ListEntry.from_dict(json.loads(row.data)), stored(row, row.id in current))
        for row in rows
    ]
