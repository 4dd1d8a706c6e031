"""`borderwatch targeting select`: choose whom to inspect, from a file or from a day in the
store, and keep a stored day's choice with each declaration's chance of being chosen."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from borderwatch.assembly import ScreeningChoices, build_screener, rule_base_at
from borderwatch.cli.options import TableOrJson, cli_actor
from borderwatch.cli.render import error_console, print_rejected, safe, wide_console
from borderwatch.cli.targeting import model_in_use, targeting_app
from borderwatch.io.declarations import read_declarations
from borderwatch.model.declaration import Declaration
from borderwatch.model.risk_profile import Lane
from borderwatch.store import open_database
from borderwatch.store.inspection_selections import ChosenDeclaration, record_selection
from borderwatch.targeting.choosing import Choice, StoreHistory, choose
from borderwatch.targeting.groups import shared_goods
from borderwatch.targeting.screening_signals import ScreeningSignals
from borderwatch.targeting.stored_bags import (
    bags_around,
    company_history,
    crossing_history,
    decided_bags,
)

__all__ = ["select_command"]


class Per(StrEnum):
    DAY = "day"
    BUS = "bus"


def _store_history(database: Engine, crossing: str | None) -> StoreHistory:
    """The companies' and the crossing's records, as the queue and training read them."""
    with database.connect() as conn:
        return company_history(conn), crossing_history(conn, crossing)


def _from_file(database: Engine, file: Path) -> tuple[list[Declaration], ScreeningSignals, int]:
    """FILE's declarations, screened as `screen` would, and how many records were rejected
    (each printed); exit 2 when none could be read."""
    base = rule_base_at(None, database=database)
    screener = build_screener(ScreeningChoices(), database=database)
    errors, accepted, rejected = error_console(), [], 0
    for parsed in read_declarations(file, base, source_name=str(file)):
        if parsed.declaration is None:
            rejected += 1
            for error in parsed.errors:
                print_rejected(errors, error)
        else:
            accepted.append(parsed.declaration)
    if not accepted:
        errors.print(f"no declaration in {safe(str(file))} could be read; nothing to choose from")
        raise typer.Exit(2)
    return accepted, ScreeningSignals.of([screener.screen(d) for d in accepted]), rejected


def _print(
    chosen: Sequence[Choice], among: int, bags: Sequence[Declaration], as_json: bool
) -> None:
    shared = shared_goods(bags)
    if as_json:
        for c in chosen:
            row = {
                "id": c.declaration.id,
                "score": round(c.score, 4),
                "probability": c.probability,
                "explored": c.explored,
                "why": list(c.why),
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        for s in shared:
            group = {"group": s.group, "shared_hs6": s.hs6, "declarations": list(s.declarations)}
            typer.echo(json.dumps(group, ensure_ascii=False))
        return
    console = wide_console()
    table = Table(
        "declaration",
        "value at stake",
        "chance",
        "why",
        title=f"{len(chosen)} of {among} to inspect",
    )
    for c in chosen:
        why = safe("\n".join(c.why))
        table.add_row(safe(c.declaration.id), f"{c.score:,.0f}", f"{c.probability:.2f}", why)
    console.print(table)
    if shared:
        goods = Table("group", "HS6", "bags", title="goods in several bags of one group")
        for s in shared:
            goods.add_row(safe(s.group), s.hs6, safe(", ".join(s.declarations)))
        console.print(goods)


@targeting_app.command("select")
def select_command(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Declarations: JSON lines or CSV. Or a stored day: --crossing, --date."
        ),
    ] = None,
    crossing: Annotated[
        str | None, typer.Option(help="Choose among this crossing's stored baggage of --date.")
    ] = None,
    date: Annotated[
        dt.date | None,
        typer.Option(formats=["%Y-%m-%d"], help="The stored day to choose from (ISO date)."),
    ] = None,
    capacity: Annotated[
        float,
        typer.Option(
            help="Below 1: the share of each day's (or bus's) declarations to open; "
            "from 1: how many."
        ),
    ] = 0.1,
    per: Annotated[
        Per, typer.Option(help="Count capacity per crossing and day, or per bus.")
    ] = Per.DAY,
    exploration: Annotated[
        float,
        typer.Option(help="Share of the capacity drawn at random, so outcomes stay unbiased."),
    ] = 0.1,
    seed: Annotated[
        int, typer.Option(help="Seed of the random share: the same seed, the same draw.")
    ] = 0,
    dry_run: Annotated[
        bool, typer.Option(help="With --crossing and --date: show the choice, keep nothing.")
    ] = False,
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json")] = TableOrJson.TABLE,
) -> None:
    """Choose whom to inspect, with capacity to open only some.

    Every declaration in a profile's red lane is chosen. Of the rest, each day
    (or bus) gets its capacity: the top by declared value at stake — the
    chance of paid-for goods from the risk profiles and the model in use
    (`targeting train`), times the declared value — and a random share drawn
    from the others. Each choice says why, and the chance it had of being
    chosen. Below, the luxury goods and commercial quantities found in the
    bags of several travellers of one bus.

    From a FILE, the declarations are screened first, as `screen` would
    (goods classified, parties against the stored lists); the choice is shown,
    not kept. From a stored day (--crossing and --date), the bags already
    decided are left out, the stored screenings are read, and the choice is
    kept in the store with each chance (unless --dry-run): when officers
    record what they found, `targeting train` weighs each outcome by
    1 / chance, so the random share's finds count for the bags like them
    that were not opened.

    Examples:

      borderwatch targeting select --crossing dandong --date 2019-03-04 --capacity 0.1

      borderwatch targeting select bus-0412.jsonl --capacity 3 --per bus

      borderwatch targeting select today.csv --capacity 0.1 --exploration 0.2 --format json
    """
    if (crossing is None) != (date is None) or (file is None) == (crossing is None):
        error_console().print("give a FILE, or a stored day with both --crossing and --date")
        raise typer.Exit(2)
    database = open_database()
    stored_model, model = model_in_use(database)
    if file is not None:
        bags, signals, rejected = _from_file(database, file)
        open_to_choice, ids = None, None
    else:
        assert crossing is not None and date is not None
        with database.connect() as conn:
            around = bags_around(conn, {crossing: {date}})
            decided = decided_bags(conn, crossing)
        if not around.ids:
            error_console().print(f"no baggage declaration is stored for {crossing} on {date}")
            raise typer.Exit(2)
        bags, signals, ids = list(around.declarations), around.signals, around.ids
        rejected = 0
        open_to_choice = [i not in decided for i in ids]
    chosen = choose(
        bags,
        rule_base_at(None, database=database),
        model,
        capacity=capacity,
        per=per.value,
        exploration=exploration,
        seed=seed,
        signals=signals,
        history=_store_history(database, crossing),
        open_to_choice=open_to_choice,
    )
    among = sum(open_to_choice) if open_to_choice is not None else len(bags)
    _print(chosen, among, bags, fmt is TableOrJson.JSON)
    if ids is not None and not dry_run:
        # a choice holds the very declaration object it was made of: its stored id by identity
        stored_id = {id(d): i for d, i in zip(bags, ids, strict=True)}
        rows = [
            ChosenDeclaration(
                stored_id[id(c.declaration)],
                c.probability,
                c.explored,
                c.risk.lane is Lane.RED,
                c.score,
            )
            for c in chosen
        ]
        policy = {
            "crossing": crossing,
            "date": str(date),
            "capacity": capacity,
            "per": per.value,
            "exploration": exploration,
            "seed": seed,
        }
        with database.begin() as conn:
            kept = record_selection(
                conn,
                rows,
                policy=policy,
                model=stored_model.id if stored_model else None,
                actor=cli_actor(),
            )
        error_console().print(f"{kept} chosen declaration(s) kept with their chances")
    if rejected:
        error_console().print(f"{rejected} record(s) rejected; chosen among the others.")
        raise typer.Exit(2)
