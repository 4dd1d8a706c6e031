"""`borderwatch rescreen`: what a new rule base would change in stored verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import track

from borderwatch.cli.app import app
from borderwatch.cli.options import regimes_or_profile, rule_base_from
from borderwatch.cli.render import wide_console
from borderwatch.engine.rescreen import changed_verdicts
from borderwatch.store import open_database
from borderwatch.store.screenings import latest_screenings

__all__ = ["rescreen"]


@app.command()
def rescreen(
    rule_base: Annotated[
        Path | None,
        typer.Option("--rule-base", help="The new rule base folder (default: the shipped one)."),
    ] = None,
    regimes: Annotated[str | None, typer.Option(help="Override the stored regimes.")] = None,
    profile: Annotated[str | None, typer.Option(help="Override with a named profile.")] = None,
) -> None:
    """Screen every stored declaration again and list those whose verdict changes.

    Each declaration is screened as of its original date under the new rule
    base, so the list shows exactly what an amendment of the measures would
    have changed. Store results first with `borderwatch screen --store`.

    Example: borderwatch rescreen --rule-base ./amended-rules
    """
    base = rule_base_from(rule_base)
    chosen = regimes_or_profile(base, regimes, profile)
    stored = [(s.declaration, s.result) for s in latest_screenings(open_database())]
    console = wide_console()
    changes = list(
        changed_verdicts(
            track(stored, description="re-screening", console=console, transient=True),
            base,
            regimes=chosen,
        )
    )
    for change in changes:
        arrow = "stricter" if change.stricter else "more lenient"
        items = ", ".join(f"{i} {a.value}→{b.value}" for i, a, b in change.items)
        console.print(
            f"{change.declaration_id}: {change.before.value} → {change.after.value} ({arrow}; "
            f"rule base {change.before_rule_base} → {change.after_rule_base}) {items}"
        )
    console.print(f"{len(changes)} of {len(stored)} stored declarations change verdict.")
