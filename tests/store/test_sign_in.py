"""Sign-in rate limits: per account and per address, over a 15-minute window."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from borderwatch.store import open_database
from borderwatch.store.accounts import add_user
from borderwatch.store.sign_in import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    KEEP,
    WINDOW,
    record_sign_in_failure,
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
