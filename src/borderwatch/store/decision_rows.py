"""The decisions table, and reading decisions back: one chain per declaration or item.

A decision concerns a stored declaration as a whole (``item_id`` NULL) or
one of its items (a foreign key to ``declaration_items`` holds the item to
its own declaration). ``amends`` points to the decision an amendment
replaces. Unique indexes allow one first decision per declaration and per
item, and one amendment per decision, so the decisions on one declaration
or item form a single chain and its last one is the current decision.
Triggers (revision 0004) refuse UPDATE and DELETE of a decision on both
databases. Writing is :mod:`borderwatch.store.decisions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Row,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
    text,
)

from borderwatch.errors import NotFoundError
from borderwatch.model.decision import MAX_FOUND, MAX_REASON, Decision, Outcome, Role
from borderwatch.store.database import as_utc, metadata
from borderwatch.store.declaration_rows import stored_declaration

__all__ = [
    "DeclarationDecisions",
    "decision_chain",
    "decision_history",
    "decisions",
    "decisions_for",
    "stored_decision",
]

_OUTCOMES = ", ".join(f"'{o.value}'" for o in Outcome)
_FIRST_ON_ITEM = text("amends IS NULL AND item_id IS NOT NULL")
_FIRST_ON_DECLARATION = text("amends IS NULL AND item_id IS NULL")

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "declaration_id",
        Integer,
        ForeignKey("declarations.id", name="fk_decisions_declaration_id"),
        nullable=False,
        index=True,
    ),
    Column("item_id", String(200), nullable=True),
    Column("outcome", String(24), nullable=False),
    Column("found", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("officer", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("crossing", String(200), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column(
        "screening_id",
        Integer,
        ForeignKey("screenings.id", name="fk_decisions_screening_id"),
        nullable=False,
    ),
    Column(
        "amends",
        Integer,
        ForeignKey("decisions.id", name="fk_decisions_amends"),
        nullable=True,
    ),
    # a decision on an item names an item of its own declaration
    ForeignKeyConstraint(
        ["declaration_id", "item_id"],
        ["declaration_items.declaration_id", "declaration_items.item_id"],
        name="fk_decisions_item",
    ),
    UniqueConstraint("amends", name="uq_decisions_amends"),
    CheckConstraint(f"outcome IN ({_OUTCOMES})", name="ck_decisions_outcome"),
    CheckConstraint("role IN ('officer', 'supervisor')", name="ck_decisions_role"),
    CheckConstraint(
        f"length(found) <= {MAX_FOUND} AND length(reason) BETWEEN 1 AND {MAX_REASON}",
        name="ck_decisions_text",
    ),
    Index(
        "uq_decisions_first_on_item",
        "declaration_id",
        "item_id",
        unique=True,
        sqlite_where=_FIRST_ON_ITEM,
        postgresql_where=_FIRST_ON_ITEM,
    ),
    Index(
        "uq_decisions_first_on_declaration",
        "declaration_id",
        unique=True,
        sqlite_where=_FIRST_ON_DECLARATION,
        postgresql_where=_FIRST_ON_DECLARATION,
    ),
)


@dataclass(frozen=True)
class DeclarationDecisions:
    """The decisions on one stored declaration.

    ``whole`` is the current decision on the declaration as a whole, ``items``
    the current decision on each item that has one of its own, ``history``
    every decision recorded, oldest first (amended ones included).
    """

    declaration: int
    whole: Decision | None
    items: dict[str, Decision] = field(default_factory=dict)
    history: tuple[Decision, ...] = ()

    def for_item(self, item: str) -> Decision | None:
        """What was decided for ``item``: its own current decision, else the whole one's."""
        return self.items.get(item, self.whole)


def _decision(row: Row[tuple[object, ...]]) -> Decision:
    return Decision(
        id=row.id,
        declaration=row.declaration_id,
        item=row.item_id,
        outcome=Outcome(row.outcome),
        found=row.found,
        reason=row.reason,
        officer=row.officer,
        role=Role(row.role),
        crossing=row.crossing,
        recorded_at=as_utc(row.recorded_at),
        screening=row.screening_id,
        amends=row.amends,
    )


def stored_decision(conn: Connection, decision: int) -> Decision:
    """The stored decision with id ``decision``."""
    row = conn.execute(select(decisions).where(decisions.c.id == decision)).one_or_none()
    if row is None:
        raise NotFoundError(f"no decision has id {decision}")
    return _decision(row)


def decision_history(conn: Connection, declaration: int) -> list[Decision]:
    """Every decision on stored declaration ``declaration``, oldest first."""
    query = select(decisions).where(decisions.c.declaration_id == declaration)
    return [_decision(row) for row in conn.execute(query.order_by(decisions.c.id))]


def decision_chain(conn: Connection, decision: int) -> list[Decision]:
    """The chain ``decision`` belongs to: the first decision, then each amendment in turn."""
    start = stored_decision(conn, decision)
    same = {d.id: d for d in decision_history(conn, start.declaration) if d.item == start.item}
    (first,) = [d for d in same.values() if d.amends is None]
    by_amended = {d.amends: d for d in same.values() if d.amends is not None}
    chain = [first]
    while chain[-1].id in by_amended:
        chain.append(by_amended[chain[-1].id])
    return chain


def decisions_for(conn: Connection, declaration: int) -> DeclarationDecisions:
    """The current decision on the declaration and on each of its items, with the history."""
    stored_declaration(conn, declaration)  # NotFoundError for an unknown id
    history = decision_history(conn, declaration)
    amended = {d.amends for d in history}
    current = [d for d in history if d.id not in amended]
    return DeclarationDecisions(
        declaration=declaration,
        whole=next((d for d in current if d.item is None), None),
        items={d.item: d for d in current if d.item is not None},
        history=tuple(history),
    )
