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

**Attempts in parallel.** :func:`sign_in` reads the count, then spends a
tenth of a second or more on the password hash, then counts the failure:
forty requests sent at once all read the same count and all get their
guess. The HTTP service uses :func:`claim_attempt` and :func:`settle_attempt`
instead: the attempt is counted as a failure and committed *before* the
password is checked, and then the limits are read with every committed
attempt in them, so however many arrive together, no more than the limit
are ever checked in a window (attempts racing for the last place may all be
refused, and are then not counted). A success clears the account's failures,
its own included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    String,
    Table,
    delete,
    insert,
    select,
)

from borderwatch.store import audit
from borderwatch.store.accounts import User, find_user, verify_password
from borderwatch.store.database import metadata, writing

__all__ = [
    "ACCOUNT_LIMIT",
    "ADDRESS_LIMIT",
    "KEEP",
    "WINDOW",
    "Attempt",
    "Lockout",
    "SignIn",
    "claim_attempt",
    "clear_sign_in_failures",
    "record_sign_in_failure",
    "settle_attempt",
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
    conn: Connection,
    kind: str,
    column: Column[str],
    key: str,
    limit: int,
    at: dt.datetime,
    excluding: int | None,
) -> Lockout | None:
    recent = [column == key, sign_in_failures.c.at > at - WINDOW]
    if excluding is not None:
        recent.append(sign_in_failures.c.id != excluding)
    # one statement, so a failure removed meanwhile by another transaction (a refused
    # attempt, a success clearing its account) cannot leave the count and the times apart;
    # refused attempts are removed, so a window holds little more than the limit
    times = (
        conn.execute(
            select(sign_in_failures.c.at).where(*recent).order_by(sign_in_failures.c.at.desc())
        )
        .scalars()
        .all()
    )
    failures = len(times)
    if failures < limit:
        return None
    # a new attempt is let through once all but limit - 1 of them have left the window
    freed_by = times[limit - 1]
    freed_by = freed_by if freed_by.tzinfo else freed_by.replace(tzinfo=dt.UTC)
    return Lockout(kind, key, failures, limit, freed_by + WINDOW)


def too_many_failures(
    conn: Connection,
    account: str,
    address: str,
    *,
    now: dt.datetime | None = None,
    excluding: int | None = None,
) -> Lockout | None:
    """The lockout on ``account`` or ``address`` (the account's first), or None to go ahead;
    the failure numbered ``excluding`` (an attempt's own) is not counted."""
    at = _now(now)
    return _lockout(
        conn, "account", sign_in_failures.c.account, _account(account), ACCOUNT_LIMIT, at, excluding
    ) or _lockout(
        conn,
        "address",
        sign_in_failures.c.address,
        _address(address),
        ADDRESS_LIMIT,
        at,
        excluding,
    )


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


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt let through the limits, counted as a failure until settled."""

    id: int
    account: str
    address: str
    at: dt.datetime


def claim_attempt(
    engine: Engine, account: str, address: str, *, now: dt.datetime | None = None
) -> Attempt | Lockout:
    """Count an attempt on ``account`` from ``address`` as a failure, then read the limits.

    Two transactions of its own: the first commits the attempt, so that every
    attempt after it sees it; the second counts the failures of the window
    but this one. At the limit the attempt is removed again (a refused
    attempt is not counted) and the lockout returned; otherwise check the
    password and call :func:`settle_attempt`. An attempt never settled (the
    process died) stays counted as a failure.
    """
    at = _now(now)
    with writing(engine) as conn:
        conn.execute(delete(sign_in_failures).where(sign_in_failures.c.at < at - KEEP))
        attempt_id = conn.execute(
            insert(sign_in_failures)
            .values(account=_account(account), address=_address(address), at=at)
            .returning(sign_in_failures.c.id)
        ).scalar_one()
    with writing(engine) as conn:
        lockout = too_many_failures(conn, account, address, now=at, excluding=attempt_id)
        if lockout is not None:
            conn.execute(delete(sign_in_failures).where(sign_in_failures.c.id == attempt_id))
            return lockout
    return Attempt(attempt_id, _account(account), _address(address), at)


def settle_attempt(conn: Connection, attempt: Attempt, user: User | None) -> Lockout | None:
    """Settle ``attempt`` once the password was checked (``user`` None: it failed).

    A success clears the account's failures, this attempt's included. A
    failure stays counted and is appended to the audit log as
    ``session.sign_in_failed`` by ``api:(anonymous)`` — subject ``user:NAME``
    for an existing account, ``user:(unknown)`` otherwise (so a password typed
    into the username field is not written down) — with the address, why, and
    the lockout it starts, if any, which is returned.
    """
    if user is not None:
        clear_sign_in_failures(conn, attempt.account)
        return None
    known = find_user(conn, attempt.account)
    reason = "no such user" if known is None else "wrong password"
    if known is not None and not known.active:
        reason = "user deactivated"
    lockout = too_many_failures(conn, attempt.account, attempt.address, now=attempt.at)
    detail: dict[str, str] = {"address": attempt.address, "reason": reason}
    if lockout is not None:
        detail["locks"] = f"{lockout.kind} until {lockout.retry_at:%Y-%m-%dT%H:%M:%SZ}"
    subject = "user:(unknown)" if known is None else f"user:{known.username}"
    audit.append(conn, "api:(anonymous)", "session.sign_in_failed", subject, detail)
    return lockout
