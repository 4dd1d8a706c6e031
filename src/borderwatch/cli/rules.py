"""`borderwatch rules`: what applied, what applies to one code, what changed, and lint.

Loading versions into the store and choosing one are in :mod:`borderwatch.cli.rule_versions`,
registered on the same group when this module is imported.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from borderwatch.cli.app import app
from borderwatch.cli.options import TableOrJson, parse_date, regimes_or_profile, rule_base_from
from borderwatch.cli.render import error_console, print_measures, safe, wide_console
from borderwatch.cli.render_commodity import print_commodity_page
from borderwatch.engine.context import selected_regimes
from borderwatch.errors import InputError
from borderwatch.model.declaration import Channel, Direction
from borderwatch.rules.check import check_rule_base
from borderwatch.rules.commodity import commodity_code, commodity_page
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.notices import notice_lines
from borderwatch.rules.questions import (
    crossing_of,
    measures_applying,
    measures_changed,
    regimes_not_binding,
)

__all__ = ["rules_app"]

rules_app = typer.Typer(
    help="Ask the rule base what applied where and when; lint it; load and choose versions.",
    no_args_is_help=True,
)
app.add_typer(rules_app, name="rules")

RuleBaseOption = Annotated[
    Path | None,
    typer.Option(
        "--rule-base",
        help="Folder of measure YAML (default: the one `screen` uses — BORDERWATCH_RULE_BASE, "
        "else the store's current version from `rules load`, else the shipped rule base).",
    ),
]
CheckedRuleBaseOption = Annotated[
    Path | None,
    typer.Option("--rule-base", help="Folder of measure YAML (default: the shipped rule base)."),
]
CrossingOption = Annotated[
    str,
    typer.Option(
        help="Crossing id from crossings.yaml, e.g. dandong, hunchun, changbai. Required: "
        "national measures and port practice differ from one crossing to the next."
    ),
]
ChannelOption = Annotated[Channel | None, typer.Option(help="cargo or baggage (default: both).")]
RegimesOption = Annotated[
    str | None,
    typer.Option(
        help="Comma-separated regimes, e.g. UN or UN,CN (default: all). Not with --profile."
    ),
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        help="A named selection of regimes from regimes.yaml, as `screen` takes it: "
        "un, china-customs, monitor … Not with --regimes."
    ),
]
FormatOption = Annotated[
    TableOrJson,
    typer.Option(
        "--format",
        help="table (for officers) or json (one object per measure or change; "
        "with --hs one document).",
    ),
]


def _chosen(base: RuleBase, regimes: str | None, profile: str | None) -> frozenset[str] | None:
    """The regimes --regimes or --profile name, checked as `screen` checks them; None: all."""
    picked = regimes_or_profile(base, regimes, profile)
    return None if picked is None else selected_regimes(base, picked)


def _selection(base: RuleBase, chosen: frozenset[str] | None, profile: str | None) -> str:
    """'profile china-customs (UN, CN, CN-PORT)', 'regimes UN' or 'all regimes (…)'."""
    names = ", ".join(r for r in base.regimes if chosen is None or r in chosen)
    if profile:
        return f"profile {profile} ({names})"
    return f"regimes {names}" if chosen is not None else f"all regimes ({names})"


def _notes(base: RuleBase, crossing: str, chosen: frozenset[str] | None) -> list[str]:
    """Why a chosen regime shows nothing here. With no choice made, one line for all such."""
    missing = regimes_not_binding(base, crossing, chosen)
    if chosen is not None or not missing:
        return [n.sentence() for n in missing]
    here = crossing_of(base, crossing)
    ids = ", ".join(n.regime.id for n in missing)
    return [f"{ids} measures do not bind at {here.id} ({here.country}) and are left out."]


def _print_notes(notes: list[str], *, on_stderr: bool) -> None:
    console = error_console() if on_stderr else wide_console()
    for note in notes:
        console.print(f"[yellow]![/] {safe(note)}", highlight=False)


@rules_app.command("show")
def show(
    crossing: CrossingOption,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date, YYYY-MM-DD (default: today).")
    ] = None,
    hs: Annotated[
        str | None,
        typer.Option(
            "--hs",
            help="Answer for one HS code: a chapter (84), heading (8471) or subheading "
            "(8471.30); an 8- or 10-digit tariff line is read as its first six digits.",
        ),
    ] = None,
    channel: ChannelOption = None,
    direction: Annotated[
        Direction | None,
        typer.Option(help="export or import, seen from the crossing's country (default: both)."),
    ] = None,
    regimes: RegimesOption = None,
    profile: ProfileOption = None,
    fmt: FormatOption = TableOrJson.TABLE,
    rule_base: RuleBaseOption = None,
) -> None:
    """What applied at a crossing on a date, or to one HS code there (--hs).

    Without --hs: every measure in force, one row each. With --hs: the
    commodity page of that code — its HS 2022 path, then for export to and
    import from the DPRK each measure that covers it (in full, partly so an
    officer decides, or excluded), its effect and verdict, value thresholds,
    allowances, caps, exemptions, suspensions, confidence and legal basis;
    measures of regimes you did not choose are listed apart as "not selected".

    Examples:

      borderwatch rules show --crossing dandong --as-of 2019-03-15

      borderwatch rules show --crossing dandong --channel baggage --profile un

      borderwatch rules show --crossing dandong --hs 847130 --as-of 2018-01-10

      borderwatch rules show --crossing hunchun --hs 2710.12 --format json

      borderwatch rules show --crossing dandong --hs 8703 --regimes UN,CN

    Codes HS 2022 does not have are refused: find the code of goods with
    borderwatch classify "DESCRIPTION".
    """
    base = rule_base_from(rule_base)
    day = parse_date(as_of, "--as-of") or dt.date.today()
    chosen = _chosen(base, regimes, profile)
    notes = _notes(base, crossing, chosen)  # also checks the crossing
    json_out = fmt is TableOrJson.JSON
    if hs is not None:
        _code(hs)  # a usage error before any work when the code is wrong
        page = commodity_page(
            base,
            code=hs,
            day=day,
            crossing=crossing,
            channel=channel,
            direction=direction,
            regimes=chosen,
        )
        if json_out:
            document = {"as_of_default": as_of is None, "profile": profile}
            typer.echo(json.dumps(document | page.model_dump(mode="json"), ensure_ascii=False))
            return
        selection = _selection(base, chosen, profile)
        print_commodity_page(
            wide_console(), page, as_of_default=as_of is None, selection=selection, notes=notes
        )
        return
    measures = measures_applying(
        base, day=day, crossing=crossing, channel=channel, direction=direction, regimes=chosen
    )
    if json_out:
        _print_notes(notes, on_stderr=True)
        for m in measures:
            typer.echo(json.dumps(m.model_dump(mode="json"), ensure_ascii=False))
        return
    when = day.isoformat() + (" (today)" if as_of is None else "")
    title = f"{len(measures)} measures at {crossing} on {when}"
    limits = [x.value for x in (channel, direction) if x is not None]
    title += f" ({', '.join(limits)})" if limits else ""
    console = wide_console()
    print_measures(console, measures, title=f"{title}; {_selection(base, chosen, profile)}")
    _print_notes(notes, on_stderr=False)


def _code(hs: str) -> str:
    """``--hs`` as an HS 2022 code, or a usage error that says where to find one."""
    try:
        return commodity_code(hs)
    except InputError as exc:
        raise typer.BadParameter(
            f'{exc}. To find the code of goods, describe them: borderwatch classify "DESCRIPTION"',
            param_hint="--hs",
        ) from exc


@rules_app.command("diff")
def diff(
    date1: Annotated[str, typer.Argument(help="Earlier date, YYYY-MM-DD.")],
    date2: Annotated[str, typer.Argument(help="Later date, YYYY-MM-DD.")],
    crossing: CrossingOption,
    channel: ChannelOption = None,
    regimes: RegimesOption = None,
    profile: ProfileOption = None,
    fmt: FormatOption = TableOrJson.TABLE,
    rule_base: RuleBaseOption = None,
) -> None:
    """What changed at a crossing between two dates — the notice travellers never got.

    Lists the measures that ceased and those that came into force in between.
    --format json writes one object per change: {"change": "came_into_force" or
    "ceased", "measure": {...}}.

    Examples:

      borderwatch rules diff 2019-02-15 2019-03-15 --crossing dandong

      borderwatch rules diff 2017-12-01 2018-02-01 --crossing hunchun --profile un

      borderwatch rules diff 2019-02-15 2019-03-15 --crossing dandong \\
          --regimes CN-PORT --format json
    """
    base = rule_base_from(rule_base)
    before, after = parse_date(date1, "DATE1"), parse_date(date2, "DATE2")
    assert before is not None and after is not None
    chosen = _chosen(base, regimes, profile)
    notes = _notes(base, crossing, chosen)
    changes = measures_changed(
        base, before=before, after=after, crossing=crossing, channel=channel, regimes=chosen
    )
    if fmt is TableOrJson.JSON:
        _print_notes(notes, on_stderr=True)
        for change in changes:
            record = {"change": change.key, "measure": change.measure.model_dump(mode="json")}
            typer.echo(json.dumps(record, ensure_ascii=False))
        return
    console = wide_console()
    selection = _selection(base, chosen, profile)
    if not changes:
        console.print(
            f"No measure changed at {safe(crossing)} between {date1} and {date2} "
            f"({safe(selection)}).",
            highlight=False,
        )
    for label in ("ceased", "came into force"):
        chosen_changes = [c.measure for c in changes if c.change == label]
        if chosen_changes:
            print_measures(
                console, chosen_changes, title=f"{label} between {date1} and {date2}; {selection}"
            )
    _print_notes(notes, on_stderr=False)


@rules_app.command("notices")
def notices(
    crossing: CrossingOption,
    since: Annotated[
        str, typer.Option("--since", help="First day of the period, YYYY-MM-DD (included).")
    ],
    until: Annotated[
        str | None,
        typer.Option("--until", help="Last day of the period, YYYY-MM-DD (default: today)."),
    ] = None,
    rule_base: RuleBaseOption = None,
) -> None:
    """Print the notice to post at a crossing: every measure that came into force or
    ceased there in a period, each dated with the day it took effect, in Korean,
    Chinese and English.

    The same sentences as the list under the public check page (/check/CROSSING),
    from the same function; measure names are as the rule base records them, dates
    reported in the press are marked approximate. Redirect to a file and print it.

    Examples:

      borderwatch rules notices --crossing dandong --since 2019-02-01 --until 2019-03-31

      borderwatch rules notices --crossing hunchun --since 2017-12-01 > notice.txt
    """
    base = rule_base_from(rule_base)
    first = parse_date(since, "--since")
    last = parse_date(until, "--until") or dt.date.today()
    assert first is not None
    if last < first:
        raise typer.BadParameter(
            f"--until {last} is before --since {first}; give the earlier day to --since",
            param_hint="--until",
        )
    crossing_of(base, crossing)  # an unknown crossing: the error lists the known ones
    for line in notice_lines(base, crossing=crossing, since=first, until=last):
        typer.echo(line)


@rules_app.command("check")
def check(
    rule_base: CheckedRuleBaseOption = None,
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


@rules_app.command("table")
def table(
    rule_base: RuleBaseOption = None,
    update: Annotated[
        Path | None,
        typer.Option(
            help="Rewrite the table between the markers of this Markdown file "
            "(docs/rule-base.md) instead of printing it."
        ),
    ] = None,
) -> None:
    """Every measure with its act, paragraph, link to the official text, confidence,
    and what was verified against the text and how — as a Markdown table.

    Example: borderwatch rules table > measures.md
    """
    from borderwatch.rules.measure_table import measure_table, replace_table

    text = measure_table(rule_base_from(rule_base))
    if update is None:
        typer.echo(text)
        return
    update.write_text(replace_table(update.read_text(encoding="utf-8"), text), encoding="utf-8")
    typer.echo(f"updated the measure table in {update}")


from borderwatch.cli import rule_versions  # noqa: E402, F401  # registers rules load/use/history
