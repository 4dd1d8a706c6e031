"""`borderwatch classify-learn` and `borderwatch eval classify`: teach and measure the classifier."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import track
from rich.table import Table

from borderwatch.cli.app import app
from borderwatch.cli.classify import classifier_from_store
from borderwatch.cli.options import open_input
from borderwatch.cli.render import wide_console
from borderwatch.goods.evaluation import LEVELS, evaluate, read_labelled
from borderwatch.goods.learning import Confirmation, export_csv, import_csv, record_confirmation
from borderwatch.store import open_database

__all__ = ["eval_app", "learn_app"]

learn_app = typer.Typer(
    help="Officers' confirmed and corrected classifications: the classifier learns from them.",
    no_args_is_help=True,
)
eval_app = typer.Typer(
    help="Measure borderwatch components on labelled data.", no_args_is_help=True
)
app.add_typer(learn_app, name="classify-learn")
app.add_typer(eval_app, name="eval")


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
    Console().print(f"recorded {kind}: {description!r} → {hs}")


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
    Console(stderr=True).print(f"{count} decision(s) exported.")


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
    console = Console(stderr=True)
    for error in errors:
        console.print(f"[red]rejected[/] {error}", highlight=False)
    console.print(f"{imported} decision(s) imported, {len(errors)} rejected.")
    if errors:
        raise typer.Exit(2)


@eval_app.command("classify")
def eval_classify(
    file: Annotated[str, typer.Argument(help="CSV with columns description,hs6; - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    learned: Annotated[
        bool, typer.Option("--learned/--no-learned", help="Use the store's decisions.")
    ] = False,
    confusions: Annotated[int, typer.Option(help="How many confusions to list.")] = 10,
) -> None:
    """Top-1 and top-5 accuracy at 2, 4 and 6 digits, and the most frequent confusions.

    Examples:

      borderwatch eval classify benchmarks/data/goods-dev.csv

      borderwatch eval classify labelled.csv --format json
    """
    stream = open_input(file)
    try:
        rows = read_labelled(stream, source=file)
    finally:
        if stream is not sys.stdin:
            stream.close()
    classifier = classifier_from_store(learned)
    console = wide_console()
    result = evaluate(
        rows,
        classifier.classify,
        progress=lambda it: track(
            list(it), description="classifying", console=Console(stderr=True), transient=True
        ),
    )
    if fmt == "json":
        sys.stdout.write(json.dumps(result.as_dict(confusions=confusions)) + "\n")
        return
    table = Table(title=f"accuracy on {file} ({result.total} descriptions)")
    table.add_column("")
    for digits in LEVELS:
        table.add_column(f"{digits} digits", justify="right")
    for k in (1, 5):
        table.add_row(f"top-{k}", *(f"{result.rate(k, d):.1%}" for d in LEVELS))
    console.print(table)
    console.print(
        f"confident (score ≥ 0.60): {result.confident}, of which wrong at 6 digits: "
        f"{result.confident_wrong}; no candidate: {result.no_candidate}"
    )
    worst = Table(title="most frequent confusions (6 digits)")
    for column in ("expected", "predicted", "count"):
        worst.add_column(column)
    for (expected, predicted), count in result.confusions.most_common(confusions):
        worst.add_row(expected, predicted, str(count))
    console.print(worst)
