"""Users: roles and crossings, passwords hashed with argon2 and checked, on both databases."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from borderwatch.errors import InputError, NotFoundError
from borderwatch.store import open_database
from borderwatch.store.accounts import (
    add_user,
    check_crossing,
    find_user,
    list_users,
    set_user_active,
    user_named,
    users,
    verify_password,
)
from borderwatch.store.audit import recent_records, verify

PASSWORD = "river ferry lantern 1719"
CROSSINGS = frozenset({"dandong", "hunchun", "changbai"})


def _add(engine: Engine, name: str, role: str, crossing: str | None = None) -> None:
    with engine.begin() as conn:
        add_user(
            conn,
            name,
            PASSWORD,
            role=role,
            crossing=crossing,
            actor="cli:tester",
            known_crossings=CROSSINGS,
        )


@pytest.mark.parametrize(
    ("role", "crossing", "refusal"),
    [
        ("officer", "dandong", None),
        ("supervisor", "hunchun", None),
        ("analyst", None, None),
        ("admin", None, None),
        ("officer", None, "an officer belongs to one crossing"),
        ("supervisor", None, "a supervisor belongs to one crossing"),
        ("analyst", "dandong", "an analyst works across every crossing"),
        ("admin", "dandong", "an admin works across every crossing"),
        ("officer", "dandogn", "unknown crossing 'dandogn'; the rule base knows: changbai"),
        ("inspector", None, "role 'inspector' is not one of officer, supervisor, analyst, admin"),
    ],
)
def test_roles_and_crossings(role: str, crossing: str | None, refusal: str | None) -> None:
    if refusal is None:
        assert check_crossing(role, crossing, CROSSINGS) == crossing
    else:
        with pytest.raises(InputError, match=refusal):
            check_crossing(role, crossing, CROSSINGS)


def test_users_are_added_listed_and_audited(database_url: str) -> None:
    engine = open_database(database_url)
    _add(engine, "Ri.YongChol", "officer", "dandong")
    _add(engine, "kim.admin", "admin")
    with engine.connect() as conn:
        listed = [(u.username, u.role, u.crossing, u.active) for u in list_users(conn)]
        assert user_named(conn, "RI.yongchol").username == "ri.yongchol"
        with pytest.raises(NotFoundError, match="borderwatch users list"):
            user_named(conn, "nobody")
    assert listed == [
        ("kim.admin", "admin", None, True),
        ("ri.yongchol", "officer", "dandong", True),
    ]
    records = recent_records(engine)
    assert [(r.actor, r.action, r.subject, r.detail) for r in records] == [
        ("cli:tester", "user.add", "user:ri.yongchol", {"role": "officer", "crossing": "dandong"}),
        ("cli:tester", "user.add", "user:kim.admin", {"role": "admin", "crossing": None}),
    ]
    assert verify(engine).intact
    engine.dispose()


def test_a_refused_user_leaves_neither_a_row_nor_an_audit_record(database_url: str) -> None:
    engine = open_database(database_url)
    _add(engine, "ri", "officer", "dandong")
    with pytest.raises(InputError, match="user 'ri' already exists"):
        _add(engine, "RI", "officer", "hunchun")
    with pytest.raises(InputError, match="username 'ri yong' is not allowed"):
        _add(engine, "ri yong", "officer", "hunchun")
    with (
        pytest.raises(InputError, match="the password has 5 characters; it needs 12"),
        engine.begin() as conn,
    ):
        add_user(conn, "pak", "short", role="analyst", actor="cli:tester")
    with engine.connect() as conn:
        assert [u.username for u in list_users(conn)] == ["ri"]
    assert len(recent_records(engine)) == 1
    engine.dispose()


def test_the_table_itself_refuses_an_officer_without_a_crossing(database_url: str) -> None:
    """The check constraint holds the rule against SQL written by hand."""
    engine = open_database(database_url)
    _add(engine, "ri", "officer", "dandong")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(update(users).where(users.c.username == "ri").values(crossing=None))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(update(users).where(users.c.username == "ri").values(role="customs"))
    engine.dispose()


def test_password_is_verified_and_never_stored(database_url: str) -> None:
    engine = open_database(database_url)
    _add(engine, "ri", "officer", "dandong")
    with engine.begin() as conn:
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        signed = verify_password(conn, "Ri", PASSWORD)
        assert signed is not None and signed.username == "ri" and signed.crossing == "dandong"
        assert verify_password(conn, "ri", PASSWORD + " ") is None
        assert verify_password(conn, "ri", "") is None
        assert verify_password(conn, "nobody", PASSWORD) is None
        assert verify_password(conn, "not a name!", PASSWORD) is None
    engine.dispose()


def test_password_is_compared_after_nfkc_normalisation(database_url: str) -> None:
    """A full-width digit from a Chinese or Korean input method is the same password."""
    engine = open_database(database_url)
    _add(engine, "ri", "officer", "dandong")
    with engine.begin() as conn:
        assert verify_password(conn, "ri", PASSWORD.replace("1719", "１７１９")) is not None
    engine.dispose()


def test_a_hash_with_old_parameters_is_redone_on_sign_in(database_url: str) -> None:
    engine = open_database(database_url)
    _add(engine, "ri", "officer", "dandong")
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with engine.begin() as conn:
        conn.execute(update(users).values(password_hash=weak))
    with engine.begin() as conn:
        assert verify_password(conn, "ri", "a wrong password!") is None
        assert conn.execute(select(users.c.password_hash)).scalar_one() == weak
        assert verify_password(conn, "ri", PASSWORD) is not None
    with engine.begin() as conn:
        redone = conn.execute(select(users.c.password_hash)).scalar_one()
        current = PasswordHasher()
        assert redone != weak
        assert f"m={current.memory_cost},t={current.time_cost},p={current.parallelism}" in redone
        assert not current.check_needs_rehash(redone)
        assert verify_password(conn, "ri", PASSWORD) is not None
    engine.dispose()


def test_a_deactivated_user_cannot_sign_in_and_the_change_is_audited(database_url: str) -> None:
    engine = open_database(database_url)
    _add(engine, "ri", "officer", "dandong")
    with engine.begin() as conn:
        assert set_user_active(conn, "ri", False, actor="api:kim").active is False
        set_user_active(conn, "ri", False, actor="api:kim")  # no change, no record
    with engine.begin() as conn:
        assert verify_password(conn, "ri", PASSWORD) is None
        found = find_user(conn, "ri")
        assert found is not None and found.active is False
        set_user_active(conn, "ri", True, actor="api:kim")
        assert verify_password(conn, "ri", PASSWORD) is not None
    actions = [(r.actor, r.action) for r in recent_records(engine)]
    assert actions == [
        ("cli:tester", "user.add"),
        ("api:kim", "user.deactivate"),
        ("api:kim", "user.activate"),
    ]
    engine.dispose()
