"""What the store remembers about a list's versions: how each URL was last fetched, and
what each new snapshot changed.

``list_downloads`` keeps, per source URL, the ``ETag`` and ``Last-Modified``
the server gave with the file last loaded, so the next ``lists load`` of
that URL asks "changed since?" and a ``304 Not Modified`` costs no download
and makes no snapshot. ``list_changes`` keeps, for every snapshot stored
while another of its source was current, the entries added, removed and
amended (with the fields that differ), for ``lists load`` to show and
``lists changes`` to show again later.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

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
    delete,
    insert,
    select,
)

from borderwatch.parties.changes import CHANGE_KINDS, EntryChange
from borderwatch.store.database import metadata

__all__ = [
    "ListValidators",
    "changes_of",
    "list_changes",
    "list_downloads",
    "record_changes",
    "remember_download",
    "validators_for",
]

#: the kind of the one row a comparison that found no change leaves
_NONE = "none"

list_downloads = Table(
    "list_downloads",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("content_hash", String(64), nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
)

list_changes = Table(
    "list_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "snapshot_id",
        ForeignKey("list_snapshots.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("previous_id", ForeignKey("list_snapshots.id", ondelete="CASCADE"), nullable=False),
    Column("ref", String(200), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("fields", Text, nullable=False),
    CheckConstraint(
        "kind IN ({})".format(", ".join(f"'{k}'" for k in (*CHANGE_KINDS, _NONE))),
        name="ck_list_changes_kind",
    ),
)


@dataclass(frozen=True)
class ListValidators:
    """What the server said about the file last loaded from a URL, and when it was fetched."""

    etag: str | None
    last_modified: str | None
    content_hash: str
    fetched_at: dt.datetime


def validators_for(engine: Engine, url: str) -> ListValidators | None:
    """The validators remembered for ``url``, None when it was never loaded."""
    with engine.connect() as conn:
        row = conn.execute(select(list_downloads).where(list_downloads.c.url == url)).first()
    if row is None:
        return None
    return ListValidators(row.etag, row.last_modified, row.content_hash, row.fetched_at)


def remember_download(
    engine: Engine, url: str, *, etag: str | None, last_modified: str | None, content_hash: str
) -> None:
    """Keep the validators of the file just loaded from ``url`` (replacing earlier ones)."""
    with engine.begin() as conn:
        conn.execute(delete(list_downloads).where(list_downloads.c.url == url))
        conn.execute(
            insert(list_downloads).values(
                url=url,
                etag=etag,
                last_modified=last_modified,
                content_hash=content_hash,
                fetched_at=dt.datetime.now(dt.UTC),
            )
        )


def record_changes(
    conn: Connection, snapshot_id: int, previous_id: int, changes: list[EntryChange]
) -> None:
    """Keep what snapshot ``snapshot_id`` changed against ``previous_id``."""
    rows = [
        {
            "snapshot_id": snapshot_id,
            "previous_id": previous_id,
            "ref": c.ref,
            "name": c.name,
            "kind": c.kind,
            "fields": json.dumps(list(c.fields)),
        }
        for c in changes
    ] or [  # compared and found nothing: one row says so
        {"snapshot_id": snapshot_id, "previous_id": previous_id, "ref": "", "name": "",
         "kind": _NONE, "fields": "[]"}
    ]  # fmt: skip
    conn.execute(insert(list_changes), rows)


def changes_of(engine: Engine, snapshot_id: int) -> tuple[int | None, list[EntryChange]]:
    """The snapshot ``snapshot_id`` was compared with (None when with none) and its changes."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(list_changes)
            .where(list_changes.c.snapshot_id == snapshot_id)
            .order_by(list_changes.c.id)
        ).all()
    if not rows:
        return None, []
    changes = [
        EntryChange(r.ref, r.name, r.kind, tuple(json.loads(r.fields)))
        for r in rows
        if r.kind != _NONE
    ]
    return rows[0].previous_id, changes
