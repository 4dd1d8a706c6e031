"""`borderwatch rescreen`: which stored verdicts a new rule base or list would change."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import track

from borderwatch.assembly import ScreeningChoices, build_screener, rebuild_screener
from borderwatch.cli.app import app
from borderwatch.cli.render import safe, wide_console
from borderwatch.engine.rescreen import changed_verdicts
from borderwatch.engine.screener import Screener
from borderwatch.model.verdict import ScreeningConfiguration
from borderwatch.store import open_database
from borderwatch.store.screenings import latest_screenings

__all__ = ["rescreen"]


@app.command()
def rescreen(
    rule_base: Annotated[
        Path | None,
        typer.Option(
            "--rule-base",
            help="Screen again under this rule base folder instead of the one each result records.",
        ),
    ] = None,
    current_rule_base: Annotated[
        bool,
        typer.Option(
            "--current-rule-base/--recorded-rule-base",
            help="Screen again under the rule base current now (borderwatch rules load/use), "
            "instead of the version each result records.",
        ),
    ] = False,
    current_lists: Annotated[
        bool,
        typer.Option(
            "--current-lists/--recorded-lists",
            help="Match parties against the lists current in the store now, instead of the "
            "snapshots each result records.",
        ),
    ] = False,
) -> None:
    """Screen every stored declaration again and list those whose verdict changes.

    Each declaration is screened as of its original date with the assembly
    its result records — the same rule base (the version kept in the store,
    whatever became of its folder), list snapshots, regimes and thresholds —
    changed only by what you name here. So with no options nothing should
    change; with --rule-base or --current-rule-base the list shows exactly
    what an amendment of the measures changes, and with --current-lists what
    a list update changes. Each change names its cause (rule base a1b2 -> c3d4,
    party lists [..] -> [..], classifier ...). Store results first with
    `borderwatch screen --store`.

    Examples:

      borderwatch rescreen --rule-base ./amended-rules

      borderwatch rules load ./amended-rules && borderwatch rescreen --current-rule-base

      borderwatch lists load consolidated-new.xml && borderwatch rescreen --current-lists
    """
    database = open_database()
    stored = [(s.declaration, s.result) for s in latest_screenings(database)]
    built: dict[str, Screener] = {}

    def screener_for(config: ScreeningConfiguration | None) -> Screener:
        key = config.model_dump_json() if config else ""
        if key not in built:
            built[key] = (
                rebuild_screener(
                    config,
                    database=database,
                    rule_base=rule_base,
                    current_rule_base=current_rule_base,
                    current_lists=current_lists,
                )
                if config is not None
                else build_screener(ScreeningChoices(rule_base=rule_base), database=database)
            )
        return built[key]

    console = wide_console()
    changes = list(
        changed_verdicts(
            track(stored, description="re-screening", console=console, transient=True),
            screener_for,
        )
    )
    for change in changes:
        arrow = "stricter" if change.stricter else "more lenient"
        items = ", ".join(f"{i} {a.value}→{b.value}" for i, a, b in change.items)
        console.print(
            f"{safe(change.declaration_id)}: {change.before.value} → {change.after.value} "
            f"({arrow}) {safe(items)}\n    because: {safe('; '.join(change.causes))}",
            highlight=False,
        )
    console.print(f"{len(changes)} of {len(stored)} stored declarations change verdict.")
