"""Sanctions list snapshots in the store: what was loaded, from where, when, and which is current.

A snapshot is identified by the SHA-256 of the file it was read from, so
loading the same file twice keeps one copy. Entries are kept as JSON beside
their reference number and name, so every version stays readable as it was.

Which snapshot of a source screening uses is not "the last one loaded" but
the latest row of ``list_selections`` for that source: every change of the
current snapshot is a row saying when and why (see
:mod:`borderwatch.store.list_selections` and :mod:`borderwatch.store.list_loading`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
)

from borderwatch.errors import StoreError
from borderwatch.parties.entries import ListEntry, ListSnapshot
from borderwatch.store.database import metadata

__all__ = [
    "SELECTION_REASONS",
    "StoredSnapshot",
    "list_entries",
    "list_selections",
    "list_snapshots",
    "save_snapshot",
    "stored_snapshots",
]

SELECTION_REASONS = ("loaded", "forced", "rollback", "reloaded")

list_snapshots = Table(
    "list_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("label", String(120), nullable=False),
    Column("source", Text, nullable=False),
    Column("format", String(20), nullable=False),
    Column("generated", String(40)),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("entry_count", Integer, nullable=False),
)

list_entries = Table(
    "list_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("snapshot_id", ForeignKey("list_snapshots.id", ondelete="CASCADE"), nullable=False),
    Column("ref", String(200), nullable=False, index=True),
    Column("schema", String(40), nullable=False),
    Column("name", Text, nullable=False),
    Column("data", Text, nullable=False),
)

list_selections = Table(
    "list_selections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False, index=True),
    Column("snapshot_id", ForeignKey("list_snapshots.id", ondelete="CASCADE"), nullable=False),
    Column("chosen_at", DateTime(timezone=True), nullable=False),
    Column("reason", String(16), nullable=False),
    Column("note", Text, nullable=True),
    CheckConstraint(
        "reason IN ({})".format(", ".join(f"'{r}'" for r in SELECTION_REASONS)),
        name="ck_list_selections_reason",
    ),
)


@dataclass(frozen=True)
class StoredSnapshot:
    """A row of the snapshot table, without its entries; ``current`` when screening uses it."""

    id: int
    label: str
    source: str
    format: str
    generated: str | None
    content_hash: str
    loaded_at: dt.datetime
    entry_count: int
    current: bool = False


def current_ids(conn: Connection) -> dict[str, int]:
    """Source → id of its current snapshot (the snapshot of its latest selection)."""
    latest = select(func.max(list_selections.c.id)).group_by(list_selections.c.source)
    rows = conn.execute(
        select(list_selections.c.source, list_selections.c.snapshot_id).where(
            list_selections.c.id.in_(latest.scalar_subquery())
        )
    )
    return {source: snapshot_id for source, snapshot_id in rows}


def stored(row: Any, current: bool = False) -> StoredSnapshot:
    """A ``list_snapshots`` row as a :class:`StoredSnapshot`."""
    return StoredSnapshot(
        id=row.id,
        label=row.label,
        source=row.source,
        format=row.format,
        generated=row.generated,
        content_hash=row.content_hash,
        loaded_at=row.loaded_at,
        entry_count=row.entry_count,
        current=current,
    )


def with_entries(conn: Connection, row: Any) -> ListSnapshot:
    """A ``list_snapshots`` row with its entries, as read from the file."""
    data = conn.execute(
        select(list_entries.c.data)
        .where(list_entries.c.snapshot_id == row.id)
        .order_by(list_entries.c.id)
    ).scalars()
    return ListSnapshot(
        source=row.source,
        format=row.format,
        generated=row.generated,
        content_hash=row.content_hash,
        entries=tuple(ListEntry.from_dict(json.loads(d)) for d in data),
    )


def insert_snapshot(conn: Connection, snapshot: ListSnapshot) -> int:
    """Store ``snapshot`` and its entries (not yet current); its new id."""
    inserted = conn.execute(
        insert(list_snapshots).values(
            content_hash=snapshot.content_hash,
            label=snapshot.label,
            source=snapshot.source,
            format=snapshot.format,
            generated=snapshot.generated,
            loaded_at=dt.datetime.now(dt.UTC),
            entry_count=len(snapshot.entries),
        )
    ).inserted_primary_key
    if inserted is None:
        raise StoreError(f"the store gave no id for snapshot {snapshot.label}; check the database.")
    snapshot_id = int(inserted[0])
    rows = [
        {
            "snapshot_id": snapshot_id,
            "ref": e.ref,
            "schema": e.schema,
            "name": e.name,
            "data": json.dumps(e.to_dict(), ensure_ascii=False),
        }
        for e in snapshot.entries
    ]
    if rows:
        conn.execute(insert(list_entries), rows)
    return snapshot_id


def save_snapshot(engine: Engine, snapshot: ListSnapshot) -> bool:
    """Store ``snapshot`` without making it current; False when the same file was already stored.

    Loading a list for screening goes through
    :func:`borderwatch.store.list_loading.load_snapshot`, which checks it and
    makes it current.
    """
    with engine.begin() as conn:
        exists = conn.execute(
            select(list_snapshots.c.id).where(
                list_snapshots.c.content_hash == snapshot.content_hash
            )
        ).first()
        if exists is not None:
            return False
        insert_snapshot(conn, snapshot)
    return True


def stored_snapshots(engine: Engine) -> list[StoredSnapshot]:
    """Every stored snapshot, oldest load first, the current one of each source marked."""
    with engine.connect() as conn:
        current = set(current_ids(conn).values())
        rows = conn.execute(select(list_snapshots).order_by(list_snapshots.c.id)).all()
    return [stored(r, r.id in current) for r in rows]
