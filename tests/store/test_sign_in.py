"""Sign-in rate limits: per account and per address, over a 15-minute window."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, func, select

from borderwatch.store import open_database
from borderwatch.store.accounts import add_user, verify_password
from borderwatch.store.audit import recent_records
from borderwatch.store.sign_in import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    KEEP,
    WINDOW,
    Attempt,
    Lockout,
    claim_attempt,
    record_sign_in_failure,
    settle_attempt,
    sign_in,
    sign_in_failures,
    too_many_failures,
)

PASSWORD = "river ferry lantern 1719"
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)


def _fail(engine: Engine, account: str, address: str, at: dt.datetime) -> None:
    with engine.begin() as conn:
        record_sign_in_failure(conn, account, address, now=at)


def test_the_documented_limits() -> None:
    limits = (WINDOW, ACCOUNT_LIMIT, ADDRESS_LIMIT)
    assert limits == (dt.timedelta(minutes=15), 5, 20)


def test_an_account_is_locked_after_five_failures_until_the_oldest_leaves_the_window(
    database_url: str,
) -> None:
    engine = open_database(database_url)
    minute = dt.timedelta(minutes=1)
    for n in range(ACCOUNT_LIMIT - 1):  # from different addresses: counted for the account
        _fail(engine, "Ri", f"10.0.0.{n}", T0 + n * minute)
    with engine.connect() as conn:
        assert too_many_failures(conn, "ri", "10.9.9.9", now=T0 + 5 * minute) is None
    _fail(engine, "ri", "10.0.0.9", T0 + 4 * minute)
    with engine.connect() as conn:
        locked = too_many_failures(conn, "RI ", "10.9.9.9", now=T0 + 5 * minute)
        assert locked is not None
        assert (locked.kind, locked.key, locked.failures, locked.limit) == ("account", "ri", 5, 5)
        assert locked.retry_at == T0 + WINDOW  # when the first failure leaves the window
        assert "try again after 08:15:00 UTC" in str(locked)
        assert too_many_failures(conn, "ri", "10.9.9.9", now=T0 + WINDOW - SECOND) is not None
        assert too_many_failures(conn, "ri", "10.9.9.9", now=T0 + WINDOW) is None
        assert too_many_failures(conn, "kim", "10.9.9.9", now=T0 + 5 * minute) is None
    engine.dispose()


def test_an_address_is_locked_after_twenty_failures_on_any_accounts(database_url: str) -> None:
    engine = open_database(database_url)
    for n in range(ADDRESS_LIMIT):
        _fail(engine, f"user{n}", "192.0.2.7", T0 + n * SECOND)
    with engine.connect() as conn:
        locked = too_many_failures(conn, "kim", "192.0.2.7", now=T0 + dt.timedelta(minutes=1))
        assert locked is not None and (locked.kind, locked.failures) == ("address", 20)
        assert too_many_failures(conn, "kim", "192.0.2.8", now=T0 + dt.timedelta(minutes=1)) is None
    engine.dispose()


def test_failures_older_than_a_day_are_deleted_when_one_is_recorded(database_url: str) -> None:
    engine = open_database(database_url)
    _fail(engine, "ri", "10.0.0.1", T0)
    _fail(engine, "ri", "10.0.0.1", T0 + KEEP + SECOND)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(sign_in_failures)).scalar_one() == 1
    engine.dispose()


def test_sign_in_counts_failures_refuses_when_locked_and_clears_on_success(
    database_url: str,
) -> None:
    engine = open_database(database_url)
    with engine.begin() as conn:
        add_user(conn, "ri", PASSWORD, role="officer", crossing="dandong", actor="cli:t")
    address = "10.1.1.1"
    for n in range(ACCOUNT_LIMIT - 1):
        with engine.begin() as conn:
            wrong = sign_in(conn, "ri", "wrong password!", address, now=T0 + n * SECOND)
            assert wrong.user is None and wrong.lockout is None
    with engine.begin() as conn:  # the right password clears the account's failures
        right = sign_in(conn, "ri", PASSWORD, address, now=T0 + 10 * SECOND)
        assert right.user is not None and right.user.username == "ri"
    for n in range(ACCOUNT_LIMIT):
        with engine.begin() as conn:
            sign_in(conn, "ri", "wrong password!", address, now=T0 + (20 + n) * SECOND)
    with engine.begin() as conn:  # locked: even the right password is not tried
        refused = sign_in(conn, "ri", PASSWORD, address, now=T0 + dt.timedelta(minutes=1))
        assert refused.user is None and refused.lockout is not None
        assert refused.lockout.kind == "account"
    with engine.connect() as conn:
        kept = conn.execute(select(func.count()).select_from(sign_in_failures)).scalar_one()
    assert kept == ACCOUNT_LIMIT  # a locked-out attempt is not counted
    later = T0 + dt.timedelta(seconds=20) + WINDOW
    with engine.begin() as conn:
        assert sign_in(conn, "ri", PASSWORD, address, now=later).user is not None
    engine.dispose()


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(sign_in_failures)).scalar_one())


def _attempt(engine: Engine, username: str, password: str, address: str) -> Attempt | Lockout:
    """The service's exchange: claim, check the password, settle."""
    claim = claim_attempt(engine, username, address)
    if isinstance(claim, Lockout):
        return claim
    with engine.begin() as conn:
        settle_attempt(conn, claim, verify_password(conn, username, password))
    return claim


def test_a_claimed_attempt_counts_before_the_password_is_checked(database_url: str) -> None:
    engine = open_database(database_url)
    with engine.begin() as conn:
        add_user(conn, "ri", PASSWORD, role="officer", crossing="dandong", actor="cli:t")
    claim = claim_attempt(engine, "RI", "10.1.1.1")
    assert isinstance(claim, Attempt) and claim.account == "ri"
    assert _count(engine) == 1  # committed: every other attempt sees it
    with engine.begin() as conn:
        assert settle_attempt(conn, claim, verify_password(conn, "ri", PASSWORD)) is None
    assert _count(engine) == 0  # a success clears the account's failures, its own included
    for _ in range(ACCOUNT_LIMIT):
        assert isinstance(_attempt(engine, "ri", "wrong password!", "10.1.1.1"), Attempt)
    refused = claim_attempt(engine, "ri", "10.1.1.2")
    assert isinstance(refused, Lockout) and refused.kind == "account"
    assert _count(engine) == ACCOUNT_LIMIT  # the refused attempt is not counted
    failed = [r for r in recent_records(engine) if r.action == "session.sign_in_failed"]
    assert [r.subject for r in failed] == ["user:ri"] * ACCOUNT_LIMIT
    assert "locks" not in failed[-2].detail and failed[-1].detail["locks"].startswith("account")
    engine.dispose()


def test_attempts_sent_together_never_check_more_passwords_than_the_limit(
    database_url: str,
) -> None:
    """The check-then-count of `sign_in` lets a burst of parallel guesses all through;
    claiming first holds every burst to the limit."""
    engine = open_database(database_url)
    with engine.begin() as conn:
        add_user(conn, "ri", PASSWORD, role="officer", crossing="dandong", actor="cli:t")
    together = threading.Barrier(12)

    def guess(n: int) -> bool:
        together.wait()
        return isinstance(_attempt(engine, "ri", f"guess number {n:03}", f"10.2.0.{n}"), Attempt)

    with ThreadPoolExecutor(12) as pool:
        checked = sum(pool.map(guess, range(12)))
    assert checked <= ACCOUNT_LIMIT
    assert _count(engine) == checked
    # those refused in the race are not counted: sent one by one, the rest up to the limit pass
    for n in range(ACCOUNT_LIMIT - checked):
        assert isinstance(_attempt(engine, "ri", f"later guess {n:03}", "10.3.0.1"), Attempt)
    assert isinstance(_attempt(engine, "ri", PASSWORD, "10.3.0.1"), Lockout)
    engine.dispose()
