"""`borderwatch simulate`: declarations with ground truth for the field scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from borderwatch.cli.app import app
from borderwatch.cli.render import error_console, safe
from borderwatch.simulate import default_scenario, load_scenario, write_run
from borderwatch.simulate.scenario import Scenario, with_changes

__all__ = ["scenario_from", "simulate", "weeks_progress"]


def weeks_progress(console: Console) -> Progress:
    """A progress bar counting simulated weeks."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def scenario_from(path: Path | None, changes: list[str]) -> Scenario:
    """The scenario at ``path`` (or the shipped one) with ``PATH=VALUE`` changes applied."""
    scenario = load_scenario(path) if path else default_scenario()
    pairs = {}
    for change in changes:
        if "=" not in change:
            raise typer.BadParameter(
                f"{change!r}: write PATH=VALUE, e.g. crossings.hunchun.baggage_inspection=0.6",
                param_hint="--set",
            )
        key, value = change.split("=", 1)
        pairs[key.strip()] = value.strip()
    return with_changes(scenario, pairs) if pairs else scenario


@app.command()
def simulate(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the run to.")],
    weeks: Annotated[int, typer.Option(min=1, help="Weeks to simulate from the start.")] = 104,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same run.")] = 1,
    scenario: Annotated[
        Path | None,
        typer.Option(help="Scenario YAML (default: the shipped one, SCENARIO.md as parameters)."),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Change a parameter, PATH=VALUE; repeatable."),
    ] = None,
) -> None:
    """Simulate returning workers, placed bags, cargo and evasion at the three crossings.

    Writes declarations.jsonl (what officers see, accepted by `borderwatch
    screen`), truth.jsonl (whose each item is, who placed it for what pay,
    what happened to it) and run.json (seed, timeline) to --out.

    Examples:

      borderwatch simulate --weeks 104 --seed 7 --out runs/base

      borderwatch simulate --weeks 60 --out runs/strict-hunchun --set crossings.hunchun.baggage_inspection=0.4

      borderwatch screen runs/base/declarations.jsonl --format table | head
    """
    chosen = scenario_from(scenario, set_ or [])
    console = error_console()
    with weeks_progress(console) as progress:
        task = progress.add_task("simulating weeks", total=weeks)
        count = write_run(
            chosen, out, weeks=weeks, seed=seed, on_week=lambda _: progress.advance(task)
        )
    console.print(
        f"{count} declarations over {weeks} weeks written to {safe(str(out))}", highlight=False
    )
