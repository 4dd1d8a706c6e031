"""`borderwatch lists`: load sanctions lists into the store and show what is loaded."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from borderwatch.cli.app import app
from borderwatch.cli.render import wide_console
from borderwatch.parties.sources import FORMATS, read_list
from borderwatch.store import open_database
from borderwatch.store.list_snapshots import save_snapshot, stored_snapshots

__all__ = ["lists_app"]

lists_app = typer.Typer(
    help="Load sanctions lists (UN consolidated XML, FollowTheMoney JSON) and show them.",
    no_args_is_help=True,
)
app.add_typer(lists_app, name="lists")


@lists_app.command("load")
def load(
    location: Annotated[str, typer.Argument(help="Path or http(s) URL of the list file.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help=f"One of {', '.join(FORMATS)} (default: guessed)."),
    ] = None,
) -> None:
    """Read a list and keep it in the store as a snapshot (source, date, content hash).

    Loading the same file again changes nothing. Screening uses the latest
    snapshot of each source.

    Examples:

      borderwatch lists load consolidated.xml

      borderwatch lists load https://scsanctions.un.org/resources/xml/en/consolidated.xml

      borderwatch lists load entities.ftm.json --format ftm
    """
    with wide_console().status(f"reading {location}"):
        snapshot = read_list(location, fmt=fmt)
    database = open_database()
    added = save_snapshot(database, snapshot)
    state = "stored" if added else "already stored"
    typer.echo(f"{snapshot.label}: {len(snapshot.entries)} entries {state} from {location}")


@lists_app.command("show")
def show(
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """List the stored snapshots: label, source, generation date, hash, entries.

    Examples:

      borderwatch lists show

      borderwatch lists show --format json
    """
    snapshots = stored_snapshots(open_database())
    if fmt == "json":
        for s in snapshots:
            row = {**s.__dict__, "loaded_at": s.loaded_at.isoformat()}
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("snapshot", "source", "generated", "entries", "loaded at")
    for s in snapshots:
        table.add_row(
            s.label,
            s.source,
            s.generated or "",
            str(s.entry_count),
            f"{s.loaded_at:%Y-%m-%d %H:%M}",
        )
    console = wide_console()
    if snapshots:
        console.print(table)
    else:
        console.print("no lists loaded; run: borderwatch lists load PATH|URL")
