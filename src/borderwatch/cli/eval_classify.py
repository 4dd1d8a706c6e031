"""`borderwatch eval classify`: the classifier measured on labelled descriptions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import track
from rich.table import Table

from borderwatch.cli.classify import classifier_from_store
from borderwatch.cli.evaluation import eval_app
from borderwatch.cli.options import TableOrJson, open_input
from borderwatch.cli.render import error_console, safe, wide_console
from borderwatch.goods.evaluation import (
    LEVELS,
    THRESHOLDS,
    Accuracy,
    evaluate,
    measure_coverage,
    read_labelled,
)
from borderwatch.goods.reliability import reliability_png
from borderwatch.rules.loader import shipped_rule_base
from borderwatch.settings import get_settings

__all__ = ["eval_classify"]


def _accuracy_table(title: str, groups: dict[str, Accuracy]) -> Table:
    table = Table(title=title)
    table.add_column("")
    table.add_column("rows", justify="right")
    for k in (1, 5):
        for digits in LEVELS:
            table.add_column(f"top-{k} {digits}d", justify="right")
    table.add_column("confident wrong", justify="right")
    for name, result in groups.items():
        table.add_row(
            name,
            str(result.total),
            *(f"{result.rate(k, d):.1%}" for k in (1, 5) for d in LEVELS),
            f"{result.confident_wrong}/{result.confident}",
        )
    return table


def _threshold_table(result: Accuracy) -> Table:
    table = Table(title="taken without referring, by score threshold")
    for column in ("score ≥", "descriptions", "share of all", "right at 6 digits"):
        table.add_column(column, justify="right")
    for threshold in THRESHOLDS:
        taken, right = result.above(threshold)
        share = taken / result.total if result.total else 0.0
        table.add_row(f"{threshold:.1f}", str(taken), f"{share:.1%}", f"{right:.1%}")
    return table


@eval_app.command("classify")
def eval_classify(
    file: Annotated[
        str,
        typer.Argument(
            help="CSV with a description and an HS code column (description,hs6); - for stdin."
        ),
    ],
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = (
        TableOrJson.TABLE
    ),
    learned: Annotated[
        bool, typer.Option("--learned/--no-learned", help="Use the store's decisions.")
    ] = False,
    confusions: Annotated[int, typer.Option(help="How many confusions to list.")] = 10,
    by: Annotated[
        str | None,
        typer.Option(help="Also break the figures down by the values of this column (e.g. lang)."),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Write a reliability chart (PNG): share right by score of the best candidate."
        ),
    ] = None,
) -> None:
    """Top-1 and top-5 accuracy at 2, 4 and 6 digits, and the most frequent confusions.

    Also counts the error that matters most for sanctions: goods a UN measure
    covers (by their expected code) that the classifier confidently (score at or above
    BORDERWATCH_CLASSIFY_CONFIDENCE, the setting screening uses)
    put under a code the measure does not cover. Those rows are listed.

    A table shows, for score thresholds, how many descriptions screening would
    take without referring and how many of those are right: where to set
    BORDERWATCH_CLASSIFY_CONFIDENCE. --plot draws the same as a chart.

    Codes may be written 610910, 6109.10 or as national tariff lines
    (6109100010: the first six digits count). Other column names accepted:
    title/product/text for the description, hs/hs_code/code for the code.

    Examples:

      borderwatch eval classify benchmarks/data/goods-dev.csv --by lang

      borderwatch eval classify labelled.csv --format json
    """
    stream = open_input(file)
    try:
        rows = read_labelled(stream, source=file)
    finally:
        if stream is not sys.stdin:
            stream.close()
    if by is not None and rows and by not in rows[0].extra:
        raise typer.BadParameter(
            f"{file} has no column {by!r}; its other columns: {', '.join(rows[0].extra) or 'none'}",
            param_hint="--by",
        )
    classifier = classifier_from_store(learned)
    confident = get_settings().classify_confidence
    covering = measure_coverage(shipped_rule_base())
    groups: dict[str, Accuracy] = {}
    result = Accuracy()
    for row in track(rows, description="classifying", console=error_console(), transient=True):
        one = evaluate([row], classifier.classify, covering=covering, confident=confident)
        result.merge(one)
        if by is not None:
            groups.setdefault(f"{by}={row.extra.get(by, '')}", Accuracy()).merge(one)
    if plot is not None:
        plot.write_bytes(
            reliability_png(
                result.scored, title=f"{file}: {result.total} rows", confident=confident
            )
        )
    if fmt is TableOrJson.JSON:
        report = result.as_dict(confusions=confusions)
        if by is not None:
            report["by"] = {name: g.as_dict(confusions=0) for name, g in sorted(groups.items())}
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        return
    console = wide_console()
    console.print(
        _accuracy_table(
            f"accuracy on {file} ({result.total} descriptions)",
            {"all": result} | dict(sorted(groups.items())),
        )
    )
    console.print(
        f"confident (score ≥ {confident:.2f}): {result.confident}, of which wrong at 6 digits: "
        f"{result.confident_wrong}; no candidate: {result.no_candidate}"
    )
    if result.outside_hs2022:
        console.print(
            f"[yellow]{result.outside_hs2022} expected code(s) are not HS 2022 subheadings[/] "
            "(older editions?): those rows can never be matched at six digits."
        )
    console.print(
        f"goods under UN measures: {result.covered}; confidently classified outside the "
        f"measure: [{'red' if result.escaped else 'green'}]{len(result.escaped)}[/]"
    )
    for description, expected, predicted, score in result.escaped:
        console.print(
            f"  {safe(repr(description))}: expected {expected}, got {predicted} ({score:.2f})",
            highlight=False,
        )
    console.print(_threshold_table(result))
    if plot is not None:
        console.print(f"reliability chart written to {safe(str(plot))}", highlight=False)
    worst = Table(title="most frequent confusions (6 digits)")
    for column in ("expected", "predicted", "count"):
        worst.add_column(column)
    for (expected, predicted), count in result.confusions.most_common(confusions):
        worst.add_row(expected, predicted, str(count))
    console.print(worst)
