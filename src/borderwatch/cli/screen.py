"""`borderwatch screen`: verdicts for a file of declarations."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from borderwatch.cli.app import app
from borderwatch.cli.classify import classifier_from_store
from borderwatch.cli.options import parse_date, regimes_or_profile, rule_base_from
from borderwatch.cli.parties import screener_for
from borderwatch.cli.render import error_console, print_rejected, print_verdict, wide_console
from borderwatch.engine.screen import screen_declaration
from borderwatch.io.declarations import read_declarations
from borderwatch.settings import get_settings
from borderwatch.store import open_database
from borderwatch.store.screenings import record_screening

__all__ = ["screen"]


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
        typer.Option(help="A named selection of regimes: un, china-customs or monitor."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="json (one line each) or table.")] = "json",
    input_format: Annotated[
        str, typer.Option("--input-format", help="auto (by suffix), jsonl or csv.")
    ] = "auto",
    encoding: Annotated[
        str,
        typer.Option(
            help="Text encoding of FILE: utf-8 (a byte-order mark is accepted), gb18030 "
            "for files saved by Chinese Windows, cp949 or euc-kr for Korean ones."
        ),
    ] = "utf-8",
    rejects: Annotated[
        Path | None, typer.Option(help="Also write rejected records here as JSON lines.")
    ] = None,
    rule_base: Annotated[
        Path | None, typer.Option("--rule-base", help="Folder of measure YAML.")
    ] = None,
    store: Annotated[
        bool,
        typer.Option(
            "--store/--no-store",
            help="Keep each result, with the rule-base version, in the store "
            "(BORDERWATCH_DATABASE_URL; a SQLite file by default).",
        ),
    ] = False,
    classify: Annotated[
        bool,
        typer.Option(
            "--classify/--no-classify",
            help="Classify items declared without an HS code (and check declared codes "
            "against their descriptions) with the goods classifier; uncertain items are "
            "referred with the candidates named. With --store, officers' confirmed "
            "classifications are used too.",
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
    verdict with the legal basis and reasons, conflicts between regimes and
    the rule-base version. Records that cannot be read are reported on stderr
    with line, field and value; the rest are still screened, and the exit
    code is 2 when anything was rejected.

    Examples:

      borderwatch screen declarations.jsonl --format table

      borderwatch screen - --regimes UN --as-of 2019-03-15 < bus.jsonl

      borderwatch screen undeclared-hs.jsonl --no-classify   # officers classify by hand

      borderwatch screen bus.jsonl --list consolidated.xml

    Parties (traveller, employer, consignor, consignee) are screened against
    the loaded sanctions lists, or the --list files: a possible match refers
    the declaration; a confirmed one (name and birth date or document) makes
    it prohibited where a measure forbids dealing with designated parties.
    """
    base = rule_base_from(rule_base)
    day = parse_date(as_of, "--as-of")
    chosen = regimes_or_profile(base, regimes, profile)
    console, errors = wide_console(), error_console()
    rejected = 0
    reject_out = rejects.open("w", encoding="utf-8") if rejects else None
    database = open_database() if store else None
    classifier = classifier_from_store(store) if classify else None
    confidence = get_settings().classify_confidence
    screener = screener_for(list_path, threshold=get_settings().party_threshold, required=False)
    try:
        for parsed in read_declarations(
            file, base, source_name=file, fmt=input_format, encoding=encoding
        ):
            if parsed.declaration is None:
                rejected += 1
                for error in parsed.errors:
                    print_rejected(errors, error)
                    if reject_out:
                        reject_out.write(json.dumps(error.as_dict(), ensure_ascii=False) + "\n")
                continue
            result = screen_declaration(
                parsed.declaration,
                base,
                regimes=chosen,
                as_of=day,
                classifier=classifier,
                classify_confidence=confidence,
                party_screener=screener,
            )
            if database is not None:
                record_screening(database, parsed.declaration, result)
            if fmt == "table":
                print_verdict(console, result)
            else:
                sys.stdout.write(result.model_dump_json(by_alias=True) + "\n")
    finally:
        if reject_out:
            reject_out.close()
    if rejected:
        errors.print(f"{rejected} record(s) rejected; the others were screened.")
        raise typer.Exit(2)
