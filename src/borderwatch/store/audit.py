"""The audit log: who did what to which subject, kept as a hash chain that shows tampering.

Record ``n`` holds its number, time (UTC), actor, action, subject, a JSON
detail, the hash of record ``n - 1`` (64 zeros before the first) and its own
hash: the SHA-256 of the canonical JSON (keys sorted, no spaces, UTF-8) of
``{"seq", "at", "actor", "action", "subject", "detail", "prev"}``, where
``at`` is ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` and ``detail`` is the stored
detail text itself (canonical JSON), so a change of any byte of a record
changes its hash. :func:`verify` walks the chain and names the first record
that was edited, deleted or moved.

**Appending inside the caller's transaction.** :func:`append` writes in the
transaction of the connection it is given, so a change and its audit record
are committed together or not at all::

    with engine.begin() as conn:
        user = add_user(conn, ..., actor="api:admin1")   # appends "user.add" itself
        append(conn, "api:admin1", "rules.upload", new_version, {"previous": old})

**Serialised appends.** Each append first runs ``UPDATE audit_head SET seq =
seq + 1 ... RETURNING seq, hash`` on the one-row head table: on PostgreSQL
that takes the row's lock, on SQLite the database's write lock, and either is
held until the transaction ends. A second writer waits at that statement and
then reads the head the first one committed, so two records can never claim
the same predecessor (and a rolled-back transaction rolls the head back with
its record: no gap). Consequences for callers: append last in a transaction
(every other audited transaction waits from the append to the commit), and
on PostgreSQL use READ COMMITTED, the default (under REPEATABLE READ a waiting
append fails with a serialisation error instead of waiting).

**What it can prove.** A record edited, deleted, inserted or moved by hand
breaks the chain. Someone able to write the database can still rewrite the
whole chain from some record on with fresh hashes; against that, note the head
that ``borderwatch audit verify`` prints somewhere outside the store (a daily
report, a ticket) and pass it back as an anchor (``--anchor SEQ:HASH``).

**Actions** (``subject`` / ``detail``) written today:

- ``user.add`` — ``user:NAME`` / role, crossing
- ``user.activate``, ``user.deactivate`` — ``user:NAME`` / {}
- ``token.issue``, ``token.revoke`` — ``token:ID`` / user, crossing, label
- ``session.sign_in``, ``session.sign_out`` — ``session:ID`` / user, address and
  expiry, or why it ended; ``session.sign_in_failed`` (actor ``api:(anonymous)``) —
  ``user:NAME`` or ``user:(unknown)`` / address, reason, the lockout it starts
- ``list.load`` — the snapshot label / source, content hash, entries, reason
  ('loaded', 'forced', 'reloaded'), the size check's problem when forced,
  snapshot id, the id of the snapshot it replaced, note
- ``list.use`` — the snapshot label / source, content hash, reason, snapshot
  id, the id of the snapshot it replaced, note

- ``rules.load`` — ``stored:<content hash>`` / content hash, version id, the
  folder, files, measures, reason ('loaded', 'reloaded'), the id of the version
  it replaced, the files added, removed and changed against that one, note
- ``rules.use`` — ``stored:<content hash>`` / content hash, version id, reason
  ('rollback'), the id of the version it replaced, note

The HTTP API appends ``rules.use`` when an admin makes a version current, and
its own actions (a decision) in the transaction that makes the change. Actors are
``cli:<os user>`` for the command line and ``api:<username>`` for the service.
Never put a password or a token in a detail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    insert,
    select,
    update,
)

from borderwatch.errors import InputError, StoreError
from borderwatch.store.database import metadata

__all__ = [
    "GENESIS",
    "AuditCheck",
    "AuditRecord",
    "ChainBreak",
    "append",
    "audit_head",
    "audit_log",
    "canonical_json",
    "recent_records",
    "record_hash",
    "verify",
]

#: the "previous hash" of the first record, and the head of an empty log
GENESIS = "0" * 64
_ACTION = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z_]*)+")
_LIMITS = {"actor": 200, "subject": 200}

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

#: one row (id 1): the newest record's number and hash; every append updates it first
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    CheckConstraint("id = 1", name="ck_audit_head_one_row"),
)


@dataclass(frozen=True)
class AuditRecord:
    """One record of the audit log."""

    seq: int
    at: dt.datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainBreak:
    """The first record at which the chain does not hold, and what is wrong there."""

    seq: int
    problem: str


@dataclass(frozen=True)
class AuditCheck:
    """What :func:`verify` found: ``count`` records walked, the head, the first break."""

    count: int
    head_seq: int
    head_hash: str
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        """True when every record is as it was written and none is missing."""
        return self.first_break is None


def canonical_json(value: object) -> str:
    """``value`` as canonical JSON: keys sorted, no spaces, non-ASCII kept, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _stamp(at: dt.datetime) -> str:
    """UTC with microseconds; a naive time (SQLite returns those) is read as UTC."""
    utc = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_hash(
    *, seq: int, at: dt.datetime, actor: str, action: str, subject: str, detail: str, prev: str
) -> str:
    """The hash of one record; ``detail`` is its stored canonical JSON text."""
    body = {
        "seq": seq,
        "at": _stamp(at),
        "actor": actor,
        "action": action,
        "subject": subject,
        "detail": detail,
        "prev": prev,
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def _checked(actor: str, action: str, subject: str, detail: Mapping[str, Any] | None) -> str:
    for name, value in (("actor", actor), ("subject", subject)):
        if not value or not value.strip() or len(value) > _LIMITS[name]:
            raise InputError(
                f"audit {name} {value!r} must be 1 to {_LIMITS[name]} characters and not blank."
            )
    if not _ACTION.fullmatch(action) or len(action) > 64:
        raise InputError(
            f"audit action {action!r} must be dotted lowercase words, e.g. 'user.add' or "
            "'rules.upload' (at most 64 characters)."
        )
    try:
        return canonical_json(dict(detail or {}))
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"the detail of audit action {action!r} is not JSON ({exc}); give strings, "
            "numbers, booleans, null, lists and objects only."
        ) from exc


# built once: the same statements each time, so SQLAlchemy compiles them once
_ADVANCE_HEAD = (
    update(audit_head)
    .where(audit_head.c.id == 1)
    .values(seq=audit_head.c.seq + 1)
    .returning(audit_head.c.seq, audit_head.c.hash)
)
_INSERT_RECORD = insert(audit_log)
_SET_HEAD_HASH = update(audit_head).where(audit_head.c.id == 1).values(hash=bindparam("new_hash"))


def append(
    conn: Connection,
    actor: str,
    action: str,
    subject: str,
    detail: Mapping[str, Any] | None = None,
) -> AuditRecord:
    """Append one record in ``conn``'s transaction, chained to the newest; the record.

    The caller commits: the record exists only if the transaction commits.
    Appends of concurrent transactions queue on the chain's head (see the
    module's notes), so append last in a transaction.
    """
    detail_text = _checked(actor, action, subject, detail)
    head = conn.execute(_ADVANCE_HEAD).first()
    if head is None:
        raise StoreError(
            "the audit log's head row (audit_head, id 1) is missing, so nothing can be "
            "appended: the store was changed by hand. Run: borderwatch audit verify"
        )
    seq, prev = int(head.seq), str(head.hash)
    at = dt.datetime.now(dt.UTC)  # taken under the head's lock: times follow numbers
    digest = record_hash(
        seq=seq, at=at, actor=actor, action=action, subject=subject, detail=detail_text, prev=prev
    )
    row = {"actor": actor, "action": action, "subject": subject, "detail": detail_text}
    conn.execute(_INSERT_RECORD, row | {"seq": seq, "at": at, "prev_hash": prev, "hash": digest})
    conn.execute(_SET_HEAD_HASH, {"new_hash": digest})
    return AuditRecord(seq, at, actor, action, subject, json.loads(detail_text), prev, digest)


def _record(row: Any) -> AuditRecord:
    at = row.at if row.at.tzinfo is not None else row.at.replace(tzinfo=dt.UTC)
    return AuditRecord(
        row.seq,
        at,
        row.actor,
        row.action,
        row.subject,
        json.loads(row.detail),
        row.prev_hash,
        row.hash,
    )


def recent_records(engine: Engine, last: int = 20) -> list[AuditRecord]:
    """The newest ``last`` records, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(last)).all()
    return [_record(r) for r in reversed(rows)]


def _head(conn: Connection) -> tuple[int, str] | None:
    row = conn.execute(
        select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
    ).first()
    return None if row is None else (int(row.seq), str(row.hash))


def _walk(
    conn: Connection, head: tuple[int, str], anchors: dict[int, str]
) -> tuple[int, int, ChainBreak | None]:
    """Records in order: how many were sound, the last number, and the first break."""
    rows = conn.execution_options(yield_per=1000).execute(
        select(audit_log).order_by(audit_log.c.seq)
    )
    try:  # a server-side cursor on PostgreSQL: closed even when the walk stops early
        return _check(rows, head, anchors)
    finally:
        rows.close()


def _check(
    rows: Iterable[Any], head: tuple[int, str], anchors: dict[int, str]
) -> tuple[int, int, ChainBreak | None]:
    count, last, prev = 0, 0, GENESIS
    for row in rows:
        expected = last + 1
        if row.seq != expected:
            gone = (
                f"record {expected}"
                if row.seq == expected + 1
                else f"records {expected}–{row.seq - 1}"
            )
            problem = f"{gone} missing: deleted from the log (the next record is {row.seq})"
            return count, last, ChainBreak(expected, problem)
        digest = record_hash(
            seq=row.seq,
            at=row.at,
            actor=row.actor,
            action=row.action,
            subject=row.subject,
            detail=row.detail,
            prev=row.prev_hash,
        )
        if digest != row.hash:
            problem = (
                f"record {row.seq} ({row.action} of {row.subject} by {row.actor}) does not match "
                "its hash: it was edited after it was written, or moved from another place"
            )
            return count, last, ChainBreak(row.seq, problem)
        if row.prev_hash != prev:
            problem = (
                f"record {row.seq} is not chained to record {last}: record {last} was replaced "
                "or rewritten with a new hash, or records were reordered"
            )
            return count, last, ChainBreak(row.seq, problem)
        if row.seq == head[0] and row.hash != head[1]:
            problem = (
                f"record {row.seq} does not match the log's head: it was rewritten, or the head "
                "was changed by hand"
            )
            return count, last, ChainBreak(row.seq, problem)
        noted = anchors.get(row.seq)
        if noted is not None and noted != row.hash:
            problem = (
                f"record {row.seq} has hash {row.hash[:16]}…, not the {noted[:16]}… noted for it: "
                f"the chain was rewritten at or before record {row.seq}"
            )
            return count, last, ChainBreak(row.seq, problem)
        count, last, prev = count + 1, row.seq, row.hash
    return count, last, None


def verify(engine: Engine, anchors: Iterable[tuple[int, str]] = ()) -> AuditCheck:
    """Recompute the chain; the first record edited, deleted, inserted or moved, if any.

    ``anchors`` are (record number, hash) pairs noted earlier outside the
    store: each record named must still have that hash. Appends running
    meanwhile are no false alarm: the head is read before and after the walk.
    """
    noted = {int(seq): digest.lower() for seq, digest in anchors}
    with engine.connect() as conn:
        head = _head(conn)
        if head is None:
            missing = ChainBreak(0, "the head row of the log (audit_head, id 1) was deleted")
            return AuditCheck(0, 0, GENESIS, missing)
        head_seq, head_hash = head
        count, last, first_break = _walk(conn, head, noted)
        after = _head(conn)
    if first_break is None and last < head_seq:
        first_break = ChainBreak(
            last + 1,
            f"record {last + 1} missing: the newest records ({last + 1}–{head_seq}) were "
            f"deleted; the log's head says there were {head_seq}",
        )
    if first_break is None and after is not None and last > after[0]:
        first_break = ChainBreak(
            after[0] + 1,
            f"record {after[0] + 1} is past the log's head (record {after[0]}): it was "
            "inserted by hand, not appended",
        )
    if first_break is None and head_seq == 0 and head_hash != GENESIS:
        first_break = ChainBreak(0, "the log's head was changed by hand: it names no record")
    if first_break is None:
        beyond = sorted(seq for seq in noted if seq > last)
        if beyond:
            first_break = ChainBreak(
                beyond[0], f"record {beyond[0]}, noted with a hash, is no longer in the log"
            )
    return AuditCheck(count, head_seq, head_hash, first_break)
