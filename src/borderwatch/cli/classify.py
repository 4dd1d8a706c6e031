"""`borderwatch classify`: HS 2022 candidates for goods descriptions."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from borderwatch.assembly import goods_classifier
from borderwatch.cli.app import app
from borderwatch.cli.options import TableOrJson
from borderwatch.cli.render import error_console, print_rejected, safe, wide_console
from borderwatch.errors import RecordError
from borderwatch.goods.classifier import HSClassifier
from borderwatch.goods.requests import read_requests
from borderwatch.settings import get_settings
from borderwatch.store import open_database

__all__ = ["classifier_from_store", "classify"]


def classifier_from_store(use_store: bool) -> HSClassifier:
    """The classifier, with officers' confirmed classifications when ``use_store``."""
    return goods_classifier(open_database() if use_store else None, learned=use_store)


def _print_table(console: Console, description: str, classifier: HSClassifier, top: int) -> None:
    candidates = classifier.classify(description, top_k=top)
    confident = get_settings().classify_confidence
    if not candidates:
        console.print(
            f"[yellow]no candidate for {safe(repr(description))}[/]: nothing in it names goods the "
            "lexicon or the nomenclature knows; describe the goods in other words."
        )
        return
    table = Table(title=f"HS 2022 candidates for {safe(repr(description))}", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("HS")
    table.add_column("score", justify="right")
    table.add_column("why", overflow="fold")
    for rank, c in enumerate(candidates, start=1):
        style = "green" if c.score >= confident else "yellow" if c.score >= confident / 2 else "dim"
        table.add_row(str(rank), c.hs, f"[{style}]{c.score:.2f}[/]", safe(c.explanation))
    console.print(table)


@app.command()
def classify(
    description: Annotated[
        str, typer.Argument(help="A goods description, or - to read JSON lines from stdin.")
    ],
    top: Annotated[int, typer.Option(min=1, max=50, help="How many candidates.")] = 5,
    fmt: Annotated[
        TableOrJson, typer.Option("--format", help="table (default for one description) or json.")
    ] = TableOrJson.TABLE,
    learned: Annotated[
        bool,
        typer.Option(
            "--learned/--no-learned",
            help="Use officers' confirmed classifications from the store "
            "(BORDERWATCH_DATABASE_URL).",
        ),
    ] = True,
) -> None:
    """Classify goods descriptions to HS 2022 subheadings, best candidate first.

    Works offline in English, Chinese and Korean, with brands, quantities and
    misspellings. Each candidate has a score in [0, 1] (below
    BORDERWATCH_CLASSIFY_CONFIDENCE, 0.60 unless set, screening refers the item) and says why: the words or names that matched and the
    path chapter > heading > subheading.

    With - , reads JSON lines {"id", "description", "lang"?} from stdin and
    writes {"id", "candidates": [{"hs", "score", "explanation"}, ...]} per line.
    Bad lines are reported on stderr with line, field and value; the rest are
    classified and the exit code is 2.

    Examples:

      borderwatch classify "2x Samsung 32in TV"

      borderwatch classify "가죽 핸드백" --top 3

      echo '{"id": "1", "description": "冷冻鱿鱼 20公斤"}' | borderwatch classify -
    """
    classifier = classifier_from_store(learned)
    if description != "-":
        if fmt is TableOrJson.JSON:
            found = classifier.classify(description, top_k=top)
            sys.stdout.write(
                json.dumps({"candidates": [c.model_dump() for c in found]}, ensure_ascii=False)
                + "\n"
            )
        else:
            _print_table(wide_console(), description, classifier, top)
        return
    errors = error_console()
    rejected = 0
    for parsed in read_requests(sys.stdin, source="stdin"):
        if isinstance(parsed, RecordError):
            rejected += 1
            print_rejected(errors, parsed)
            continue
        found = classifier.classify(parsed.description, top_k=max(top, 5), lang=parsed.lang)
        line = {"id": parsed.id, "candidates": [c.model_dump() for c in found]}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    if rejected:
        errors.print(f"{rejected} line(s) rejected; the others were classified.")
        raise typer.Exit(2)
