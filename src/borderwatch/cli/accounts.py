"""`borderwatch users` and `borderwatch tokens`: accounts of the officers' service and their
API tokens. Every change is appended to the audit log as ``cli:<os user>``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from borderwatch.cli.app import app
from borderwatch.cli.options import TableOrJson, cli_actor, rule_base_from
from borderwatch.cli.render import safe, utc_minute, wide_console
from borderwatch.errors import InputError
from borderwatch.store import open_database
from borderwatch.store.accounts import (
    CROSSING_ROLES,
    MAX_PASSWORD,
    MIN_PASSWORD,
    add_user,
    check_crossing,
    find_user,
    list_users,
    normal_username,
    user_named,
)
from borderwatch.store.api_tokens import issue_token, list_tokens, revoke_token

__all__ = ["tokens_app", "users_app"]

users_app = typer.Typer(
    help="Accounts of the officers' service: add users with a role and crossing, list them.",
    no_args_is_help=True,
)
tokens_app = typer.Typer(
    help="API tokens: issue one to a user for a crossing, list them, revoke one.",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")


class Role(StrEnum):
    """What a user may do; officers and supervisors work at one crossing."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ANALYST = "analyst"
    ADMIN = "admin"


def _known_crossings() -> frozenset[str]:
    """The crossings of the rule base in use (BORDERWATCH_RULE_BASE, the store's current
    version, or the shipped one)."""
    return frozenset(rule_base_from(None).crossings)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InputError(
                "--password-stdin: standard input is empty. Pipe the password in, e.g. "
                "borderwatch users add NAME --role admin --password-stdin < password.txt"
            )
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError(
            "there is no terminal to ask the password on. Pipe it in with --password-stdin "
            "(the first line of standard input is read)."
        )
    password: str = typer.prompt(
        f"Password for the new user ({MIN_PASSWORD} to {MAX_PASSWORD} characters)",
        hide_input=True,
        confirmation_prompt=True,
    )
    return password


@users_app.command("add")
def add(
    username: Annotated[
        str, typer.Argument(help="1 to 64 of a-z, 0-9, '.', '_', '-'; kept in lower case.")
    ],
    role: Annotated[
        Role,
        typer.Option(
            help="officer or supervisor (at one crossing), analyst or admin (every crossing)."
        ),
    ],
    crossing: Annotated[
        str | None,
        typer.Option(help="The crossing of an officer or supervisor, e.g. dandong."),
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password from the first line of standard input instead of asking.",
        ),
    ] = False,
) -> None:
    """Add a user with a role (and a crossing for officers and supervisors).

    The password is asked for twice on the terminal, or read from standard
    input with --password-stdin; it is never an argument, so it stays out of
    shell history and process lists. It needs 12 to 1024 characters and is
    kept only as an argon2id hash. The crossing must be one the rule base
    knows (borderwatch rules show --crossing X lists them when wrong).
    Appended to the audit log as user.add.

    Examples:

      borderwatch users add kim.admin --role admin

      borderwatch users add ri.yongchol --role officer --crossing dandong --password-stdin < pw.txt

      borderwatch users add pak.analyst --role analyst
    """
    name = normal_username(username)  # everything but the password is checked before asking
    known = _known_crossings() if crossing else None
    check_crossing(role.value, crossing, known)
    engine = open_database()
    with engine.connect() as conn:
        if find_user(conn, name) is not None:
            raise InputError(f"user {name!r} already exists; choose another username.")
    password = _read_password(password_stdin)
    with engine.begin() as conn:
        user = add_user(
            conn,
            username,
            password,
            role=role.value,
            crossing=crossing,
            actor=cli_actor(),
            known_crossings=known,
        )
    where = f"at {user.crossing}" if user.crossing else "at every crossing"
    typer.echo(f"added {user.username}: {user.role} {where}")


@users_app.command("list")
def list_command(
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = (
        TableOrJson.TABLE
    ),
) -> None:
    """List the users: username, role, crossing, whether active, when added, and the
    interface language they last chose on the bench (none until they choose).

    Examples:

      borderwatch users list

      borderwatch users list --format json
    """
    with open_database().connect() as conn:
        found = list_users(conn)
    if fmt is TableOrJson.JSON:
        for u in found:
            row = {**u.__dict__, "created_at": u.created_at.isoformat()}
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("username", "role", "crossing", "active", "added (UTC)", "language")
    for u in found:
        table.add_row(
            safe(u.username),
            u.role,
            safe(u.crossing or "(every)"),
            "yes" if u.active else "no",
            utc_minute(u.created_at),
            u.language or "-",
        )
    console = wide_console()
    console.print(table if found else "no users yet; add one with: borderwatch users add")


@tokens_app.command("issue")
def issue(
    username: Annotated[str, typer.Argument(help="Whose token it is (borderwatch users list).")],
    label: Annotated[
        str, typer.Option(help="Where the token is used, e.g. 'inspection tablet 3'.")
    ],
    crossing: Annotated[
        str | None,
        typer.Option(help="Crossing the token acts at (default: an officer's own crossing)."),
    ] = None,
    all_crossings: Annotated[
        bool,
        typer.Option("--all-crossings", help="For an analyst's or admin's token: every crossing."),
    ] = False,
) -> None:
    """Issue an API token to a user and print it, once.

    Standard output is the token alone, so TOKEN=$(borderwatch tokens issue ...)
    keeps it; what it is for goes to standard error. The store keeps only a
    hash of it: copy it now, it cannot be shown again (issue a new one and
    revoke the old one if it is lost). An officer's or supervisor's token acts
    at their own crossing; an analyst's or admin's at the --crossing given,
    or at every crossing with --all-crossings. Appended to the audit log as
    token.issue.

    Examples:

      borderwatch tokens issue ri.yongchol --label "inspection tablet 3"

      borderwatch tokens issue pak.analyst --crossing hunchun --label "weekly report job"

      borderwatch tokens issue kim.admin --all-crossings --label "list updates"
    """
    if crossing is not None and all_crossings:
        raise InputError("give --crossing X or --all-crossings, not both.")
    engine = open_database()
    with engine.begin() as conn:
        user = user_named(conn, username)
        bound = user.role in CROSSING_ROLES
        if bound and crossing is None and not all_crossings:
            crossing = user.crossing
        elif not bound and crossing is None and not all_crossings:
            raise InputError(
                f"{user.username} is an {user.role}: say where the token acts, with "
                "--crossing X (e.g. dandong) or --all-crossings."
            )
        known = _known_crossings() if crossing is not None and not bound else None
        issued = issue_token(
            conn, username, crossing=crossing, label=label, actor=cli_actor(), known_crossings=known
        )
    where = issued.crossing or "every crossing"
    typer.echo(
        f"token {issued.id} for {issued.username} ({issued.role}) at {where}, "
        f"label {issued.label!r}. It is shown only this once: keep it now. "
        f"Revoke it with: borderwatch tokens revoke {issued.id}",
        err=True,
    )
    typer.echo(issued.token)


@tokens_app.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (borderwatch tokens list).")],
) -> None:
    """Revoke an API token: from now on it is refused. Appended to the audit log.

    Examples:

      borderwatch tokens revoke 3
    """
    with open_database().begin() as conn:
        token, revoked = revoke_token(conn, token_id, actor=cli_actor())
    what = f"token {token.id} ({token.username}, {token.crossing or 'every crossing'}, {token.label!r})"
    if revoked or token.revoked_at is None:
        typer.echo(f"{what} revoked")
    else:
        typer.echo(f"{what} was already revoked on {utc_minute(token.revoked_at)} UTC")


@tokens_app.command("list")
def list_tokens_command(
    username: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = (
        TableOrJson.TABLE
    ),
) -> None:
    """List API tokens (never the tokens themselves): id, user, crossing, label, revoked.

    Examples:

      borderwatch tokens list

      borderwatch tokens list ri.yongchol --format json
    """
    with open_database().connect() as conn:
        found = list_tokens(conn, username)
    if fmt is TableOrJson.JSON:
        for t in found:
            row = {
                **t.__dict__,
                "created_at": t.created_at.isoformat(),
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("id", "user", "role", "crossing", "label", "issued (UTC)", "revoked (UTC)")
    for t in found:
        table.add_row(
            str(t.id),
            safe(t.username),
            t.role,
            safe(t.crossing or "(every)"),
            safe(t.label),
            utc_minute(t.created_at),
            utc_minute(t.revoked_at) if t.revoked_at else "",
        )
    wide_console().print(
        table if found else "no tokens issued; issue one with: borderwatch tokens issue"
    )
