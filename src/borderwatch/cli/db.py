"""`borderwatch db`: the store's schema revision, and migrating it by hand."""

from __future__ import annotations

import typer

from borderwatch.cli.app import app
from borderwatch.store.database import connect, describe
from borderwatch.store.migration import current_revision, head_revision, upgrade

__all__ = ["db_app"]

db_app = typer.Typer(
    help="The store's schema: which revision it is at, and upgrading it.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade_command() -> None:
    """Migrate the store to the newest schema and print its revision.

    Any command that uses the store does this on first use; run it to
    migrate at a chosen moment, e.g. after installing a new borderwatch.

    Examples:

      borderwatch db upgrade
    """
    engine = connect()
    before = current_revision(engine)
    after = upgrade(engine)
    moved = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    typer.echo(f"{describe(engine)}: {moved} revision {after} (head)")


@db_app.command("current")
def current_command() -> None:
    """Print the store's schema revision, without changing anything.

    Examples:

      borderwatch db current
    """
    engine = connect()
    revision = current_revision(engine)
    if revision is None:
        typer.echo(
            f"{describe(engine)}: no revision (new or older store); run: borderwatch db upgrade"
        )
    elif revision == head_revision():
        typer.echo(f"{describe(engine)}: revision {revision} (head)")
    else:
        typer.echo(
            f"{describe(engine)}: revision {revision}; the newest is {head_revision()}; "
            "run: borderwatch db upgrade"
        )
