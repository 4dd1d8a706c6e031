"""`borderwatch screen`: verdicts for a file of declarations."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from borderwatch.assembly import ScreeningChoices, build_screener, rule_base_at
from borderwatch.cli.app import app
from borderwatch.cli.options import parse_date, regimes_or_profile
from borderwatch.cli.render import error_console, print_rejected, print_verdict, safe, wide_console
from borderwatch.io.declarations import read_declarations
from borderwatch.io.verdicts import VerdictCsvWriter
from borderwatch.store import open_database
from borderwatch.store.screenings import record_screening

if TYPE_CHECKING:
    from borderwatch.engine.party_check import PartyCheck
    from borderwatch.model.declaration import Declaration
    from borderwatch.model.verdict import DeclarationVerdict

    FtmLine = Callable[[Declaration, DeclarationVerdict], dict[str, Any]]

__all__ = ["InputFormat", "OutputFormat", "screen"]


class OutputFormat(StrEnum):
    """How verdicts are written."""

    JSON = "json"
    TABLE = "table"
    CSV = "csv"
    FTM = "ftm"


class InputFormat(StrEnum):
    """How declarations are read."""

    AUTO = "auto"
    JSONL = "jsonl"
    CSV = "csv"


@app.command()
def screen(
    file: Annotated[str, typer.Argument(help="Declarations: JSON lines or CSV; - for stdin.")],
    regimes: Annotated[
        str | None,
        typer.Option(help="Comma-separated regimes to apply, e.g. UN or UN,CN (default: all)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Apply the measures in force on this date, YYYY-MM-DD "
            "(default: each declaration's own date).",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            help="A named selection of regimes: un, china-customs, monitor, "
            "or an enforcing state's: eu, us, jp, kr."
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help="json (one object per declaration), table (for officers), csv "
            "(one row per item: declaration, item, HS, verdict, measures, acts, provisions) "
            "or ftm (each declaration's parties as FollowTheMoney entities, scored as "
            "yente answers).",
        ),
    ] = OutputFormat.JSON,
    input_format: Annotated[
        InputFormat, typer.Option("--input-format", help="auto (by suffix), jsonl or csv.")
    ] = InputFormat.AUTO,
    encoding: Annotated[
        str,
        typer.Option(
            help="Text encoding of the input: utf-8 (a byte-order mark is accepted), "
            "gb18030 for Chinese Windows files, euc-kr or cp949 for Korean ones."
        ),
    ] = "utf-8",
    rejects: Annotated[
        Path | None, typer.Option(help="Also write rejected records here as JSON lines.")
    ] = None,
    rule_base: Annotated[
        Path | None,
        typer.Option(
            "--rule-base",
            help="Folder of measure YAML (default: BORDERWATCH_RULE_BASE, else the rule base "
            "current in the store — borderwatch rules load — else the shipped one).",
        ),
    ] = None,
    store: Annotated[
        bool,
        typer.Option(
            "--store/--no-store",
            help="Keep each result, with the configuration that produced it, in the store "
            "(BORDERWATCH_DATABASE_URL; a SQLite file by default).",
        ),
    ] = False,
    classify: Annotated[
        bool,
        typer.Option(
            "--classify/--no-classify",
            help="Classify items declared without an HS code (and check declared codes "
            "against their descriptions) with the goods classifier; uncertain items are "
            "referred with the candidates named. Officers' confirmed classifications in "
            "the store are used too.",
        ),
    ] = True,
    parties: Annotated[
        bool,
        typer.Option(
            "--parties/--no-parties",
            help="Screen travellers, employers, consignors and consignees against the "
            "sanctions lists. With no list loaded, declarations naming parties are referred; "
            "--no-parties screens the goods only and says so on every result.",
        ),
    ] = True,
    list_path: Annotated[
        list[str] | None,
        typer.Option(
            "--list",
            help="Screen parties against this sanctions list file or URL "
            "(default: the lists loaded with `borderwatch lists load`).",
        ),
    ] = None,
) -> None:
    """Screen declarations item by item against the measures in force.

    Each declaration gets one JSON object on stdout: its verdict, every item's
    verdict with the legal basis and reasons, conflicts between regimes, the
    party checks and the configuration that produced it (rule-base version,
    list snapshots, classifier version, thresholds). Records that cannot be
    read are reported on stderr with line, field and value; the rest are
    still screened, and the exit code is 2 when anything was rejected.

    Examples:

      borderwatch screen declarations.jsonl --format table

      borderwatch screen - --regimes UN --as-of 2019-03-15 < bus.jsonl

      borderwatch screen manifest.csv --encoding gb18030 --format csv > verdicts.csv

      borderwatch screen bus.jsonl --list consolidated.xml

      borderwatch screen bus.jsonl --list consolidated.xml --format ftm

      borderwatch screen cargo.jsonl --no-parties   # goods only, said on every result

    Parties (traveller, employer, consignor, consignee) are screened against
    the loaded sanctions lists, or the --list files: a possible match refers
    the declaration; a confirmed one (name and birth date or document) makes
    it prohibited where a measure forbids dealing with designated parties.
    A check that could not run never yields a silent clear.
    """
    day = parse_date(as_of, "--as-of")
    database = open_database()
    base = rule_base_at(rule_base, database=database)  # the one build_screener screens with
    records = read_declarations(  # checks --input-format and --encoding before any work
        file, base, source_name=file, fmt=input_format.value, encoding=encoding
    )
    choices = ScreeningChoices(
        rule_base=rule_base,
        regimes=regimes_or_profile(base, regimes, profile),
        classify=classify,
        parties=parties,
        lists=tuple(list_path or ()),
        keep_lists=store,
    )
    screener = build_screener(choices, database=database)
    console, errors = wide_console(), error_console()
    if screener.parties.unavailable:
        errors.print(
            f"[yellow]warning:[/] {safe(screener.parties.unavailable)}; "
            "declarations naming parties are referred.",
            highlight=False,
        )
    configuration = screener.configuration.model_dump_json() if store else None
    ftm_line = _ftm_writer(screener.parties) if fmt is OutputFormat.FTM else None
    rejected = 0
    reject_out = rejects.open("w", encoding="utf-8") if rejects else None
    csv_out = VerdictCsvWriter(sys.stdout) if fmt is OutputFormat.CSV else None
    try:
        for parsed in records:
            if parsed.declaration is None:
                rejected += 1
                for error in parsed.errors:
                    print_rejected(errors, error)
                    if reject_out:
                        reject_out.write(json.dumps(error.as_dict(), ensure_ascii=False) + "\n")
                continue
            result = screener.screen(parsed.declaration, as_of=day)
            if configuration is not None:
                record_screening(database, parsed.declaration, result, configuration=configuration)
            if csv_out is not None:
                csv_out.write(result)
            elif fmt is OutputFormat.TABLE:
                print_verdict(console, result)
            elif ftm_line is not None:
                line = ftm_line(parsed.declaration, result)
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(result.model_dump_json(by_alias=True) + "\n")
    finally:
        if reject_out:
            reject_out.close()
    if rejected:
        errors.print(f"{rejected} record(s) rejected; the others were screened.")
        raise typer.Exit(2)


def _ftm_writer(check: PartyCheck) -> FtmLine:
    """Each declaration's parties as FtM entities, with the listed entries behind the matches."""
    from borderwatch.parties.documents import DocumentScreener
    from borderwatch.parties.ftm_export import declaration_parties

    entry_of = check.matcher.entry_of if isinstance(check.matcher, DocumentScreener) else None
    return partial(declaration_parties, threshold=check.threshold, entry_of=entry_of)
