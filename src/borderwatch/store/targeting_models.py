"""Targeting models in the store: every one trained, and which one ranks the queue.

A model is kept as the text its trainer wrote (opaque here: the store sits
below :mod:`borderwatch.targeting`, which reads it), named by its SHA-256,
with a summary of what it was trained on and how it compared with the model
in use when it was trained. The model in use is the one chosen last
(``chosen_at``); choosing one, and adding one, are audited in the same
transaction, so the audit log holds every change of model even when an older
model is chosen again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, DateTime, Integer, String, Table, Text, insert, select
from sqlalchemy import update as sql_update

from borderwatch.errors import InputError
from borderwatch.store import audit
from borderwatch.store.database import as_utc, metadata

__all__ = [
    "StoredModel",
    "add_model",
    "choose_model",
    "current_model",
    "list_models",
    "model_content",
    "targeting_models",
]

targeting_models = Table(
    "targeting_models",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("content", Text, nullable=False),
    Column("trained_at", DateTime(timezone=True), nullable=False),
    Column("trained_by", String(200), nullable=False),
    Column("summary", Text, nullable=False),
    Column("chosen_at", DateTime(timezone=True), nullable=True, index=True),
    Column("chosen_by", String(200), nullable=True),
    # which declarations it ranks: each channel has its own model in use
    Column("channel", String(8), nullable=False, server_default="baggage"),
)


@dataclass(frozen=True)
class StoredModel:
    """A stored model without its content: who trained it, on what, and whether in use."""

    id: int
    content_hash: str
    trained_at: dt.datetime
    trained_by: str
    summary: dict[str, Any]
    chosen_at: dt.datetime | None
    current: bool  # the one in use for its channel
    channel: str = "baggage"


_SUMMARY = (
    targeting_models.c.id,
    targeting_models.c.content_hash,
    targeting_models.c.trained_at,
    targeting_models.c.trained_by,
    targeting_models.c.summary,
    targeting_models.c.chosen_at,
    targeting_models.c.channel,
)


def _current_id(conn: Connection, channel: str) -> int | None:
    return conn.execute(
        select(targeting_models.c.id)
        .where(targeting_models.c.chosen_at.is_not(None), targeting_models.c.channel == channel)
        .order_by(targeting_models.c.chosen_at.desc(), targeting_models.c.id.desc())
        .limit(1)
    ).scalar()


def _stored(row: Any, current: int | None) -> StoredModel:
    return StoredModel(
        row.id,
        row.content_hash,
        as_utc(row.trained_at),
        row.trained_by,
        json.loads(row.summary),
        as_utc(row.chosen_at) if row.chosen_at is not None else None,
        row.id == current,
        row.channel,
    )


def add_model(
    conn: Connection,
    content: str,
    summary: dict[str, Any],
    actor: str,
    channel: str = "baggage",
) -> StoredModel:
    """Keep a trained model of ``channel`` (once: the same content again returns the stored
    one), not yet in use; appends ``targeting.model.add``."""
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    found = conn.execute(select(*_SUMMARY).where(targeting_models.c.content_hash == digest)).first()
    if found is not None:
        return _stored(found, _current_id(conn, found.channel))
    ident = conn.execute(
        insert(targeting_models)
        .values(
            content_hash=digest,
            content=content,
            trained_at=dt.datetime.now(dt.UTC),
            trained_by=actor[:200],
            summary=json.dumps(summary, sort_keys=True),
            channel=channel,
        )
        .returning(targeting_models.c.id)
    ).scalar_one()
    audit.append(conn, actor, "targeting.model.add", f"targeting-model:{ident}", summary)
    row = conn.execute(select(*_SUMMARY).where(targeting_models.c.id == ident)).one()
    return _stored(row, _current_id(conn, channel))


def choose_model(conn: Connection, ident: int, actor: str, reason: str) -> StoredModel:
    """Put model ``ident`` in use for its channel from now; appends ``targeting.model.use``
    with ``reason``."""
    if (
        conn.execute(select(targeting_models.c.id).where(targeting_models.c.id == ident)).first()
        is None
    ):
        raise InputError(f"no targeting model {ident}; `borderwatch targeting history` lists them.")
    conn.execute(
        sql_update(targeting_models)
        .where(targeting_models.c.id == ident)
        .values(chosen_at=dt.datetime.now(dt.UTC), chosen_by=actor[:200])
    )
    detail = {"reason": reason}
    audit.append(conn, actor, "targeting.model.use", f"targeting-model:{ident}", detail)
    row = conn.execute(select(*_SUMMARY).where(targeting_models.c.id == ident)).one()
    return _stored(row, ident)


def current_model(conn: Connection, channel: str = "baggage") -> StoredModel | None:
    """The model in use for ``channel``, if one was ever chosen."""
    ident = _current_id(conn, channel)
    if ident is None:
        return None
    row = conn.execute(select(*_SUMMARY).where(targeting_models.c.id == ident)).one()
    return _stored(row, ident)


def model_content(conn: Connection, ident: int) -> str:
    """The text of stored model ``ident``."""
    return str(
        conn.execute(
            select(targeting_models.c.content).where(targeting_models.c.id == ident)
        ).scalar_one()
    )


def list_models(conn: Connection) -> list[StoredModel]:
    """Every stored model, oldest first."""
    current = {c: _current_id(conn, c) for c in ("baggage", "cargo")}
    rows = conn.execute(select(*_SUMMARY).order_by(targeting_models.c.id))
    return [_stored(row, current.get(row.channel)) for row in rows]
