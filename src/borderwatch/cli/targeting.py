"""`borderwatch targeting`: learn from recorded outcomes, and choose whom to inspect."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from borderwatch.assembly import ScreeningChoices, build_screener, rule_base_at
from borderwatch.cli.app import app
from borderwatch.cli.options import TableOrJson, cli_actor
from borderwatch.cli.render import error_console, print_rejected, safe, utc_minute, wide_console
from borderwatch.io.declarations import read_declarations
from borderwatch.store import open_database
from borderwatch.store.targeting_models import (
    StoredModel,
    add_model,
    choose_model,
    current_model,
    list_models,
)
from borderwatch.targeting.baggage_model import BaggageModel
from borderwatch.targeting.choosing import choose
from borderwatch.targeting.groups import shared_goods
from borderwatch.targeting.queue import read_model
from borderwatch.targeting.screening_signals import ScreeningSignals
from borderwatch.targeting.training import compare_and_fit, stored_training_set

__all__ = ["targeting_app"]

targeting_app = typer.Typer(
    help="Learn from recorded outcomes which bags to open, and choose whom to inspect.",
    no_args_is_help=True,
)
app.add_typer(targeting_app, name="targeting")


class Per(StrEnum):
    DAY = "day"
    BUS = "bus"


def _in_use(database: Engine) -> tuple[StoredModel | None, BaggageModel | None]:
    """The stored model in use, read back; (None, None) when none was ever chosen."""
    with database.connect() as conn:
        stored = current_model(conn)
        return (stored, read_model(conn, stored)) if stored is not None else (None, None)


def _rates(scores: dict[str, float]) -> tuple[str, str]:
    return f"{scores['recall']:.1%}", f"{scores['precision']:.1%}"


@targeting_app.command("train")
def train(
    crossing: Annotated[
        str | None, typer.Option(help="Learn from this crossing's outcomes only.")
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Use the new model even if it ranks worse than the one in use.")
    ] = False,
    seed: Annotated[int, typer.Option(help="LightGBM's seed: the same seed, the same model.")] = 0,
) -> None:
    """Train a baggage model on the outcomes officers recorded, and use it if it is better.

    A decided baggage declaration counts as positive when something in it was
    seized. The new model is trained on all but the newest quarter of the
    decided days and ranked on that quarter beside the model in use: it is
    used only when it finds at least as many seizures at a 10 % inspection
    rate (or no model is in use). The model stored is then refit on every
    outcome. Every model is kept; `targeting use ID` goes back to one.

    Examples:

      borderwatch targeting train

      borderwatch targeting train --crossing dandong && borderwatch targeting history
    """
    database = open_database()
    stored, model = _in_use(database)
    with database.connect() as conn:
        data = stored_training_set(conn, crossing=crossing)
    fitted, comparison = compare_and_fit(data, model, seed=seed)
    summary = {
        "decided": len(data.decided),
        "seized": int(data.seized.sum()),
        "from": min(data.dates).isoformat(),
        "to": max(data.dates).isoformat(),
        "crossing": crossing,
        "seed": seed,
        "compared_with": stored.id if stored else None,
        **comparison.summary(),
    }
    actor = cli_actor()
    used = comparison.better or force
    with database.begin() as conn:
        kept = add_model(conn, fitted.to_text(), summary, actor)
        if used:
            why = "ranked the newest outcomes as well or better" if comparison.better else "forced"
            kept = choose_model(conn, kept.id, actor, why)
    table = Table("model", "recall @10%", "precision @10%", title="on the newest outcomes")
    table.add_row(f"new ({kept.id})", *_rates(comparison.candidate))
    if comparison.current is not None and stored is not None:
        table.add_row(f"in use ({stored.id})", *_rates(comparison.current))
    console = wide_console()
    console.print(
        f"{summary['decided']} decided baggage declarations from {summary['from']} to "
        f"{summary['to']}, {summary['seized']} with a seizure; compared on the "
        f"{comparison.holdout} from {summary['holdout_from']} "
        f"({comparison.holdout_seized} with a seizure)",
        highlight=False,
    )
    console.print(table)
    if used:
        console.print(f"model {kept.id} is now in use", highlight=False)
    else:
        console.print(
            f"model {kept.id} is kept but not used: it finds fewer seizures than model "
            f"{stored.id if stored else '?'}; to use it anyway: borderwatch targeting use {kept.id}",
            highlight=False,
        )


@targeting_app.command("use")
def use(
    model_id: Annotated[int, typer.Argument(help="The model's id (see targeting history).")],
    reason: Annotated[str, typer.Option(help="Why; kept in the audit log.")] = "chosen",
) -> None:
    """Rank with stored model ID from now on (to go back to an earlier model).

    Examples:

      borderwatch targeting use 3 --reason "model 4 opened too many clean bags"
    """
    with open_database().begin() as conn:
        chosen = choose_model(conn, model_id, cli_actor(), reason)
    typer.echo(f"model {chosen.id} is now in use")


@targeting_app.command("history")
def history(
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json")] = TableOrJson.TABLE,
) -> None:
    """Every stored targeting model: when trained, on what, how it compared, which is in use.

    Examples:

      borderwatch targeting history --format json
    """
    with open_database().connect() as conn:
        models = list_models(conn)
    if fmt is TableOrJson.JSON:
        for m in models:
            row = {
                "id": m.id,
                "hash": m.content_hash,
                "trained_at": m.trained_at.isoformat(),
                "trained_by": m.trained_by,
                "in_use": m.current,
                "summary": m.summary,
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("id", "trained (UTC)", "outcomes", "recall @10% new / in use", "in use")
    for m in models:
        s = m.summary
        was = s.get("current") or {}
        compared = f"{s['candidate']['recall']:.1%} / " + (
            f"{was['recall']:.1%}" if was else "(none)"
        )
        table.add_row(
            str(m.id),
            utc_minute(m.trained_at),
            f"{s['decided']} ({s['seized']} seized)",
            compared,
            "yes" if m.current else "",
        )
    wide_console().print(table if models else "no targeting model yet: borderwatch targeting train")


@targeting_app.command("select")
def select_command(
    file: Annotated[Path, typer.Argument(help="Declarations: JSON lines or CSV.")],
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
    fmt: Annotated[TableOrJson, typer.Option("--format", help="table or json")] = TableOrJson.TABLE,
) -> None:
    """Choose whom to inspect among FILE's declarations, with capacity to open only some.

    Every declaration in a profile's red lane is chosen. Of the rest, each day
    (or bus) gets its capacity: the top by declared value at stake — the
    chance of paid-for goods from the risk profiles and the model in use
    (`targeting train`), times the declared value — and a random share drawn
    from the others, whose chance is kept so later training can weigh its
    outcomes. Each choice says why. Below, the luxury goods and commercial
    quantities found in the bags of several travellers of one bus.

    FILE is screened first, as `screen` would (goods classified, parties
    against the stored lists): a party hit puts a bag in the red lane, and the
    verdict, the closest party match and the classifier's doubt are what a
    model trained on stored outcomes reads beside the goods.

    Examples:

      borderwatch targeting select bus-0412.jsonl --capacity 3 --per bus

      borderwatch targeting select today.csv --capacity 0.1 --exploration 0.2 --format json
    """
    database = open_database()
    base = rule_base_at(None, database=database)
    _, model = _in_use(database)
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
    signals = ScreeningSignals.of([screener.screen(d) for d in accepted])
    chosen = choose(
        accepted,
        base,
        model,
        capacity=capacity,
        per=per.value,
        exploration=exploration,
        seed=seed,
        signals=signals,
    )
    shared = shared_goods(accepted)
    if fmt is TableOrJson.JSON:
        for c in chosen:
            typer.echo(
                json.dumps(
                    {
                        "id": c.declaration.id,
                        "score": round(c.score, 4),
                        "probability": c.probability,
                        "explored": c.explored,
                        "why": list(c.why),
                    },
                    ensure_ascii=False,
                )
            )
        for s in shared:
            typer.echo(
                json.dumps(
                    {"group": s.group, "shared_hs6": s.hs6, "declarations": list(s.declarations)},
                    ensure_ascii=False,
                )
            )
    else:
        console = wide_console()
        table = Table(
            "declaration",
            "value at stake",
            "chance",
            "why",
            title=f"{len(chosen)} of {len(accepted)} to inspect",
        )
        for c in chosen:
            table.add_row(
                safe(c.declaration.id),
                f"{c.score:,.0f}",
                f"{c.probability:.2f}",
                safe("\n".join(c.why)),
            )
        console.print(table)
        if shared:
            goods = Table("group", "HS6", "bags", title="goods in several bags of one group")
            for s in shared:
                goods.add_row(safe(s.group), s.hs6, safe(", ".join(s.declarations)))
            console.print(goods)
    if rejected:
        errors.print(f"{rejected} record(s) rejected; chosen among the others.")
        raise typer.Exit(2)
