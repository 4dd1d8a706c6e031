"""Signing in with a password, rate-limited per account and per address.

Failed sign-ins are counted over the last :data:`WINDOW` (15 minutes):

- per account: :data:`ACCOUNT_LIMIT` (5) failures, from any address, stop
  that account signing in until the oldest of them leaves the window — a
  password is not guessed five times in fifteen minutes by its owner;
- per address: :data:`ADDRESS_LIMIT` (20) failures, on any accounts, stop
  that address — higher, because the officers of one crossing may share one
  office address.

Someone who knows a username can keep that account locked by failing on
purpose; the lock lasts only the window, and tokens already issued still
work. A successful sign-in clears its account's failures (not its
address's). Failures older than :data:`KEEP` (one day) are deleted when a
new one is recorded. Accounts are counted in lower case, as usernames are.

:func:`sign_in` does the whole exchange in the caller's transaction; commit
it even when sign-in fails, or the failure is not counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    delete,
    func,
    insert,
    select,
)

from borderwatch.store.accounts import User, verify_password
from borderwatch.store.database import metadata

__all__ = [
    "ACCOUNT_LIMIT",
    "ADDRESS_LIMIT",
    "KEEP",
    "WINDOW",
    "Lockout",
    "SignIn",
    "clear_sign_in_failures",
    "record_sign_in_failure",
    "sign_in",
    "sign_in_failures",
    "too_many_failures",
]

WINDOW = dt.timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
KEEP = dt.timedelta(days=1)
_WIDTH = 64

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account", String(_WIDTH), nullable=False),
    Column("address", String(_WIDTH), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Index("ix_sign_in_failures_account_at", "account", "at"),
    Index("ix_sign_in_failures_address_at", "address", "at"),
)


@dataclass(frozen=True)
class Lockout:
    """Why sign-in is refused for now: ``kind`` 'account' or 'address', ``failures`` in the
    window against ``limit``, and when a new attempt will be let through (``retry_at``)."""

    kind: str
    key: str
    failures: int
    limit: int
    retry_at: dt.datetime

    def __str__(self) -> str:
        return (
            f"{self.failures} failed sign-ins for {self.kind} {self.key} in the last "
            f"{WINDOW.seconds // 60} minutes (limit {self.limit}); try again after "
            f"{self.retry_at:%H:%M:%S} UTC"
        )


@dataclass(frozen=True)
class SignIn:
    """The outcome of :func:`sign_in`: the user, or None with the lockout if one applied."""

    user: User | None
    lockout: Lockout | None = None


def _account(account: str) -> str:
    return account.strip().lower()[:_WIDTH]


def _address(address: str) -> str:
    return address.strip()[:_WIDTH]


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)


def record_sign_in_failure(
    conn: Connection, account: str, address: str, *, now: dt.datetime | None = None
) -> None:
    """Count one failed sign-in for ``account`` from ``address`` (an IP address)."""
    at = _now(now)
    conn.execute(delete(sign_in_failures).where(sign_in_failures.c.at < at - KEEP))
    conn.execute(
        insert(sign_in_failures).values(account=_account(account), address=_address(address), at=at)
    )


def clear_sign_in_failures(conn: Connection, account: str) -> None:
    """Forget the failures of ``account`` (after it signed in)."""
    conn.execute(delete(sign_in_failures).where(sign_in_failures.c.account == _account(account)))


def _lockout(
    conn: Connection, kind: str, column: Column[str], key: str, limit: int, at: dt.datetime
) -> Lockout | None:
    recent = column == key, sign_in_failures.c.at > at - WINDOW
    failures = conn.execute(select(func.count()).where(*recent)).scalar_one()
    if failures < limit:
        return None
    # a new attempt is let through once all but limit - 1 of them have left the window
    freed_by = conn.execute(
        select(sign_in_failures.c.at)
        .where(*recent)
        .order_by(sign_in_failures.c.at)
        .offset(failures - limit)
        .limit(1)
    ).scalar_one()
    freed_by = freed_by if freed_by.tzinfo else freed_by.replace(tzinfo=dt.UTC)
    return Lockout(kind, key, failures, limit, freed_by + WINDOW)


def too_many_failures(
    conn: Connection, account: str, address: str, *, now: dt.datetime | None = None
) -> Lockout | None:
    """The lockout on ``account`` or ``address`` (the account's first), or None to go ahead."""
    at = _now(now)
    return _lockout(
        conn, "account", sign_in_failures.c.account, _account(account), ACCOUNT_LIMIT, at
    ) or _lockout(conn, "address", sign_in_failures.c.address, _address(address), ADDRESS_LIMIT, at)


def sign_in(
    conn: Connection,
    username: str,
    password: str,
    address: str,
    *,
    now: dt.datetime | None = None,
) -> SignIn:
    """Check the lockouts, then the password; count a failure, or clear the account's.

    A locked-out attempt is not verified (and not counted), so it cannot be
    used to guess the password meanwhile. Say only "sign-in failed" to the
    person either way: which of username or password was wrong is not told.
    """
    lockout = too_many_failures(conn, username, address, now=now)
    if lockout is not None:
        return SignIn(None, lockout)
    user = verify_password(conn, username, password)
    if user is None:
        record_sign_in_failure(conn, username, address, now=now)
        return SignIn(None)
    clear_sign_in_failures(conn, username)
    return SignIn(user)
