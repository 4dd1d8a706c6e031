"""API tokens: issued once, kept as a hash, scoped to a crossing, refused once revoked."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import Engine, select, text, update

from borderwatch.errors import InputError, NotFoundError
from borderwatch.store import open_database
from borderwatch.store.accounts import add_user, set_user_active, users
from borderwatch.store.api_tokens import (
    TOKEN_PREFIX,
    StoredToken,
    api_tokens,
    authenticate_token,
    issue_token,
    list_tokens,
    revoke_token,
)
from borderwatch.store.audit import recent_records

PASSWORD = "river ferry lantern 1719"


def _store(database_url: str) -> Engine:
    engine = open_database(database_url)
    with engine.begin() as conn:
        add_user(conn, "ri", PASSWORD, role="officer", crossing="dandong", actor="cli:t")
        add_user(conn, "pak", PASSWORD, role="analyst", actor="cli:t")
    return engine


def test_a_token_is_shown_once_kept_as_its_hash_and_authenticates(database_url: str) -> None:
    engine = _store(database_url)
    with engine.begin() as conn:
        issued = issue_token(conn, "ri", crossing="dandong", label="tablet 3", actor="cli:t")
    assert issued.token.startswith(TOKEN_PREFIX) and len(issued.token) == 46
    assert issued.token not in repr(issued)
    with engine.connect() as conn:
        kept = conn.execute(select(api_tokens.c.token_hash)).scalar_one()
        everything = " ".join(
            str(value)
            for table in ("users", "api_tokens", "audit_log")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
            for value in row
        )
        who = authenticate_token(conn, issued.token)
    assert kept == hashlib.sha256(issued.token.encode()).hexdigest()
    assert issued.token not in everything and issued.token[3:] not in everything
    assert who is not None
    assert (who.token_id, who.username, who.role, who.crossing) == (
        issued.id,
        "ri",
        "officer",
        "dandong",
    )
    engine.dispose()


def test_unknown_or_malformed_tokens_are_refused(database_url: str) -> None:
    engine = _store(database_url)
    with engine.begin() as conn:
        issued = issue_token(conn, "ri", crossing="dandong", label="tablet", actor="cli:t")
        assert authenticate_token(conn, issued.token[:-1]) is None
        assert authenticate_token(conn, issued.token + "x") is None
        assert authenticate_token(conn, issued.token[3:]) is None  # without its prefix
        assert authenticate_token(conn, "") is None
        assert authenticate_token(conn, TOKEN_PREFIX + "a" * 10_000) is None
    engine.dispose()


def test_revoked_tokens_and_deactivated_users_are_refused(database_url: str) -> None:
    engine = _store(database_url)
    with engine.begin() as conn:
        first = issue_token(conn, "ri", crossing="dandong", label="tablet 1", actor="cli:t")
        second = issue_token(conn, "ri", crossing="dandong", label="tablet 2", actor="cli:t")
    with engine.begin() as conn:
        token, changed = revoke_token(conn, first.id, actor="cli:kim")
        assert changed and token.revoked_at is not None
        assert revoke_token(conn, first.id, actor="cli:kim")[1] is False
        with pytest.raises(NotFoundError, match="no token 99; list them with"):
            revoke_token(conn, 99, actor="cli:kim")
    with engine.begin() as conn:
        assert authenticate_token(conn, first.token) is None
        assert authenticate_token(conn, second.token) is not None
        set_user_active(conn, "ri", False, actor="cli:kim")
        assert authenticate_token(conn, second.token) is None
        with pytest.raises(InputError, match="deactivated"):
            issue_token(conn, "ri", crossing="dandong", label="tablet 3", actor="cli:t")
    listed = [(t.id, t.label, t.revoked_at is not None) for t in _tokens(engine)]
    assert listed == [(first.id, "tablet 1", True), (second.id, "tablet 2", False)]
    actions = [(r.actor, r.action, r.subject) for r in recent_records(engine)][2:]
    assert actions == [
        ("cli:t", "token.issue", f"token:{first.id}"),
        ("cli:t", "token.issue", f"token:{second.id}"),
        ("cli:kim", "token.revoke", f"token:{first.id}"),
        ("cli:kim", "user.deactivate", "user:ri"),
    ]
    engine.dispose()


def _tokens(engine: Engine) -> list[StoredToken]:
    with engine.connect() as conn:
        return list_tokens(conn, "RI")


def test_an_officers_token_is_for_their_own_crossing_only(database_url: str) -> None:
    engine = _store(database_url)
    with engine.begin() as conn:
        with pytest.raises(InputError, match="their tokens are for dandong only, not 'hunchun'"):
            issue_token(conn, "ri", crossing="hunchun", label="x", actor="cli:t")
        with pytest.raises(InputError, match="not every crossing"):
            issue_token(conn, "ri", crossing=None, label="x", actor="cli:t")
        with pytest.raises(InputError, match="label"):
            issue_token(conn, "ri", crossing="dandong", label="  ", actor="cli:t")
        issued = issue_token(conn, "ri", crossing="dandong", label="tablet", actor="cli:t")
    with engine.begin() as conn:  # the officer is moved to Hunchun: the Dandong token stops
        conn.execute(update(users).where(users.c.username == "ri").values(crossing="hunchun"))
        assert authenticate_token(conn, issued.token) is None
    engine.dispose()


def test_an_analysts_token_is_for_one_crossing_or_every_one(database_url: str) -> None:
    engine = _store(database_url)
    known = {"dandong", "hunchun"}
    with engine.begin() as conn:
        one = issue_token(
            conn, "pak", crossing="hunchun", label="a", actor="cli:t", known_crossings=known
        )
        every = issue_token(conn, "pak", crossing=None, label="b", actor="cli:t")
        with pytest.raises(InputError, match="unknown crossing 'rason'"):
            issue_token(
                conn, "pak", crossing="rason", label="c", actor="cli:t", known_crossings=known
            )
    with engine.connect() as conn:
        scoped = authenticate_token(conn, one.token)
        unscoped = authenticate_token(conn, every.token)
    assert scoped is not None and (scoped.role, scoped.crossing) == ("analyst", "hunchun")
    assert unscoped is not None and unscoped.crossing is None
    engine.dispose()


def test_a_token_issued_in_a_transaction_that_rolls_back_does_not_exist(database_url: str) -> None:
    engine = _store(database_url)
    with pytest.raises(RuntimeError), engine.begin() as conn:
        issued = issue_token(conn, "ri", crossing="dandong", label="tablet", actor="cli:t")
        raise RuntimeError("the API request failed after issuing")
    with engine.connect() as conn:
        assert authenticate_token(conn, issued.token) is None
    assert [r.action for r in recent_records(engine)] == ["user.add", "user.add"]
    engine.dispose()
