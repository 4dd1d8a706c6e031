"""`borderwatch classify-learn`: officers' confirmed classifications teach the classifier."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from borderwatch.cli.app import app
from borderwatch.cli.options import open_input
from borderwatch.cli.render import error_console, print_rejected, safe
from borderwatch.store import open_database
from borderwatch.store.classification_decisions import (
    Confirmation,
    export_csv,
    import_csv,
    record_confirmation,
)

__all__ = ["learn_app"]

learn_app = typer.Typer(
    help="Officers' confirmed and corrected classifications: the classifier learns from them.",
    no_args_is_help=True,
)
app.add_typer(learn_app, name="classify-learn")


@learn_app.command("confirm")
def confirm(
    description: Annotated[str, typer.Argument(help="The goods description as declared.")],
    hs: Annotated[str, typer.Argument(help="The HS 2022 subheading the officer decided.")],
    suggested: Annotated[
        str | None, typer.Option(help="What the classifier proposed, if it differed.")
    ] = None,
    officer: Annotated[str | None, typer.Option(help="Who decided.")] = None,
    lang: Annotated[str | None, typer.Option(help="en, zh or ko.")] = None,
) -> None:
    """Record that DESCRIPTION is HS (a confirmation, or a correction with --suggested).

    The next time the same or a similar description is classified, this
    decision counts as evidence.

    Examples:

      borderwatch classify-learn confirm "Cuckoo 6-cup pressure rice cooker" 851660

      borderwatch classify-learn confirm "rice cooker cloth cover" 630790 --suggested 851660 --officer "K. Li"
    """
    record_confirmation(
        open_database(),
        Confirmation(description, hs, lang=lang, suggested=suggested, officer=officer),
    )
    kind = "correction" if suggested and suggested != hs else "confirmation"
    Console().print(f"recorded {kind}: {safe(repr(description))} → {safe(hs)}", highlight=False)


@learn_app.command("export")
def export(
    out: Annotated[Path | None, typer.Option("--out", help="CSV file (default: stdout).")] = None,
) -> None:
    """Write every stored decision as CSV: description,hs,lang,suggested,officer,decided_at.

    Example: borderwatch classify-learn export --out dandong-decisions.csv
    """
    database = open_database()
    if out is None:
        count = export_csv(database, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as stream:
            count = export_csv(database, stream)
    error_console().print(f"{count} decision(s) exported.")


@learn_app.command("import")
def import_(
    file: Annotated[str, typer.Argument(help="CSV with at least description,hs; - for stdin.")],
) -> None:
    """Store the decisions of a CSV file (as written by export); bad rows are reported.

    Rows with an unknown HS code or an empty description are reported with
    line, field and value; the others are imported and the exit code is 2.

    Example: borderwatch classify-learn import hunchun-decisions.csv
    """
    stream = open_input(file)
    try:
        imported, errors = import_csv(open_database(), stream, source=file)
    finally:
        if stream is not sys.stdin:
            stream.close()
    console = error_console()
    for error in errors:
        print_rejected(console, error)
    console.print(f"{imported} decision(s) imported, {len(errors)} rejected.")
    if errors:
        raise typer.Exit(2)
