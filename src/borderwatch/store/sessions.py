"""Signed-in sessions of the officers' service, kept in the store so that ending one is final.

A session is named by a secret of 256 random bits (``bws_`` and 43 URL-safe
characters) that travels in a cookie; the store keeps only its SHA-256, like
an API token's, so a copy of the database or a backup opens no session.

A session ends, for every later request at once:

- when it is signed out (:func:`end_session`) or replaced by a new sign-in
  from the same browser;
- ``lifetime`` after it began, however busy (the service's
  ``BORDERWATCH_SESSION_HOURS``);
- after ``idle`` without a request (``BORDERWATCH_SESSION_IDLE_MINUTES``);
- when its user is deactivated (:func:`end_sessions_of`, which
  :func:`~borderwatch.store.accounts.set_user_active` calls; activating the
  user again does not bring them back). :func:`authenticate_session` also
  reads the user's row with the session's on every request, so a user
  deactivated, or moved to another crossing, by any means has the new state
  on their next request, not at the session's end.

The role and crossing are the user's as they are now, never a copy made at
sign-in. Like :mod:`borderwatch.store.api_tokens`, every function works in
the caller's transaction and appends its audit record there (last).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)

from borderwatch.store import audit
from borderwatch.store.accounts import User, users
from borderwatch.store.database import as_utc, metadata

__all__ = [
    "SESSION_PREFIX",
    "NewSession",
    "SessionIdentity",
    "authenticate_session",
    "end_session",
    "end_sessions_of",
    "session_digest",
    "sessions",
    "start_session",
]

SESSION_PREFIX = "bws_"
_SECRET_BYTES = 32
_LONGEST = 200  # far past any secret issued; longer input is not looked up
#: last_seen_at is written at most this often, so reading pages is not a write per request
_TOUCH = dt.timedelta(minutes=1)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_hash", String(64), nullable=False, unique=True),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("address", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    Column("ended_at", DateTime(timezone=True), nullable=True),
)


@dataclass(frozen=True)
class NewSession:
    """A session just begun; ``secret`` is the only copy there will be (not in repr)."""

    id: int
    secret: str = field(repr=False)
    user: User
    created_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True)
class SessionIdentity:
    """Who a live session belongs to, as their user row says now."""

    session_id: int
    user_id: int
    username: str
    role: str
    crossing: str | None
    created_at: dt.datetime
    expires_at: dt.datetime
    language: str | None = None


#: the columns of the user a session belongs to that a SessionIdentity shows
_HOLDER = (users.c.username, users.c.role, users.c.crossing, users.c.language)


def _identity(row: Any) -> SessionIdentity:
    """A session row joined with its user's :data:`_HOLDER` columns, as an identity."""
    return SessionIdentity(
        row.id,
        row.user_id,
        row.username,
        row.role,
        row.crossing,
        as_utc(row.created_at),
        as_utc(row.expires_at),
        row.language,
    )


def session_digest(secret: str) -> str:
    """The hex SHA-256 the store keeps for a session's ``secret``."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)


def _looked_up(secret: str) -> bool:
    return secret.startswith(SESSION_PREFIX) and len(secret) <= _LONGEST and secret.isascii()


def start_session(
    conn: Connection,
    user: User,
    address: str,
    *,
    lifetime: dt.timedelta,
    now: dt.datetime | None = None,
) -> NewSession:
    """Begin a session for ``user`` (signed in from ``address``); appends ``session.sign_in``.

    Sessions that are over (expired, or ended and past their lifetime) are
    deleted here, so the table holds only sessions that could still matter.
    """
    at = _now(now)
    conn.execute(delete(sessions).where(sessions.c.expires_at < at))
    secret = SESSION_PREFIX + secrets.token_urlsafe(_SECRET_BYTES)
    expires = at + lifetime
    session_id = conn.execute(
        insert(sessions)
        .values(
            session_hash=session_digest(secret),
            user_id=user.id,
            address=address.strip()[:64],
            created_at=at,
            last_seen_at=at,
            expires_at=expires,
        )
        .returning(sessions.c.id)
    ).scalar_one()
    detail = {
        "user": user.username,
        "address": address,
        "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    audit.append(conn, f"api:{user.username}", "session.sign_in", f"session:{session_id}", detail)
    return NewSession(session_id, secret, user, at, expires)


def authenticate_session(
    conn: Connection, secret: str, *, idle: dt.timedelta, now: dt.datetime | None = None
) -> SessionIdentity | None:
    """Who holds the session of ``secret``; None when it is unknown, ended, past its lifetime,
    idle for ``idle`` or longer, or its user is deactivated. A live session's last use is
    recorded (at most once a minute), which needs ``conn`` in a transaction that commits."""
    if not _looked_up(secret):
        return None
    at = _now(now)
    row = conn.execute(
        select(sessions, *_HOLDER, users.c.active)
        .join(users, users.c.id == sessions.c.user_id)
        .where(sessions.c.session_hash == session_digest(secret))
    ).first()
    if row is None or row.ended_at is not None or not row.active:
        return None
    expires, seen = as_utc(row.expires_at), as_utc(row.last_seen_at)
    if at >= expires or at - seen >= idle:
        return None
    if at - seen >= _TOUCH:
        conn.execute(update(sessions).where(sessions.c.id == row.id).values(last_seen_at=at))
    return _identity(row)


def end_session(
    conn: Connection, secret: str, *, reason: str = "signed out", now: dt.datetime | None = None
) -> SessionIdentity | None:
    """End the session of ``secret`` at once; appends ``session.sign_out`` with ``reason``.

    Returns who held it, or None when it was unknown or already over (then
    nothing is written).
    """
    if not _looked_up(secret):
        return None
    at = _now(now)
    row = conn.execute(
        select(sessions, *_HOLDER)
        .join(users, users.c.id == sessions.c.user_id)
        .where(sessions.c.session_hash == session_digest(secret))
    ).first()
    if row is None or row.ended_at is not None or as_utc(row.expires_at) <= at:
        return None
    ended = conn.execute(
        update(sessions)
        .where(sessions.c.id == row.id, sessions.c.ended_at.is_(None))
        .values(ended_at=at)
    ).rowcount
    if not ended:  # another request ended it meanwhile
        return None
    detail = {"user": row.username, "reason": reason}
    audit.append(conn, f"api:{row.username}", "session.sign_out", f"session:{row.id}", detail)
    return _identity(row)


def end_sessions_of(conn: Connection, user_id: int, *, now: dt.datetime | None = None) -> int:
    """End every live session of the user ``user_id`` (when they are deactivated); how many.

    Not audited on its own: the change that calls for it (``user.deactivate``)
    is.
    """
    return conn.execute(
        update(sessions)
        .where(sessions.c.user_id == user_id, sessions.c.ended_at.is_(None))
        .values(ended_at=_now(now))
    ).rowcount
