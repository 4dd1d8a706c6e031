"""`borderwatch rules load|use|history`: the rule base screening uses, kept in the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from borderwatch.cli.options import TableOrJson, cli_actor
from borderwatch.cli.render import error_console, safe, wide_console
from borderwatch.cli.rules import rules_app
from borderwatch.settings import get_settings
from borderwatch.store import open_database
from borderwatch.store.rule_base_versions import StoredRuleBase
from borderwatch.store.rule_bases import load_version, rule_base_history, select_version

__all__ = ["history", "load", "use"]

NoteOption = Annotated[
    str | None, typer.Option(help="Why (an amendment's reference, a rollback's cause); kept.")
]


def _named(version: StoredRuleBase) -> str:
    return (
        f"rule base {version.content_hash} (id {version.id}, {version.measure_count} measures "
        f"in {version.file_count} files, from {version.label})"
    )


def _overridden() -> None:
    """Warn when this environment screens with a folder, whatever the store's choice."""
    folder = get_settings().rule_base
    if folder is not None:
        error_console().print(
            f"[yellow]warning:[/] BORDERWATCH_RULE_BASE={safe(str(folder))} is set: commands "
            "run with it screen with that folder, not the store's current rule base.",
            highlight=False,
        )


@rules_app.command("load")
def load(
    folder: Annotated[
        Path,
        typer.Argument(help="Rule-base folder: regimes.yaml, crossings.yaml, measures/ …"),
    ],
    note: NoteOption = None,
) -> None:
    """Check a rule-base folder, keep it in the store and make it the one screening uses.

    The folder is validated as `rules check` does; one with any error is
    refused, naming each file, line and field, and nothing changes. Its files
    are stored by content hash (the version every result records), so results
    can be re-screened under it after the folder changes or is gone. Loading
    files already stored makes that version current again. From then on
    `screen`, `report`, `rescreen` and the service screen with it unless
    --rule-base or BORDERWATCH_RULE_BASE names a folder; with no version
    chosen, the shipped rule base is used.

    Examples:

      borderwatch rules check --rule-base ./amended-rules && borderwatch rules load ./amended-rules --note "MOFCOM 2024 No. 12"

      borderwatch rules load ./amended-rules && borderwatch rescreen
    """
    outcome = load_version(open_database(), folder, note=note, actor=cli_actor())
    version = outcome.version
    if outcome.state == "unchanged":
        typer.echo(f"{_named(version)} already stored and current")
    else:
        state = "stored" if outcome.state == "stored" else "already stored, made current again"
        typer.echo(f"{_named(version)} {state}")
        was = outcome.replaced
        typer.echo(f"replaces {_named(was)}" if was else "replaces the shipped rule base")
    _overridden()


@rules_app.command("use")
def use(
    version: Annotated[
        str,
        typer.Argument(help="Version id, or at least 8 digits of its hash (rules history)."),
    ],
    note: NoteOption = None,
) -> None:
    """Make an earlier (or any stored) rule-base version the one screening uses again.

    Examples:

      borderwatch rules use 2

      borderwatch rules use 4dcfb73a --note "amendment withdrawn pending review"
    """
    chosen = select_version(
        open_database(), version, reason="rollback", note=note, actor=cli_actor()
    )
    typer.echo(f"{_named(chosen)} now current")
    _overridden()


@rules_app.command("history")
def history(
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = (
        TableOrJson.TABLE
    ),
) -> None:
    """Every change of the current rule base: when, which version, why, by whom; * is current.

    Examples:

      borderwatch rules history

      borderwatch rules history --format json
    """
    selections = rule_base_history(open_database())
    if fmt is TableOrJson.JSON:
        for c in selections:
            row = {
                "version_id": c.version.id,
                "content_hash": c.version.content_hash,
                "label": c.version.label,
                "source": c.version.source,
                "measures": c.version.measure_count,
                "chosen_at": c.chosen_at.isoformat(),
                "reason": c.reason,
                "note": c.note,
                "chosen_by": c.chosen_by,
                "current": c.version.current,
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("chosen at", "id", "version", "from", "measures", "reason", "by", "note")
    for c in selections:
        table.add_row(
            f"{c.chosen_at:%Y-%m-%d %H:%M}",
            str(c.version.id),
            ("* " if c.version.current else "") + c.version.content_hash,
            safe(c.version.label),
            str(c.version.measure_count),
            c.reason,
            safe(c.chosen_by),
            safe(c.note or ""),
        )
    console = wide_console()
    if selections:
        console.print(table)
        console.print("* current: used for screening. Go back with: borderwatch rules use ID")
    else:
        console.print(
            "no rule base loaded into the store: the shipped one is used. "
            "Load one with: borderwatch rules load FOLDER"
        )
