"""API tokens: a bearer secret per program or device, scoped to a user and a crossing.

A token is ``bw_`` and 43 URL-safe characters (256 random bits). The store
keeps its SHA-256 only: :func:`issue_token` returns the token once, and
nobody can read it back, from the store or its backups. A token this
high in entropy needs no slow hash; it is looked up by its hash.

Scope: an officer's or supervisor's token is for their own crossing; an
analyst's or administrator's for one crossing or, with ``crossing=None``,
every crossing. :func:`authenticate_token` answers None for an unknown or
revoked token, a deactivated user, or an officer's token whose crossing is no
longer the officer's. Like :mod:`borderwatch.store.accounts`, every function
works in the caller's transaction and audits its change there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Collection
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
    insert,
    select,
    update,
)

from borderwatch.errors import InputError, NotFoundError
from borderwatch.store import audit
from borderwatch.store.accounts import CROSSING_ROLES, user_named, users
from borderwatch.store.database import metadata

__all__ = [
    "TOKEN_PREFIX",
    "IssuedToken",
    "StoredToken",
    "TokenIdentity",
    "api_tokens",
    "authenticate_token",
    "issue_token",
    "list_tokens",
    "revoke_token",
    "token_digest",
]

TOKEN_PREFIX = "bw_"
_TOKEN_BYTES = 32
_LONGEST = 200  # far past any token issued; longer input is not looked up

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("crossing", String(64), nullable=True),
    Column("label", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)


@dataclass(frozen=True)
class IssuedToken:
    """A token just issued; ``token`` is the only copy there will ever be (not in repr)."""

    id: int
    token: str = field(repr=False)
    username: str
    role: str
    crossing: str | None
    label: str


@dataclass(frozen=True)
class StoredToken:
    """What the store knows of a token: everything but the token."""

    id: int
    username: str
    role: str
    crossing: str | None
    label: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


@dataclass(frozen=True)
class TokenIdentity:
    """Who presents a valid token, and where it may act (``crossing`` None: everywhere)."""

    token_id: int
    user_id: int
    username: str
    role: str
    crossing: str | None


def token_digest(token: str) -> str:
    """The hex SHA-256 the store keeps for ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _scope(user: Any, crossing: str | None, known_crossings: Collection[str] | None) -> str | None:
    if user.role in CROSSING_ROLES:
        if crossing != user.crossing:
            raise InputError(
                f"{user.username} is a{'n' if user.role == 'officer' else ''} {user.role} at "
                f"{user.crossing}; their tokens are for {user.crossing} only, not "
                f"{'every crossing' if crossing is None else repr(crossing)}."
            )
    elif crossing is not None and known_crossings is not None and crossing not in known_crossings:
        raise InputError(
            f"unknown crossing {crossing!r}; the rule base knows: "
            f"{', '.join(sorted(known_crossings))}."
        )
    return crossing


def issue_token(
    conn: Connection,
    username: str,
    *,
    crossing: str | None,
    label: str,
    actor: str,
    known_crossings: Collection[str] | None = None,
) -> IssuedToken:
    """A new token for ``username`` at ``crossing`` (None: every crossing, for analysts and
    administrators); appends ``token.issue``. ``label`` says where it is used ("tablet 3").
    """
    user = user_named(conn, username)
    if not user.active:
        raise InputError(f"user {user.username!r} is deactivated; activate them first.")
    scope = _scope(user, crossing, known_crossings)
    label = label.strip()
    if not label or len(label) > 200:
        raise InputError(
            f"token label {label!r} must be 1 to 200 characters: say where the token is used, "
            "e.g. 'inspection tablet 3'."
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(_TOKEN_BYTES)
    token_id = conn.execute(
        insert(api_tokens)
        .values(
            token_hash=token_digest(token),
            user_id=user.id,
            crossing=scope,
            label=label,
            created_at=dt.datetime.now(dt.UTC),
        )
        .returning(api_tokens.c.id)
    ).scalar_one()
    audit.append(
        conn,
        actor,
        "token.issue",
        f"token:{token_id}",
        {"user": user.username, "crossing": scope, "label": label},
    )
    return IssuedToken(token_id, token, user.username, user.role, scope, label)


def _joined() -> Any:
    return select(
        api_tokens, users.c.username, users.c.role, users.c.active, users.c.crossing.label("home")
    ).join(users, users.c.id == api_tokens.c.user_id)


def _stored(row: Any) -> StoredToken:
    return StoredToken(
        row.id, row.username, row.role, row.crossing, row.label, row.created_at, row.revoked_at
    )


def list_tokens(conn: Connection, username: str | None = None) -> list[StoredToken]:
    """Every token (of ``username``), oldest first, revoked ones included."""
    query = _joined().order_by(api_tokens.c.id)
    if username is not None:
        query = query.where(users.c.id == user_named(conn, username).id)
    return [_stored(r) for r in conn.execute(query)]


def revoke_token(conn: Connection, token_id: int, *, actor: str) -> tuple[StoredToken, bool]:
    """Revoke token ``token_id``; the token and True, or False when it already was revoked
    (then nothing is written). Appends ``token.revoke``."""
    row = conn.execute(_joined().where(api_tokens.c.id == token_id)).first()
    if row is None:
        raise NotFoundError(f"no token {token_id}; list them with: borderwatch tokens list")
    if row.revoked_at is not None:
        return _stored(row), False
    now = dt.datetime.now(dt.UTC)
    conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=now))
    detail = {"user": row.username, "crossing": row.crossing, "label": row.label}
    audit.append(conn, actor, "token.revoke", f"token:{token_id}", detail)
    revoked = _stored(row)
    return StoredToken(**{**revoked.__dict__, "revoked_at": now}), True


def authenticate_token(conn: Connection, token: str) -> TokenIdentity | None:
    """Who ``token`` belongs to and its crossing; None when it is unknown, revoked, its user
    deactivated, or it is an officer's token for a crossing that is no longer theirs."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > _LONGEST:
        return None
    row = conn.execute(_joined().where(api_tokens.c.token_hash == token_digest(token))).first()
    if row is None or row.revoked_at is not None or not row.active:
        return None
    if row.role in CROSSING_ROLES and row.crossing != row.home:
        return None
    return TokenIdentity(row.id, row.user_id, row.username, row.role, row.crossing)
