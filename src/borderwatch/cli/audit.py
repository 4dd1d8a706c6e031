"""`borderwatch audit`: check the audit log's hash chain, and show its newest records."""

from __future__ import annotations

import json
import re
from typing import Annotated

import typer
from rich.table import Table

from borderwatch.cli.app import app
from borderwatch.cli.options import TableOrJson
from borderwatch.cli.render import safe, utc_minute, wide_console
from borderwatch.errors import AuditChainError, InputError
from borderwatch.store import open_database
from borderwatch.store.audit import recent_records, verify

__all__ = ["audit_app"]

audit_app = typer.Typer(
    help="The audit log: check that no record was edited, deleted or moved; show the newest.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")

_ANCHOR = re.compile(r"(\d+):([0-9a-fA-F]{64})")


def _anchor(text: str) -> tuple[int, str]:
    found = _ANCHOR.fullmatch(text.strip())
    if found is None:
        raise InputError(
            f"--anchor {text!r} is not SEQ:HASH; give a record number and its 64-digit hash "
            "as audit verify printed them, e.g. --anchor 412:3f9a…(64 hex digits)."
        )
    return int(found.group(1)), found.group(2).lower()


@audit_app.command("verify")
def verify_command(
    anchor: Annotated[
        list[str] | None,
        typer.Option(
            help="SEQ:HASH noted from an earlier verify: that record must still have that "
            "hash (repeatable)."
        ),
    ] = None,
) -> None:
    """Recompute the audit log's hash chain; name the first record edited, deleted or moved.

    Each record holds the hash of the one before it, so a record changed,
    removed or reordered by hand in the database breaks the chain there.
    Exit 0 when intact (with the number of records and the head: note it
    outside this store, e.g. in the daily report, and pass it back later
    with --anchor to prove the chain was not rewritten wholesale since);
    exit 6 naming the first bad record and what to do; exit 4 when the store
    cannot be read.

    Examples:

      borderwatch audit verify

      borderwatch audit verify --anchor 412:3f9a0c…   (the 64-digit hash printed before)
    """
    anchors = [_anchor(a) for a in anchor or ()]
    check = verify(open_database(), anchors)
    if check.first_break is not None:
        bad = check.first_break
        raise AuditChainError(
            f"the audit log is broken at record {bad.seq}: {bad.problem}. "
            f"{check.count} records before it are intact. Do not trust the log from record "
            f"{bad.seq} on: keep a copy of the store as it is now, compare it with a backup "
            "or the database's own logs from before, and find who had write access; "
            "`borderwatch audit show` lists the newest records."
        )
    typer.echo(
        f"audit log intact: {check.count} records; head: record {check.head_seq}, "
        f"hash {check.head_hash}"
    )
    if check.head_seq:
        typer.echo(
            f"note it outside the store; later: borderwatch audit verify --anchor "
            f"{check.head_seq}:{check.head_hash}"
        )


@audit_app.command("show")
def show(
    last: Annotated[int, typer.Option(min=1, help="How many of the newest records.")] = 20,
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = (
        TableOrJson.TABLE
    ),
) -> None:
    """Show the newest audit records: number, time, actor, action, subject, detail.

    Examples:

      borderwatch audit show

      borderwatch audit show --last 200 --format json
    """
    records = recent_records(open_database(), last)
    if fmt is TableOrJson.JSON:
        for r in records:
            typer.echo(json.dumps({**r.__dict__, "at": r.at.isoformat()}, ensure_ascii=False))
        return
    table = Table("#", "at (UTC)", "actor", "action", "subject", "detail")
    for r in records:
        table.add_row(
            str(r.seq),
            utc_minute(r.at),
            safe(r.actor),
            safe(r.action),
            safe(r.subject),
            safe(json.dumps(r.detail, ensure_ascii=False)),
        )
    wide_console().print(table if records else "the audit log is empty")
