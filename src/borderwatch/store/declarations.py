"""Submitted declarations: stored once per client id, with their items and screening.

:func:`submit` stores a declaration, its items and its screening result in
the caller's transaction, so the three commit together or not at all; it is
:func:`prepare` (checks and screening, no store) then :func:`store` (the
rows), which a service under load calls apart so that writers wait for one
another only while they write.

Idempotency: the client id is unique *within a crossing* (a unique
constraint on ``(crossing, client_id)``). Crossings and the systems that
feed them number declarations on their own, so two crossings may both send
``B1``; a retry goes to the same crossing. Submitting a client id again
returns the stored declaration with its stored verdict and stores nothing;
submitting it again with *different* content is refused (ConflictError):
a changed declaration is a new submission under a new client id, not a
silent replacement. Two submissions of one id racing each other are settled
by the database: the insert is ``ON CONFLICT DO NOTHING``, so the loser
waits for the winner to commit, inserts nothing, and returns what the
winner stored.

:func:`submit_batch` commits each declaration on its own: a batch cut short
(a killed process, a lost connection) leaves each declaration stored exactly
once or not at all, and submitting the same batch again completes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert

from borderwatch.engine.screener import Screener
from borderwatch.errors import ConflictError, InputError, ReferenceDataError
from borderwatch.model.decision import MAX_NAME
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict
from borderwatch.store.audit_hook import AuditHook, audit_hook
from borderwatch.store.checks import bounded_text
from borderwatch.store.database import insert_unless_taken, reaching, writing
from borderwatch.store.declaration_rows import (
    StoredDeclaration,
    declaration_items,
    declarations,
    find_declaration,
    stored_declaration,
)
from borderwatch.store.screenings import insert_screening

__all__ = [
    "BatchOutcome",
    "Prepared",
    "StoredDeclaration",
    "Submission",
    "find_declaration",
    "prepare",
    "store",
    "stored_declaration",
    "submit",
    "submit_batch",
]


@dataclass(frozen=True)
class Submission:
    """What :func:`submit` returns: the stored declaration; ``created`` when this call stored it."""

    stored: StoredDeclaration
    created: bool


@dataclass(frozen=True)
class BatchOutcome:
    """One declaration of a batch: stored (now or before), or refused with why."""

    client_id: str
    submission: Submission | None = None
    error: InputError | ReferenceDataError | None = None


def _checked(declaration: Declaration) -> None:
    """Refuse what the tables cannot hold as it is, before anything is written."""
    bounded_text("declaration id", declaration.id, limit=MAX_NAME)
    bounded_text("crossing", declaration.crossing, limit=MAX_NAME)
    seen: set[str] = set()
    for item in declaration.items:
        bounded_text("item id", item.id, limit=MAX_NAME)
        if item.id in seen:
            raise InputError(
                f"declaration {declaration.id!r} has two items with id {item.id!r}; "
                "give each item its own id, so decisions can name it"
            )
        seen.add(item.id)
        bounded_text(f"item {item.id!r} description", item.description, limit=10**6, required=False)
        bounded_text(f"item {item.id!r} unit", item.unit or "", limit=MAX_NAME, required=False)
        bounded_text(
            f"item {item.id!r} declared_hs", item.declared_hs or "", limit=64, required=False
        )


def _item_rows(declaration: Declaration, stored: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for position, item in enumerate(declaration.items, start=1):
        rows.append(
            {
                "declaration_id": stored,
                "item_id": item.id,
                "position": position,
                "declared_hs": item.declared_hs or item.hs,
                "hs": item.hs,
                "hs_version": declaration.hs_version_of(item),
                "description": item.description,
                "quantity": str(item.quantity),
                "unit": item.unit,
                "unit_value": str(item.unit_value.amount) if item.unit_value else None,
                "currency": item.unit_value.currency if item.unit_value else None,
                "origin": item.origin,
            }
        )
    return rows


def _already_stored(
    conn: Connection, declaration: Declaration, client_id: str, content_hash: str
) -> StoredDeclaration | None:
    """The stored declaration under this client id; refused when its content differs."""
    found = find_declaration(conn, declaration.crossing, client_id)
    if found is None:
        return None
    # hashed as this version writes it, so a stored declaration and its resubmission
    # compare equal even when a newer borderwatch writes declarations differently
    if _content_hash(found.declaration.model_dump_json(by_alias=True)) != content_hash:
        raise ConflictError(
            f"client id {client_id!r} at {declaration.crossing} was already used on "
            f"{found.received_at:%Y-%m-%d %H:%M} UTC for a different declaration (stored "
            f"as {found.id}); nothing was stored. Submit a changed declaration under a "
            "new client id."
        )
    return found


def _content_hash(content: str) -> str:
    return hashlib.sha256(content.encode()).hexdigest()


@dataclass(frozen=True)
class Prepared:
    """A declaration checked, hashed and screened, ready to store: what takes time is done
    here, outside the write transaction (see :func:`prepare`)."""

    declaration: Declaration
    client_id: str
    submitted_by: str
    content: str
    content_hash: str
    result: DeclarationVerdict
    configuration: str


def prepare(
    declaration: Declaration, *, client_id: str, submitted_by: str, screener: Screener
) -> Prepared:
    """Check ``declaration`` against what the tables hold and screen it with ``screener``.

    Touches no store: call it before opening the write transaction, so
    writers queue only for the inserts and the commit. A resubmission is
    screened again and its result thrown away; resubmissions are rare, and
    the store keeps the verdict given the first time.
    """
    client_id = bounded_text("client_id", client_id, limit=MAX_NAME)
    submitted_by = bounded_text("submitted_by", submitted_by, limit=MAX_NAME)
    _checked(declaration)
    content = declaration.model_dump_json(by_alias=True)
    return Prepared(
        declaration=declaration,
        client_id=client_id,
        submitted_by=submitted_by,
        content=content,
        content_hash=_content_hash(content),
        result=screener.screen(declaration),
        configuration=screener.configuration.model_dump_json(),
    )


def store(conn: Connection, prepared: Prepared, *, audit: AuditHook = audit_hook) -> Submission:
    """Store a prepared declaration with its items, screening and audit entry, once.

    Runs in the caller's transaction and commits nothing: the caller commits
    (or rolls back) the four together. The same client id at the same
    crossing again returns the stored declaration and verdict (``created``
    False) and stores nothing; with different content it is refused before
    a row is written.
    """
    declaration, client_id = prepared.declaration, prepared.client_id
    found = _already_stored(conn, declaration, client_id, prepared.content_hash)
    if found is not None:
        return Submission(found, created=False)
    received_at = dt.datetime.now(dt.UTC)
    new_row = {
        "client_id": client_id,
        "crossing": declaration.crossing,
        "declared_id": declaration.id,
        "date": declaration.date,
        "direction": declaration.direction.value,
        "country": declaration.country,
        "channel": declaration.channel.value,
        "received_at": received_at,
        "submitted_by": prepared.submitted_by,
        "content_hash": prepared.content_hash,
        "declaration": prepared.content,
    }
    adding = insert_unless_taken(conn, declarations).returning(declarations.c.id)
    stored = conn.execute(adding, new_row).scalar_one_or_none()
    if stored is None:  # a concurrent submission of this client id committed first
        found = _already_stored(conn, declaration, client_id, prepared.content_hash)
        if found is None:
            raise ConflictError(
                f"client id {client_id!r} at {declaration.crossing} is being stored by "
                "another submission that this transaction cannot see yet; submit it again"
            )
        return Submission(found, created=False)

    conn.execute(insert(declaration_items), _item_rows(declaration, stored))
    screening = insert_screening(
        conn,
        declaration,
        prepared.result,
        configuration=prepared.configuration,
        stored_declaration=stored,
        declaration_json=prepared.content,
    )
    audit(
        conn,
        prepared.submitted_by,
        "declaration.submitted",
        f"declaration:{stored}",
        {
            "client_id": client_id,
            "crossing": declaration.crossing,
            "content_hash": prepared.content_hash,
            "verdict": prepared.result.verdict.value,
            "screening": screening,
        },
    )
    record = StoredDeclaration(
        id=stored,
        client_id=client_id,
        crossing=declaration.crossing,
        received_at=received_at,
        submitted_by=prepared.submitted_by,
        declaration=declaration,
        screening=screening,
        result=prepared.result,
    )
    return Submission(record, created=True)


def submit(
    conn: Connection,
    declaration: Declaration,
    *,
    client_id: str,
    submitted_by: str,
    screener: Screener,
    audit: AuditHook = audit_hook,
) -> Submission:
    """:func:`prepare` and :func:`store` in one call, in the caller's transaction.

    For callers that hold a transaction already; a service that writes
    under load prepares first and opens the transaction only to store.
    """
    prepared = prepare(
        declaration, client_id=client_id, submitted_by=submitted_by, screener=screener
    )
    return store(conn, prepared, audit=audit)


def submit_batch(
    engine: Engine,
    entries: Iterable[tuple[str, Declaration]],
    *,
    submitted_by: str,
    screener: Screener,
    audit: AuditHook = audit_hook,
) -> list[BatchOutcome]:
    """Submit ``(client_id, declaration)`` pairs, each in a transaction of its own.

    A declaration that is refused (bad input, a client id reused for other
    content, an unknown crossing) is reported in its outcome and the others
    go on. A store that fails stops the batch with a StoreError; what was
    committed before stays, and submitting the batch again completes it
    without storing anything twice.
    """
    outcomes: list[BatchOutcome] = []
    for client_id, declaration in entries:
        try:
            prepared = prepare(
                declaration, client_id=client_id, submitted_by=submitted_by, screener=screener
            )
            with reaching(engine), writing(engine) as conn:
                submission = store(conn, prepared, audit=audit)
        except (InputError, ReferenceDataError) as exc:
            outcomes.append(BatchOutcome(client_id, error=exc))
            continue
        outcomes.append(BatchOutcome(client_id, submission=submission))
    return outcomes
