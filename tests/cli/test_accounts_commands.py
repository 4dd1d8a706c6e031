"""`users`, `tokens` and `audit` as an administrator runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import json
import subprocess
from pathlib import Path

from sqlalchemy import text

from borderwatch.store import open_database
from borderwatch.store.accounts import add_user
from borderwatch.store.api_tokens import authenticate_token
from tests.cli.running import run_borderwatch

PASSWORD = "river ferry lantern 1719\n"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"


def _run(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_borderwatch(*args, stdin=stdin, env={"BORDERWATCH_DATABASE_URL": url})


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _with_users(url: str) -> None:
    engine = open_database(url)
    with engine.begin() as conn:
        for name, role, crossing in (("ri", "officer", "dandong"), ("kim", "admin", None)):
            add_user(conn, name, PASSWORD.strip(), role=role, crossing=crossing, actor="cli:t")
    engine.dispose()


def test_users_are_added_with_a_role_and_crossing_and_listed(database_url: str) -> None:
    added = _run(
        database_url,
        "users",
        "add",
        "Kim.Admin",
        "--role",
        "admin",
        "--password-stdin",
        stdin=PASSWORD,
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "added kim.admin: admin at every crossing"
    officer = (
        "users",
        "add",
        "ri",
        "--role",
        "officer",
        "--crossing",
        "dandong",
        "--password-stdin",
    )
    assert _run(database_url, *officer, stdin=PASSWORD).returncode == 0
    again = _run(database_url, *officer, stdin=PASSWORD)
    assert again.returncode == 2 and "user 'ri' already exists" in again.stderr

    listed = _run(database_url, "users", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["username"], r["role"], r["crossing"], r["active"]) for r in rows] == [
        ("kim.admin", "admin", None, True),
        ("ri", "officer", "dandong", True),
    ]
    assert [r["language"] for r in rows] == [None, None]  # until they choose on the bench
    table = _run(database_url, "users", "list")
    assert "ri" in table.stdout and "dandong" in table.stdout and "(every)" in table.stdout


def test_users_add_refuses_before_asking_for_a_password(tmp_path: Path) -> None:
    """Checked before the password is read: no store is needed to get these right."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    officer = ("users", "add", "ri", "--role", "officer", "--password-stdin")
    no_crossing = _run(url, *officer, stdin=PASSWORD)
    assert no_crossing.returncode == 2
    assert (
        "an officer belongs to one crossing: give it (e.g. --crossing dandong)"
        in no_crossing.stderr
    )
    typo = _run(url, *officer, "--crossing", "dandogn", stdin=PASSWORD)
    assert typo.returncode == 2
    assert "unknown crossing 'dandogn'; the rule base knows: changbai, dandong" in typo.stderr
    analyst = ("users", "add", "pak", "--role", "analyst")
    short = _run(url, *analyst, "--password-stdin", stdin="short\n")
    assert short.returncode == 2 and "the password has 5 characters; it needs 12" in short.stderr
    empty = _run(url, *analyst, "--password-stdin")
    assert empty.returncode == 2 and "standard input is empty" in empty.stderr
    no_terminal = _run(url, *analyst)
    assert no_terminal.returncode == 2
    assert "no terminal to ask the password on. Pipe it in with --password-stdin" in _one_line(
        no_terminal.stderr
    )
    wrong_role = _run(url, "users", "add", "pak", "--role", "inspector", "--password-stdin")
    assert wrong_role.returncode == 2 and "'inspector' is not one of" in wrong_role.stderr


def test_a_token_is_printed_once_authenticates_and_is_revoked(database_url: str) -> None:
    _run(
        database_url,
        "users",
        "add",
        "ri",
        "--role",
        "officer",
        "--crossing",
        "dandong",
        "--password-stdin",
        stdin=PASSWORD,
    )
    _run(database_url, "users", "add", "kim", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    issued = _run(database_url, "tokens", "issue", "ri", "--label", "tablet 3")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    assert issued.stdout == token + "\n"  # the token alone, for TOKEN=$(...)
    assert "shown only this once" in _one_line(issued.stderr)
    assert "borderwatch tokens revoke 1" in _one_line(issued.stderr)
    engine = open_database(database_url)
    with engine.connect() as conn:
        who = authenticate_token(conn, token)
    assert who is not None and (who.username, who.crossing) == ("ri", "dandong")

    unscoped = _run(database_url, "tokens", "issue", "kim", "--label", "x")
    assert unscoped.returncode == 2
    assert "--crossing X (e.g. dandong) or --all-crossings" in _one_line(unscoped.stderr)
    every = _run(database_url, "tokens", "issue", "kim", "--all-crossings", "--label", "list job")
    assert every.returncode == 0 and "at every crossing" in every.stderr

    listed = _run(database_url, "tokens", "list", "--format", "json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["id"], r["username"], r["crossing"], r["label"]) for r in rows] == [
        (1, "ri", "dandong", "tablet 3"),
        (2, "kim", None, "list job"),
    ]
    assert token not in listed.stdout

    revoked = _run(database_url, "tokens", "revoke", "1")
    assert (
        revoked.returncode == 0
        and revoked.stdout.strip() == "token 1 (ri, dandong, 'tablet 3') revoked"
    )
    assert "was already revoked on" in _run(database_url, "tokens", "revoke", "1").stdout
    missing = _run(database_url, "tokens", "revoke", "7")
    assert missing.returncode == 5 and "no token 7" in missing.stderr
    with engine.connect() as conn:
        assert authenticate_token(conn, token) is None
    engine.dispose()


def test_audit_verify_counts_an_intact_log_and_names_a_tampered_record(database_url: str) -> None:
    me = f"cli:{getpass.getuser()}"
    assert (
        _run(
            database_url,
            "users",
            "add",
            "kim",
            "--role",
            "admin",
            "--password-stdin",
            stdin=PASSWORD,
        ).returncode
        == 0
    )
    assert _run(database_url, "lists", "load", str(SAMPLE)).returncode == 0
    assert (
        _run(database_url, "lists", "use", "1", "--note", "back to the known list").returncode == 0
    )
    _run(database_url, "tokens", "issue", "kim", "--all-crossings", "--label", "list job")

    shown = _run(database_url, "audit", "show", "--format", "json")
    records = [json.loads(line) for line in shown.stdout.splitlines()]
    assert [(r["seq"], r["actor"], r["action"]) for r in records] == [
        (1, me, "user.add"),
        (2, me, "list.load"),
        (3, me, "list.use"),
        (4, me, "token.issue"),
    ]
    assert records[2]["detail"]["note"] == "back to the known list"

    intact = _run(database_url, "audit", "verify")
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.startswith("audit log intact: 4 records; head: record 4, hash ")
    head = records[-1]["hash"]
    assert f"borderwatch audit verify --anchor 4:{head}" in intact.stdout
    assert _run(database_url, "audit", "verify", "--anchor", f"4:{head}").returncode == 0
    bad_anchor = _run(database_url, "audit", "verify", "--anchor", "4")
    assert bad_anchor.returncode == 2 and "is not SEQ:HASH" in bad_anchor.stderr

    engine = open_database(database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'cli:nobody' WHERE seq = 2"))
    engine.dispose()
    broken = _run(database_url, "audit", "verify")
    assert broken.returncode == 6
    message = _one_line(broken.stderr)
    assert "the audit log is broken at record 2: record 2 (list.load of" in message
    assert "1 records before it are intact" in message
    assert "keep a copy of the store as it is now" in message
