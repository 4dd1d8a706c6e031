"""`borderwatch report`: flows, seizures, displacement and baggage analytics for a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from borderwatch.analytics.displacement import Tightening
from borderwatch.analytics.report import analyse, write_report
from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.cli.app import app
from borderwatch.cli.options import parse_date
from borderwatch.cli.render import error_console, print_rejected, safe
from borderwatch.store import open_database

__all__ = ["report"]


def _tightening(text: str) -> Tightening:
    crossing, _, day = text.partition(":")
    parsed = parse_date(day.strip(), "--tightening") if day else None
    if not crossing.strip() or parsed is None:
        raise typer.BadParameter(
            f"{text!r}: write CROSSING:YYYY-MM-DD, e.g. dandong:2019-03-01",
            param_hint="--tightening",
        )
    return Tightening(crossing.strip().lower(), parsed, "given with --tightening")


@app.command()
def report(
    in_dir: Annotated[
        Path, typer.Argument(help="Folder with declarations.jsonl (and truth.jsonl, run.json).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the report to.")],
    rule_base: Annotated[
        Path | None,
        typer.Option(
            "--rule-base",
            help="Folder of measure YAML (default: BORDERWATCH_RULE_BASE, else the rule base "
            "current in the store — borderwatch rules load — else the shipped one).",
        ),
    ] = None,
    tightening: Annotated[
        list[str] | None,
        typer.Option(
            help="A crossing that tightened, CROSSING:YYYY-MM-DD; repeatable. "
            "Simulated runs bring their own in run.json."
        ),
    ] = None,
    parties: Annotated[
        bool,
        typer.Option(
            "--parties/--no-parties",
            help="Screen the parties against the loaded lists, as `borderwatch screen` does "
            "(default), or screen the goods only.",
        ),
    ] = True,
) -> None:
    """Analyse a folder of declarations: flows, seizures, displacement, baggage use.

    Screens every declaration with the same assembly as `borderwatch screen`
    (its batch path gives the same verdicts), aggregates flows
    by crossing, channel, HS chapter and week, detects rises at one crossing
    after tightening at another (Poisson CUSUM, effect with a 95% interval),
    measures the luggage allowance used by goods not the traveller's own and
    the concentration by managing company. Writes report.html (charts
    inlined, opens anywhere), the charts as PNG, summary.json (with the
    configuration that screened it), weekly-flows.csv and rejects.jsonl.
    Records that cannot be read are listed there and on stderr; the rest are
    analysed, and the exit code is 2.

    Examples:

      borderwatch simulate --weeks 104 --out runs/base && borderwatch report runs/base --out reports/base

      borderwatch report exports/2019 --out reports/2019 --tightening dandong:2019-03-01
    """
    screener = build_screener(
        ScreeningChoices(rule_base=rule_base, parties=parties), database=open_database()
    )
    known = [_tightening(t) for t in tightening or []]
    console = error_console()
    if screener.parties.unavailable:
        console.print(f"[yellow]warning:[/] {safe(screener.parties.unavailable)}", highlight=False)
    source = in_dir / "declarations.jsonl"
    size = source.stat().st_size if source.exists() else 0
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("reading and screening declarations", total=size or None)
        result = analyse(
            in_dir,
            screener,
            on_stage=lambda s: progress.update(task, description=s),
            on_position=lambda n: progress.update(task, completed=n),
            tightenings=known,
        )
        progress.update(task, description="drawing charts", completed=size)
        page = write_report(result, out)
    for finding in result.findings:
        e = finding.effect
        kind = "displacement" if finding.is_displacement else "rise"
        after = f" after {finding.after.crossing} tightened" if finding.after else ""
        console.print(
            f"{kind} at {finding.crossing} from the week of {finding.began_day}{after}: "
            f"x{e.ratio:.2f} (95% CI {e.low:.2f}-{e.high:.2f})"
        )
    console.print(f"report written to {safe(str(page))}", highlight=False)
    if result.run.rejects:
        for error in result.run.rejects[:20]:
            print_rejected(console, error)
        console.print(
            f"{len(result.run.rejects)} record(s) rejected (all in {out / 'rejects.jsonl'}); "
            "the others were analysed."
        )
        raise typer.Exit(2)
