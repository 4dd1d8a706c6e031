"""`borderwatch targeting`: learn from recorded outcomes, and choose whom to inspect."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from borderwatch.cli.app import app
from borderwatch.cli.options import TableOrJson, cli_actor
from borderwatch.cli.render import utc_minute, wide_console
from borderwatch.store import open_database
from borderwatch.store.targeting_models import (
    StoredModel,
    add_model,
    choose_model,
    current_model,
    list_models,
)
from borderwatch.targeting.baggage_model import BaggageModel
from borderwatch.targeting.queue import read_model
from borderwatch.targeting.stored_bags import Channel
from borderwatch.targeting.training import compare_and_fit, stored_training_set

__all__ = ["model_in_use", "targeting_app"]

targeting_app = typer.Typer(
    help="Learn from recorded outcomes which bags to open, and choose whom to inspect.",
    no_args_is_help=True,
)
app.add_typer(targeting_app, name="targeting")


def model_in_use(
    database: Engine, channel: Channel = "baggage"
) -> tuple[StoredModel | None, BaggageModel | None]:
    """The stored model in use for ``channel``, read back; (None, None) when none was ever
    chosen."""
    with database.connect() as conn:
        stored = current_model(conn, channel)
        return (stored, read_model(conn, stored)) if stored is not None else (None, None)


class ChannelChoice(StrEnum):
    BAGGAGE = "baggage"
    CARGO = "cargo"


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
    channel: Annotated[
        ChannelChoice,
        typer.Option(
            help="baggage: bags, read with their bus, company and crossing; cargo: "
            "consignments, read with the consignor's, consignee's and HS codes' records."
        ),
    ] = ChannelChoice.BAGGAGE,
) -> None:
    """Train a targeting model on the outcomes officers recorded, and use it if it is better.

    A decided declaration (of --channel) counts as positive when something in
    it was seized. Baggage and cargo have a model each. The new model is trained on all but the newest quarter of the
    decided days and ranked on that quarter beside the model in use: it is
    used only when it finds at least as many seizures at a 10 % inspection
    rate (or no model is in use). The model stored is then refit on every
    outcome. Every model is kept; `targeting use ID` goes back to one.

    Examples:

      borderwatch targeting train

      borderwatch targeting train --crossing dandong && borderwatch targeting history
    """
    database = open_database()
    stored, model = model_in_use(database, channel.value)
    with database.connect() as conn:
        data = stored_training_set(conn, crossing=crossing, channel=channel.value)
    fitted, comparison = compare_and_fit(data, model, seed=seed)
    summary = {
        "decided": len(data.decided),
        "seized": int(data.seized.sum()),
        "reweighted": data.reweighted,
        "from": min(data.dates).isoformat(),
        "to": max(data.dates).isoformat(),
        "crossing": crossing,
        "channel": channel.value,
        "seed": seed,
        "compared_with": stored.id if stored else None,
        **comparison.summary(),
    }
    actor = cli_actor()
    used = comparison.better or force
    with database.begin() as conn:
        kept = add_model(conn, fitted.to_text(), summary, actor, channel.value)
        if used:
            why = "ranked the newest outcomes as well or better" if comparison.better else "forced"
            kept = choose_model(conn, kept.id, actor, why)
    table = Table("model", "recall @10%", "precision @10%", title="on the newest outcomes")
    table.add_row(f"new ({kept.id})", *_rates(comparison.candidate))
    if comparison.current is not None and stored is not None:
        table.add_row(f"in use ({stored.id})", *_rates(comparison.current))
    console = wide_console()
    console.print(
        f"{summary['decided']} decided {channel.value} declarations from {summary['from']} to "
        f"{summary['to']}, {summary['seized']} with a seizure, {data.reweighted} weighed by "
        "their chance of being chosen; compared on the "
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
    typer.echo(f"model {chosen.id} is now in use for {chosen.channel}")


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
                "channel": m.channel,
                "in_use": m.current,
                "summary": m.summary,
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table(
        "id", "channel", "trained (UTC)", "outcomes", "recall @10% new / in use", "in use"
    )
    for m in models:
        s = m.summary
        was = s.get("current") or {}
        compared = f"{s['candidate']['recall']:.1%} / " + (
            f"{was['recall']:.1%}" if was else "(none)"
        )
        table.add_row(
            str(m.id),
            m.channel,
            utc_minute(m.trained_at),
            f"{s['decided']} ({s['seized']} seized)",
            compared,
            "yes" if m.current else "",
        )
    wide_console().print(table if models else "no targeting model yet: borderwatch targeting train")


# imported after targeting_app exists: it registers `targeting select` on it
from borderwatch.cli import targeting_select  # noqa: E402, F401
