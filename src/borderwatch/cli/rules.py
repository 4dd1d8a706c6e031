"""`borderwatch rules`: what applied, what changed, and whether the rule base is sound."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from borderwatch.cli.app import app
from borderwatch.cli.options import TableOrJson, parse_date, regime_filter, rule_base_from
from borderwatch.cli.render import print_measures, safe, wide_console
from borderwatch.model.declaration import Channel
from borderwatch.rules.check import check_rule_base
from borderwatch.rules.questions import measures_applying, measures_changed

__all__ = ["rules_app"]

rules_app = typer.Typer(
    help="Ask the rule base what applied where and when, what changed, and lint it.",
    no_args_is_help=True,
)
app.add_typer(rules_app, name="rules")

RuleBaseOption = Annotated[
    Path | None,
    typer.Option("--rule-base", help="Folder of measure YAML (default: the shipped rule base)."),
]


@rules_app.command("show")
def show(
    as_of: Annotated[str, typer.Option("--as-of", help="Date, YYYY-MM-DD.")],
    crossing: Annotated[str, typer.Option(help="Crossing id: dandong, hunchun, changbai.")],
    channel: Annotated[
        Channel | None, typer.Option(help="cargo or baggage (default both).")
    ] = None,
    regimes: Annotated[str | None, typer.Option(help="Comma-separated regime ids.")] = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = (
        TableOrJson.TABLE
    ),
    rule_base: RuleBaseOption = None,
) -> None:
    """What applied at a crossing on a date.

    Example: borderwatch rules show --as-of 2019-03-15 --crossing dandong --channel baggage
    """
    base = rule_base_from(rule_base)
    day = parse_date(as_of, "--as-of")
    assert day is not None
    measures = measures_applying(
        base, day=day, crossing=crossing, channel=channel, regimes=regime_filter(base, regimes)
    )
    if fmt is TableOrJson.JSON:
        for m in measures:
            typer.echo(json.dumps(m.model_dump(mode="json"), ensure_ascii=False))
        return
    title = f"{len(measures)} measures at {crossing} on {day.isoformat()}"
    print_measures(
        wide_console(), measures, title=title + (f" ({channel.value})" if channel else "")
    )


@rules_app.command("diff")
def diff(
    date1: Annotated[str, typer.Argument(help="Earlier date, YYYY-MM-DD.")],
    date2: Annotated[str, typer.Argument(help="Later date, YYYY-MM-DD.")],
    crossing: Annotated[str, typer.Option(help="Crossing id.")],
    channel: Annotated[Channel | None, typer.Option(help="cargo or baggage.")] = None,
    regimes: Annotated[str | None, typer.Option(help="Comma-separated regime ids.")] = None,
    rule_base: RuleBaseOption = None,
) -> None:
    """What changed at a crossing between two dates — the notice travellers never got.

    Example: borderwatch rules diff 2019-02-15 2019-03-15 --crossing dandong
    """
    base = rule_base_from(rule_base)
    before, after = parse_date(date1, "DATE1"), parse_date(date2, "DATE2")
    assert before is not None and after is not None
    changes = measures_changed(
        base,
        before=before,
        after=after,
        crossing=crossing,
        channel=channel,
        regimes=regime_filter(base, regimes),
    )
    console = wide_console()
    if not changes:
        console.print(
            f"No measure changed at {safe(crossing)} between {date1} and {date2}.", highlight=False
        )
        return
    for label in ("ceased", "came into force"):
        chosen_changes = [c.measure for c in changes if c.change == label]
        if chosen_changes:
            print_measures(console, chosen_changes, title=f"{label} between {date1} and {date2}")


@rules_app.command("check")
def check(
    rule_base: RuleBaseOption = None,
    warnings: Annotated[bool, typer.Option(help="Also list warnings.")] = True,
) -> None:
    """Lint the rule base: every problem of every file in one run, each with file, line,
    field and value — values that do not validate, ids used twice, unknown regimes and HS
    codes, suspensions outside their validity, UN measures citing no operative paragraph,
    measures without a source — and overlapping measures as warnings.

    Exits 3 when there is any error.
    Example: borderwatch rules check --rule-base ./my-rules
    """
    findings = check_rule_base(rule_base)
    errors = [f for f in findings if f.level == "error"]
    for finding in findings:
        if finding.level == "error" or warnings:
            typer.echo(str(finding))
    typer.echo(
        f"{len(errors)} errors, {len(findings) - len(errors)} warnings "
        f"in {rule_base or 'the shipped rule base'}"
    )
    if errors:
        raise typer.Exit(3)
