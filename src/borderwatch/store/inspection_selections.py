"""Which declarations targeting chose for inspection, and the chance each had of it.

A selection under capacity takes the top of a ranking and draws a random
share from the rest (``borderwatch targeting select``). The outcomes officers
then record are not a fair sample: the top was opened because it looked
risky. Keeping each chosen declaration's chance of having been chosen lets
training weigh an outcome by 1 / chance, so a bag the ranking missed but
the draw opened counts for the many like it that were not opened. The
policy (capacity, unit, exploration, seed, model) is kept with each row, and
every selection is audited.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
)

from borderwatch.store import audit
from borderwatch.store.database import metadata

__all__ = [
    "ChosenDeclaration",
    "inspection_selections",
    "record_selection",
    "selection_chances",
]

inspection_selections = Table(
    "inspection_selections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "declaration",
        Integer,
        ForeignKey("declarations.id", name="fk_inspection_selections_declaration"),
        nullable=False,
        index=True,
    ),
    Column("chosen_at", DateTime(timezone=True), nullable=False),
    Column("chosen_by", String(200), nullable=False),
    Column("probability", Float, nullable=False),
    Column("explored", Boolean, nullable=False),
    Column("red_lane", Boolean, nullable=False),
    Column("score", Float, nullable=False),
    Column("model", Integer, nullable=True),
    Column("policy", Text, nullable=False),
)


@dataclass(frozen=True)
class ChosenDeclaration:
    """One stored declaration chosen: its chance of being chosen, and why."""

    declaration: int
    probability: float
    explored: bool
    red_lane: bool
    score: float


def record_selection(
    conn: Connection,
    chosen: Sequence[ChosenDeclaration],
    *,
    policy: dict[str, Any],
    model: int | None,
    actor: str,
) -> int:
    """Keep the chosen declarations with their chances; appends ``targeting.select``."""
    for c in chosen:
        if not 0 < c.probability <= 1:
            raise ValueError(f"declaration {c.declaration}: a chance is in (0, 1]")
    now = dt.datetime.now(dt.UTC)
    text = json.dumps(policy, sort_keys=True)
    if chosen:
        conn.execute(
            insert(inspection_selections),
            [
                {
                    "declaration": c.declaration,
                    "chosen_at": now,
                    "chosen_by": actor[:200],
                    "probability": c.probability,
                    "explored": c.explored,
                    "red_lane": c.red_lane,
                    "score": c.score,
                    "model": model,
                    "policy": text,
                }
                for c in chosen
            ],
        )
    detail = {
        **policy,
        "model": model,
        "chosen": len(chosen),
        "explored": sum(c.explored for c in chosen),
        "declarations": [c.declaration for c in chosen],
    }
    audit.append(conn, actor, "targeting.select", f"selection:{now.isoformat()}", detail)
    return len(chosen)


def selection_chances(conn: Connection) -> dict[int, float]:
    """Each selected declaration's chance of its latest selection, by stored id."""
    latest = (
        select(
            inspection_selections.c.declaration,
            func.max(inspection_selections.c.id).label("last"),
        )
        .group_by(inspection_selections.c.declaration)
        .subquery()
    )
    rows = conn.execute(
        select(inspection_selections.c.declaration, inspection_selections.c.probability).join(
            latest, latest.c.last == inspection_selections.c.id
        )
    )
    return {row.declaration: float(row.probability) for row in rows}
