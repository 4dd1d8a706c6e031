"""`borderwatch demo`: the field scenario end to end, as an officer would see it."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from rich.console import Console
from rich.panel import Panel

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.cli.app import app
from borderwatch.cli.render import print_measures, print_verdict, wide_console
from borderwatch.demo.scenario import load_scenes
from borderwatch.model.verdict import Verdict
from borderwatch.rules.questions import measures_changed

__all__ = ["demo"]


@app.command()
def demo() -> None:
    """Run the China–DPRK field scenario on the shipped rule base.

    Screens a bus of returning workers at Dandong before and after the
    early-March baggage change, a freight train with sanctioned goods, and the
    same goods sent through Hunchun; shows verdicts with their legal basis and
    the conflict between the port practice and the UN regime. Needs nothing
    but the installed package: it reads nothing from the store, and screens
    the goods only (no sanctions list ships with borderwatch), which every
    result says.
    """
    console: Console = wide_console()
    goods_only = ScreeningChoices(learned=False, parties=False)
    rule_base = build_screener(goods_only).rule_base
    console.print(
        Panel.fit(
            f"borderwatch demo — rule base {rule_base.version}, "
            f"{len(rule_base.measures)} measures, regimes {', '.join(rule_base.regimes)}\n"
            "Goods only: no sanctions list ships with borderwatch, so parties are not "
            "screened here (load one with `borderwatch lists load`).",
            style="bold",
        )
    )
    tally: Counter[Verdict] = Counter()
    screeners = {}
    for scene in load_scenes():
        console.rule(f"[bold]{scene.title}")
        console.print(scene.narrative, style="italic")
        if scene.diff is not None:
            changes = measures_changed(
                rule_base,
                before=scene.diff.before,
                after=scene.diff.after,
                crossing=scene.diff.crossing,
                channel=scene.diff.channel,
            )
            for label in ("ceased", "came into force"):
                found = [c.measure for c in changes if c.change == label]
                if found:
                    print_measures(console, found, title=f"measures that {label}")
        for view in scene.views:
            label = "all shipped regimes" if view is None else "regimes " + ",".join(view)
            console.print(f"\n[bold underline]Under {label}[/]")
            key = tuple(view) if view is not None else None
            if key not in screeners:
                screeners[key] = build_screener(replace(goods_only, regimes=view))
            for declaration in scene.declarations:
                result = screeners[key].screen(declaration)
                tally[result.verdict] += 1
                print_verdict(console, result)
    console.rule("[bold]Summary")
    console.print(
        "Declaration verdicts across all views: "
        + ", ".join(f"{v.value} {tally[v]}" for v in Verdict if tally[v])
    )
    console.print(
        "Try: borderwatch rules show --as-of 2019-03-15 --crossing dandong --channel baggage"
    )
