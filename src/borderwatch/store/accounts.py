"""Accounts of the officers' service: users, their roles and crossings, their passwords.

A user has a role — ``officer``, ``supervisor``, ``analyst`` or ``admin`` —
and officers and supervisors belong to one crossing, analysts and
administrators to none (they see every crossing). The store refuses anything
else, here with a message and in the table with a check constraint.

Usernames are 1 to 64 characters of ``a-z``, ``0-9``, ``.``, ``_`` and ``-``,
starting with a letter or digit, and are kept in lower case (``Ri.Yong`` is
``ri.yong``). Passwords are 12 to 1024 characters, NFKC-normalised (so the
same password typed with another input method's character forms still
matches), and kept only as an argon2id hash (argon2-cffi's defaults, RFC 9106's
low-memory profile); a hash made with older parameters is replaced the next
time its password is verified.

Every function takes a connection and works in its transaction, so the HTTP
API can call it inside its own; changes append their audit record in the same
transaction (:mod:`borderwatch.store.audit`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Integer,
    String,
    Table,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from borderwatch.errors import InputError, NotFoundError, StoreError
from borderwatch.store import audit
from borderwatch.store.database import metadata

__all__ = [
    "CROSSING_ROLES",
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "ROLES",
    "User",
    "add_user",
    "check_crossing",
    "find_user",
    "list_users",
    "normal_username",
    "set_user_active",
    "set_user_language",
    "user_named",
    "users",
    "verify_password",
]

ROLES = ("officer", "supervisor", "analyst", "admin")
#: roles that belong to one crossing; the others see every crossing
CROSSING_ROLES = frozenset({"officer", "supervisor"})
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("crossing", String(64), nullable=True),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # the interface language the user last chose (ko, zh, en); None until they choose
    Column("language", String(8), nullable=True),
    CheckConstraint("role IN ('officer', 'supervisor', 'analyst', 'admin')", name="ck_users_role"),
    CheckConstraint(
        "(role IN ('officer', 'supervisor') AND crossing IS NOT NULL)"
        " OR (role IN ('analyst', 'admin') AND crossing IS NULL)",
        name="ck_users_crossing",
    ),
)

#: argon2id with argon2-cffi's defaults; change them here and old hashes are redone on sign-in
_HASHER = PasswordHasher()


@functools.cache
def _decoy_hash() -> str:
    """A hash to verify against for an unknown user, so the answer takes as long."""
    return _HASHER.hash("not anybody's password")


@dataclass(frozen=True)
class User:
    """An account, without its password hash; ``crossing`` is None for every crossing."""

    id: int
    username: str
    role: str
    crossing: str | None
    active: bool
    created_at: dt.datetime
    language: str | None = None


def _user(row: Any) -> User:
    return User(
        row.id,
        row.username,
        row.role,
        row.crossing,
        bool(row.active),
        row.created_at,
        row.language,
    )


def normal_username(username: str) -> str:
    """``username`` as stored (lower case), or :class:`InputError` saying what is allowed."""
    name = username.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise InputError(
            f"username {username!r} is not allowed: use 1 to 64 of a-z, 0-9, '.', '_' and '-', "
            "starting with a letter or digit (e.g. ri.yongchol)."
        )
    return name


def check_crossing(
    role: str, crossing: str | None, known_crossings: Collection[str] | None = None
) -> str | None:
    """The crossing a user of ``role`` may have, or :class:`InputError` saying why not.

    Officers and supervisors need one (one of ``known_crossings`` when given);
    analysts and administrators work across crossings and take none.
    """
    if role not in ROLES:
        raise InputError(f"role {role!r} is not one of {', '.join(ROLES)}.")
    if role in CROSSING_ROLES:
        if not crossing:
            raise InputError(
                f"a{'n' if role == 'officer' else ''} {role} belongs to one crossing: "
                "give it (e.g. --crossing dandong)."
            )
        if known_crossings is not None and crossing not in known_crossings:
            raise InputError(
                f"unknown crossing {crossing!r}; the rule base knows: "
                f"{', '.join(sorted(known_crossings))}."
            )
        return crossing
    if crossing:
        raise InputError(
            f"an {role} works across every crossing and takes no crossing (got {crossing!r}); "
            "leave it out, or make the user an officer or supervisor."
        )
    return None


def _normal_password(password: str) -> str:
    text = unicodedata.normalize("NFKC", password)
    if not MIN_PASSWORD <= len(text) <= MAX_PASSWORD:
        raise InputError(
            f"the password has {len(text)} characters; it needs {MIN_PASSWORD} to "
            f"{MAX_PASSWORD}. A few unrelated words make a long one that is easy to type."
        )
    return text


def add_user(
    conn: Connection,
    username: str,
    password: str,
    *,
    role: str,
    crossing: str | None = None,
    actor: str,
    known_crossings: Collection[str] | None = None,
) -> User:
    """Create an active user and append ``user.add`` to the audit log; the new user.

    Raises :class:`InputError` for a bad username, password, role or
    crossing (see :func:`check_crossing`), or a username already taken.
    """
    name = normal_username(username)
    place = check_crossing(role, crossing, known_crossings)
    secret = _normal_password(password)
    if find_user(conn, name) is not None:
        raise InputError(f"user {name!r} already exists; choose another username.")
    try:
        inserted = conn.execute(
            insert(users)
            .values(
                username=name,
                password_hash=_HASHER.hash(secret),
                role=role,
                crossing=place,
                active=True,
                created_at=dt.datetime.now(dt.UTC),
            )
            .returning(users)
        ).one()
    except IntegrityError as exc:  # another transaction took the name since we looked
        raise InputError(f"user {name!r} already exists; choose another username.") from exc
    audit.append(conn, actor, "user.add", f"user:{name}", {"role": role, "crossing": place})
    return _user(inserted)


def find_user(conn: Connection, username: str) -> User | None:
    """The user called ``username`` (any case), or None."""
    row = conn.execute(select(users).where(users.c.username == username.strip().lower())).first()
    return None if row is None else _user(row)


def user_named(conn: Connection, username: str) -> User:
    """The user called ``username``, or :class:`NotFoundError` saying how to list them."""
    found = find_user(conn, username)
    if found is None:
        raise NotFoundError(f"no user {username!r}; list them with: borderwatch users list")
    return found


def list_users(conn: Connection) -> list[User]:
    """Every user, by username."""
    return [_user(r) for r in conn.execute(select(users).order_by(users.c.username))]


def set_user_active(conn: Connection, username: str, active: bool, *, actor: str) -> User:
    """Let a user sign in and use tokens again, or stop them; audited when it changes.

    Deactivating also ends the user's sessions for good (their tokens only
    pause: they work again if the user is activated again).
    """
    user = user_named(conn, username)
    if user.active != active:
        conn.execute(update(users).where(users.c.id == user.id).values(active=active))
        if not active:
            from borderwatch.store.sessions import end_sessions_of  # sessions imports accounts

            end_sessions_of(conn, user.id)
        action = "user.activate" if active else "user.deactivate"
        audit.append(conn, actor, action, f"user:{user.username}", {})
    return find_user(conn, user.username) or user


def set_user_language(conn: Connection, user_id: int, language: str) -> None:
    """Remember the interface language ``user_id`` chose, for every browser they sign in
    from. A preference, not a grant: not audited. The service checks ``language``."""
    conn.execute(update(users).where(users.c.id == user_id).values(language=language[:8]))


def verify_password(conn: Connection, username: str, password: str) -> User | None:
    """The user, when ``password`` is theirs and the account is active; otherwise None.

    An unknown user costs as long as a known one (a decoy hash is verified),
    so the time taken does not tell which usernames exist. A hash made with
    older argon2 parameters is replaced by one with the current parameters.
    Record a failure with :func:`borderwatch.store.sign_in.record_sign_in_failure`,
    or use :func:`borderwatch.store.sign_in.sign_in`, which does both.
    """
    secret = unicodedata.normalize("NFKC", password)
    row = conn.execute(select(users).where(users.c.username == username.strip().lower())).first()
    stored = _decoy_hash() if row is None else row.password_hash
    try:
        _HASHER.verify(stored, secret)
    except VerifyMismatchError:
        return None
    except (InvalidHashError, VerificationError) as exc:
        raise StoreError(
            f"the stored password hash of user {username!r} is not a readable argon2 hash; "
            "the users table was changed outside borderwatch."
        ) from exc
    if row is None or not row.active:
        return None
    if _HASHER.check_needs_rehash(row.password_hash):
        conn.execute(
            update(users).where(users.c.id == row.id).values(password_hash=_HASHER.hash(secret))
        )
    return _user(row)
