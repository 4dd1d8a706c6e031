"""Sanctions list snapshots in the store: what was loaded, from where, when.

A snapshot is identified by the SHA-256 of the file it was read from, so
loading the same file twice keeps one copy. Entries are kept as JSON beside
their reference number and name, so every version stays readable as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
)

from borderwatch.errors import StoreError
from borderwatch.parties.entries import ListEntry, ListSnapshot
from borderwatch.store.database import metadata

__all__ = ["StoredSnapshot", "latest_snapshots", "save_snapshot", "stored_snapshots"]

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


@dataclass(frozen=True)
class StoredSnapshot:
    """A row of the snapshot table, without its entries."""

    label: str
    source: str
    format: str
    generated: str | None
    content_hash: str
    loaded_at: dt.datetime
    entry_count: int


def save_snapshot(engine: Engine, snapshot: ListSnapshot) -> bool:
    """Store ``snapshot`` with its entries; False when the same file was already stored."""
    with engine.begin() as conn:
        exists = conn.execute(
            select(list_snapshots.c.id).where(
                list_snapshots.c.content_hash == snapshot.content_hash
            )
        ).first()
        if exists is not None:
            return False
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
            raise StoreError(
                f"the store gave no id for snapshot {snapshot.label}; check the database."
            )
        snapshot_id = inserted[0]
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
    return True


def stored_snapshots(engine: Engine) -> list[StoredSnapshot]:
    """Every stored snapshot, oldest load first."""
    with engine.connect() as conn:
        rows = conn.execute(select(list_snapshots).order_by(list_snapshots.c.id)).all()
    return [
        StoredSnapshot(
            label=r.label,
            source=r.source,
            format=r.format,
            generated=r.generated,
            content_hash=r.content_hash,
            loaded_at=r.loaded_at,
            entry_count=r.entry_count,
        )
        for r in rows
    ]


def latest_snapshots(engine: Engine) -> list[ListSnapshot]:
    """The most recently loaded snapshot of each source, with its entries."""
    with engine.connect() as conn:
        rows = conn.execute(select(list_snapshots).order_by(list_snapshots.c.id)).all()
        latest = {r.source: r for r in rows}
        snapshots = []
        for row in latest.values():
            data = conn.execute(
                select(list_entries.c.data)
                .where(list_entries.c.snapshot_id == row.id)
                .order_by(list_entries.c.id)
            ).scalars()
            snapshots.append(
                ListSnapshot(
                    source=row.source,
                    format=row.format,
                    generated=row.generated,
                    content_hash=row.content_hash,
                    entries=tuple(ListEntry.from_dict(json.loads(d)) for d in data),
                )
            )
    return snapshots


def snapshots_by_hash(engine: Engine, hashes: tuple[str, ...]) -> list[ListSnapshot]:
    """The stored snapshots with these content hashes (those still stored), with entries."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(list_snapshots).where(list_snapshots.c.content_hash.in_(hashes))
        ).all()
        found = []
        for row in rows:
            data = conn.execute(
                select(list_entries.c.data)
                .where(list_entries.c.snapshot_id == row.id)
                .order_by(list_entries.c.id)
            ).scalars()
            found.append(
                ListSnapshot(
                    source=row.source,
                    format=row.format,
                    generated=row.generated,
                    content_hash=row.content_hash,
                    entries=tuple(ListEntry.from_dict(json.loads(d)) for d in data),
                )
            )
    return found
