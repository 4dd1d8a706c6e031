"""`borderwatch lists`: load sanctions lists into the store, choose the current one, show them."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from borderwatch.cli.app import app
from borderwatch.cli.options import TableOrJson, cli_actor
from borderwatch.cli.render import safe, wide_console
from borderwatch.parties.changes import summarise
from borderwatch.parties.sources import FORMATS
from borderwatch.store import open_database
from borderwatch.store.list_selections import select_snapshot, selection_history
from borderwatch.store.list_snapshots import stored_snapshots

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
    max_shrink: Annotated[
        float | None,
        typer.Option(
            help="Largest share of entries the list may lose against the current snapshot "
            "of its source (default: BORDERWATCH_LIST_SHRINK_LIMIT)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Load even an empty or much shorter list.")
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            help="Seconds a download may take in all (default: BORDERWATCH_FETCH_TIMEOUT)."
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why this list is loaded, kept with it.")] = None,
    refetch: Annotated[
        bool,
        typer.Option("--refetch", help="Download a URL in full even if the server says unchanged."),
    ] = False,
) -> None:
    """Read a list, keep it as a snapshot (source, date, content hash) and make it current.

    Screening uses the current snapshot of each source. A list with no
    entries, or that loses more than the shrink limit, is refused unless
    --force. Loading a file already stored makes it current again.

    A URL is streamed with a progress bar, and asked for only if it changed
    since the copy loaded before (ETag / Last-Modified): an unchanged list
    makes no new snapshot. A new snapshot records the entries added,
    removed and amended since the one it replaces (see lists changes).

    Examples:

      borderwatch lists load consolidated.xml

      borderwatch lists load https://scsanctions.un.org/resources/xml/en/consolidated.xml

      borderwatch lists load entities.ftm.json --format ftm --max-shrink 0.5
    """
    from borderwatch.cli.lists_progress import download_progress
    from borderwatch.store.list_refresh import fetch_for_loading, load_fetched

    engine = open_database()
    with download_progress(location) as progress:
        fetched = fetch_for_loading(
            engine, location, fmt=fmt, timeout=timeout, refetch=refetch, progress=progress
        )
    if fetched.snapshot is None:
        typer.echo(
            f"{location}: unchanged since {fetched.unchanged_since} (the server answered 304); "
            "no new snapshot. Pass --refetch to download it anyway."
        )
        return
    outcome = load_fetched(
        engine, fetched, max_shrink=max_shrink, force=force, note=note, actor=cli_actor()
    )
    entries = f"{outcome.snapshot.label}: {outcome.snapshot.entry_count} entries"
    if outcome.state == "unchanged":
        typer.echo(f"{entries} already stored and current for {outcome.snapshot.source}")
        return
    state = "stored" if outcome.state == "stored" else "already stored, made current again"
    typer.echo(f"{entries} {state} from {location}")
    if outcome.reason == "forced":
        typer.echo("forced: loaded despite failing the size check (recorded)")
    if outcome.replaced is not None:
        typer.echo(
            f"replaces {outcome.replaced.label} ({outcome.replaced.entry_count} entries) "
            f"as current for {outcome.snapshot.source}"
        )
    if outcome.changes is not None:
        typer.echo(
            f"changes since {outcome.replaced.label if outcome.replaced else 'the last'}: "
            f"{summarise(outcome.changes)}; details: borderwatch lists changes "
            f"{outcome.snapshot.id}"
        )


@lists_app.command("use")
def use(
    snapshot: Annotated[
        str,
        typer.Argument(help="Snapshot id, content hash or at least 8 digits of it (lists show)."),
    ],
    note: Annotated[str | None, typer.Option(help="Why, kept in the history.")] = None,
) -> None:
    """Make an earlier (or any stored) snapshot current for its source again.

    Examples:

      borderwatch lists use 3

      borderwatch lists use 9f2c41d7 --note "new file had a truncated entity section"
    """
    chosen = select_snapshot(
        open_database(), snapshot, reason="rollback", note=note, actor=cli_actor()
    )
    typer.echo(f"{chosen.label}: {chosen.entry_count} entries now current for {chosen.source}")


@lists_app.command("show")
def show(
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = (
        TableOrJson.TABLE
    ),
) -> None:
    """List the stored snapshots: id, label, source, generation date, entries; * marks current.

    Examples:

      borderwatch lists show

      borderwatch lists show --format json
    """
    snapshots = stored_snapshots(open_database())
    if fmt is TableOrJson.JSON:
        for s in snapshots:
            row = {**s.__dict__, "loaded_at": s.loaded_at.isoformat()}
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("", "id", "snapshot", "source", "generated", "entries", "loaded at")
    for s in snapshots:
        table.add_row(
            "*" if s.current else "",
            str(s.id),
            safe(s.label),
            safe(s.source),
            safe(s.generated or ""),
            str(s.entry_count),
            f"{s.loaded_at:%Y-%m-%d %H:%M}",
        )
    console = wide_console()
    if snapshots:
        console.print(table)
        console.print("* current: used for screening. History: borderwatch lists history")
    else:
        console.print("no lists loaded; run: borderwatch lists load PATH|URL")


@lists_app.command("history")
def history(
    source: Annotated[str | None, typer.Argument(help="Only this source.")] = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = (
        TableOrJson.TABLE
    ),
) -> None:
    """Every change of the current snapshot: when, which, why (loaded, forced, reloaded, rollback).

    Examples:

      borderwatch lists history

      borderwatch lists history consolidated.xml --format json
    """
    selections = selection_history(open_database(), source)
    if fmt is TableOrJson.JSON:
        for c in selections:
            row = {
                "source": c.source,
                "snapshot": c.snapshot.label,
                "snapshot_id": c.snapshot.id,
                "content_hash": c.snapshot.content_hash,
                "entries": c.snapshot.entry_count,
                "chosen_at": c.chosen_at.isoformat(),
                "reason": c.reason,
                "note": c.note,
                "current": c.snapshot.current,
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("chosen at", "source", "snapshot", "entries", "reason", "note")
    for c in selections:
        table.add_row(
            f"{c.chosen_at:%Y-%m-%d %H:%M}",
            safe(c.source),
            safe(("* " if c.snapshot.current else "") + c.snapshot.label),
            str(c.snapshot.entry_count),
            c.reason,
            safe(c.note or ""),
        )
    wide_console().print(table if selections else "no list has been made current yet")


# the look-up commands live in a module of their own; importing it registers them here
from borderwatch.cli import lists_lookup  # noqa: E402, F401
