"""Sessions in the store: kept hashed, over when signed out, expired, idle or deactivated."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from borderwatch.store import open_database
from borderwatch.store.accounts import add_user, set_user_active, user_named
from borderwatch.store.audit import recent_records, verify
from borderwatch.store.sessions import (
    SESSION_PREFIX,
    NewSession,
    authenticate_session,
    end_session,
    session_digest,
    sessions,
    start_session,
)

PASSWORD = "river ferry lantern 1719"
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
HOURS_12 = dt.timedelta(hours=12)
IDLE = dt.timedelta(minutes=60)
MINUTE = dt.timedelta(minutes=1)


def _store(database_url: str) -> Engine:
    engine = open_database(database_url)
    with engine.begin() as conn:
        add_user(conn, "ri", PASSWORD, role="officer", crossing="dandong", actor="cli:t")
    return engine


def _start(engine: Engine, at: dt.datetime = T0) -> NewSession:
    with engine.begin() as conn:
        return start_session(conn, user_named(conn, "ri"), "10.0.0.1", lifetime=HOURS_12, now=at)


def _who(engine: Engine, secret: str, at: dt.datetime) -> str | None:
    with engine.begin() as conn:
        found = authenticate_session(conn, secret, idle=IDLE, now=at)
    return None if found is None else f"{found.username}@{found.crossing}"


def test_a_session_is_kept_as_the_hash_of_its_secret_and_audited(database_url: str) -> None:
    engine = _store(database_url)
    new = _start(engine)
    assert new.secret.startswith(SESSION_PREFIX) and len(new.secret) == 47
    assert "secret" not in repr(new) and new.secret not in repr(new)
    with engine.connect() as conn:
        (kept,) = conn.execute(select(sessions.c.session_hash)).scalars()
    assert kept == session_digest(new.secret)
    assert _who(engine, new.secret, T0 + MINUTE) == "ri@dandong"
    for wrong in ("", "bws_", new.secret + "x", "bws_" + "é" * 43, "x" * 10_000):
        assert _who(engine, wrong, T0 + MINUTE) is None
    (record,) = [r for r in recent_records(engine) if r.action == "session.sign_in"]
    assert (record.actor, record.subject) == ("api:ri", f"session:{new.id}")
    assert record.detail == {
        "user": "ri",
        "address": "10.0.0.1",
        "expires_at": "2026-03-01T20:00:00Z",
    }
    engine.dispose()


def test_a_session_ends_at_its_lifetime_however_busy(database_url: str) -> None:
    engine = _store(database_url)
    new = _start(engine)
    at = T0
    while at < T0 + HOURS_12 - 30 * MINUTE:  # used every half hour all day
        at += 30 * MINUTE
        assert _who(engine, new.secret, at) is not None
    assert _who(engine, new.secret, T0 + HOURS_12 - dt.timedelta(seconds=1)) is not None
    assert _who(engine, new.secret, T0 + HOURS_12) is None
    engine.dispose()


def test_a_session_unused_for_the_idle_time_is_over(database_url: str) -> None:
    engine = _store(database_url)
    new = _start(engine)
    assert _who(engine, new.secret, T0 + 59 * MINUTE) is not None  # last use: 08:59
    assert _who(engine, new.secret, T0 + 118 * MINUTE) is not None  # 59 minutes later
    assert _who(engine, new.secret, T0 + 178 * MINUTE) is None  # 60 minutes later
    # a use within a minute of the last is not written: reading pages is no write each time
    other = _start(engine)
    _who(engine, other.secret, T0 + dt.timedelta(seconds=30))
    with engine.connect() as conn:
        seen = conn.execute(
            select(sessions.c.last_seen_at).where(sessions.c.id == other.id)
        ).scalar_one()
    assert seen.replace(tzinfo=dt.UTC) == T0
    engine.dispose()


def test_signing_out_ends_a_session_once(database_url: str) -> None:
    engine = _store(database_url)
    new, kept = _start(engine), _start(engine)
    with engine.begin() as conn:
        ended = end_session(conn, new.secret, now=T0 + MINUTE)
        assert ended is not None and ended.session_id == new.id
        assert end_session(conn, new.secret, now=T0 + MINUTE) is None  # nothing more written
    assert _who(engine, new.secret, T0 + 2 * MINUTE) is None
    assert _who(engine, kept.secret, T0 + 2 * MINUTE) == "ri@dandong"  # other sessions go on
    outs = [r for r in recent_records(engine) if r.action == "session.sign_out"]
    assert [(r.subject, r.detail["reason"]) for r in outs] == [(f"session:{new.id}", "signed out")]
    assert verify(engine).intact
    engine.dispose()


def test_deactivating_a_user_ends_their_sessions_for_good(database_url: str) -> None:
    engine = _store(database_url)
    first, second = _start(engine), _start(engine)
    with engine.begin() as conn:
        set_user_active(conn, "ri", False, actor="cli:kim")
    with engine.begin() as conn:
        set_user_active(conn, "ri", True, actor="cli:kim")
    assert _who(engine, first.secret, T0 + MINUTE) is None
    assert _who(engine, second.secret, T0 + MINUTE) is None
    assert _who(engine, _start(engine).secret, T0 + MINUTE) == "ri@dandong"
    engine.dispose()


def test_sessions_past_their_lifetime_are_deleted_when_one_begins(database_url: str) -> None:
    engine = _store(database_url)
    _start(engine, T0)
    _start(engine, T0 + HOURS_12 + MINUTE)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(sessions)).scalar_one() == 1
    engine.dispose()
