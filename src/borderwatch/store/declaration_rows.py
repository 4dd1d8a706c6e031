"""The stored declarations and their items, and reading them back.

A row of ``declarations`` is one submitted declaration (see
:mod:`borderwatch.store.declarations` for how it gets there), with the
declaration as JSON and the columns queues and reports select on;
``declaration_items`` holds its items one row each, for queries and for
learning targeting later. A declaration's verdict is that of its latest
screening (``screenings.stored_declaration_id``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (
    CheckConstraint,
    Column,
    ColumnElement,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Subquery,
    Table,
    Text,
    UniqueConstraint,
    func,
    select,
)

from borderwatch.errors import NotFoundError
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict
from borderwatch.store.database import as_utc, metadata
from borderwatch.store.screenings import screenings

__all__ = [
    "StoredDeclaration",
    "declaration_items",
    "declarations",
    "find_declaration",
    "latest_screening_ids",
    "stored_declaration",
]

declarations = Table(
    "declarations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(200), nullable=False),
    Column("crossing", String(200), nullable=False),
    Column("declared_id", String(200), nullable=False),
    Column("date", Date, nullable=False),
    Column("direction", String(8), nullable=False),
    Column("country", String(2), nullable=False),
    Column("channel", String(8), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("declaration", Text, nullable=False),
    UniqueConstraint("crossing", "client_id", name="uq_declarations_crossing_client_id"),
    CheckConstraint("direction IN ('export', 'import')", name="ck_declarations_direction"),
    CheckConstraint("channel IN ('cargo', 'baggage')", name="ck_declarations_channel"),
    Index("ix_declarations_crossing_received_at", "crossing", "received_at"),
)

#: one row per item; amounts are exact decimal text (SQLite has no exact decimal type)
declaration_items = Table(
    "declaration_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "declaration_id",
        Integer,
        ForeignKey("declarations.id", name="fk_declaration_items_declaration_id"),
        nullable=False,
    ),
    Column("item_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("declared_hs", String(64), nullable=True),
    Column("hs", String(6), nullable=True, index=True),
    Column("hs_version", Integer, nullable=True),
    Column("description", Text, nullable=False),
    Column("quantity", String(64), nullable=False),
    Column("unit", Text, nullable=True),
    Column("unit_value", String(64), nullable=True),
    Column("currency", String(3), nullable=True),
    Column("origin", String(2), nullable=True),
    UniqueConstraint("declaration_id", "item_id", name="uq_declaration_items_item"),
    UniqueConstraint("declaration_id", "position", name="uq_declaration_items_position"),
)


@dataclass(frozen=True)
class StoredDeclaration:
    """A declaration as stored: its row id, who sent it, and its latest screening."""

    id: int
    client_id: str
    crossing: str
    received_at: dt.datetime
    submitted_by: str
    declaration: Declaration
    screening: int
    result: DeclarationVerdict


def latest_screening_ids() -> Subquery:
    """A subquery: the id of the latest screening of each stored declaration."""
    return (
        select(
            screenings.c.stored_declaration_id.label("declaration"),
            func.max(screenings.c.id).label("screening"),
        )
        .where(screenings.c.stored_declaration_id.is_not(None))
        .group_by(screenings.c.stored_declaration_id)
        .subquery("latest_screening")
    )


def _read(conn: Connection, *conditions: ColumnElement[bool]) -> StoredDeclaration | None:
    """The one declaration ``conditions`` pick (by id, or crossing and client id), with its
    latest screening. Two look-ups, each through its own index: in one joined query
    ordered by screening and limited to one row, PostgreSQL walked the screenings from
    the newest down looking for the declaration, every screening stored for a client id
    not yet stored (each new submission's look-up)."""
    row = conn.execute(select(declarations).where(*conditions)).one_or_none()
    if row is None:
        return None
    latest = conn.execute(
        select(screenings.c.id, screenings.c.result)
        .where(screenings.c.stored_declaration_id == row.id)
        .order_by(screenings.c.id.desc())
        .limit(1)
    ).one_or_none()
    if latest is None:
        return None  # never stored without its screening: the two are written together
    return StoredDeclaration(
        id=row.id,
        client_id=row.client_id,
        crossing=row.crossing,
        received_at=as_utc(row.received_at),
        submitted_by=row.submitted_by,
        declaration=Declaration.model_validate_json(row.declaration),
        screening=latest.id,
        result=DeclarationVerdict.model_validate_json(latest.result),
    )


def stored_declaration(conn: Connection, declaration: int) -> StoredDeclaration:
    """The stored declaration with row id ``declaration``."""
    found = _read(conn, declarations.c.id == declaration)
    if found is None:
        raise NotFoundError(f"no stored declaration has id {declaration}")
    return found


def find_declaration(conn: Connection, crossing: str, client_id: str) -> StoredDeclaration | None:
    """The declaration submitted at ``crossing`` under ``client_id``, if any."""
    return _read(
        conn,
        declarations.c.crossing == crossing.lower(),
        declarations.c.client_id == client_id.strip(),
    )
