"""What officers work through, and what their decisions teach.

:func:`inspection_queue` lists the declarations of a crossing that screening
says to stop (a verdict of at least ``inspect``) and that still await a
decision, strictest first, then oldest first. :func:`outcomes_with_verdicts`
pairs each decided item's verdict with the final decision taken on it, the
material for learning targeting later.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import ColumnElement, Connection, and_, case, exists, func, select
from sqlalchemy.sql.selectable import NamedFromClause

from borderwatch.model.decision import Outcome
from borderwatch.model.declaration import Conveyance
from borderwatch.model.verdict import DeclarationVerdict, Verdict
from borderwatch.store.database import as_utc
from borderwatch.store.decision_rows import decisions
from borderwatch.store.declaration_rows import (
    declaration_items,
    declarations,
    latest_screening_ids,
)
from borderwatch.store.screenings import screenings

__all__ = [
    "QueueFilter",
    "QueuedDeclaration",
    "TrainingOutcome",
    "inspection_queue",
    "outcomes_with_verdicts",
    "queued_in_order",
]


@dataclass(frozen=True)
class QueuedDeclaration:
    """A declaration waiting for an officer: its stored id, verdict and arrival, the
    company that manages its traveller (``traveller.employer``) and the bus or train it
    came on (``conveyance``, as ``bus 辽F-37412``), if known."""

    declaration: int
    client_id: str
    declared_id: str
    crossing: str
    channel: str
    direction: str
    date: dt.date
    received_at: dt.datetime
    verdict: Verdict
    screening: int
    employer: str | None = None
    conveyance: str | None = None
    document: str = field(default="", repr=False)  # the declaration as stored (JSON)
    result: str = field(default="", repr=False)  # its latest screening result (JSON)


@dataclass(frozen=True)
class TrainingOutcome:
    """One item: what screening said of it and what officers finally decided.

    ``verdict`` is the item's verdict in the screening the decision was taken
    on (``screening``); ``decided_on`` is ``item`` when the decision names the
    item, ``declaration`` when it covers the whole declaration; ``amended``
    when the final decision is an amendment.
    """

    declaration: int
    crossing: str
    date: dt.date
    direction: str
    channel: str
    item: str
    declared_hs: str | None
    hs: str | None
    verdict: Verdict
    declaration_verdict: Verdict
    rule_base: str
    screening: int
    decision: int
    decided_on: str
    outcome: Outcome
    found: str
    amended: bool


def _rank() -> ColumnElement[int]:
    """The verdict's rank in SQL: 0 for clear up to 5 for prohibited."""
    return case({v.value: v.rank for v in Verdict}, value=screenings.c.verdict, else_=-1)


def _grouping(declaration: str) -> tuple[str | None, str | None]:
    """The traveller's managing company and the conveyance's label in a stored
    declaration's JSON, each if any."""
    document = json.loads(declaration)
    employer = (document.get("traveller") or {}).get("employer")
    conveyance = document.get("conveyance")
    label = Conveyance.model_validate(conveyance).label() if conveyance else None
    return (employer if isinstance(employer, str) else None), label


def _contains(value: str | None, wanted: str) -> bool:
    return not wanted or (value is not None and wanted in value.casefold())


def _folded(text: str | None) -> str:
    return text.strip().casefold() if text else ""


def queued_in_order(
    conn: Connection, crossing: str, *, channel: str | None = None
) -> Iterator[QueuedDeclaration]:
    """Declarations of ``crossing`` to inspect that no decision covers yet, strictest
    verdict first, then oldest received first, with their stored declaration and
    screening result (for ranking by risk; see :mod:`borderwatch.targeting.queue`).

    Included: a latest screening verdict of ``inspect`` or stricter, no decision on
    the declaration as a whole, and at least one item without a decision of its own.
    ``channel`` keeps one channel (baggage or cargo).
    """
    latest = latest_screening_ids()
    whole_decided = exists().where(
        decisions.c.declaration_id == declarations.c.id, decisions.c.item_id.is_(None)
    )
    item_decided = exists().where(
        decisions.c.declaration_id == declaration_items.c.declaration_id,
        decisions.c.item_id == declaration_items.c.item_id,
    )
    item_open = exists().where(
        declaration_items.c.declaration_id == declarations.c.id, ~item_decided
    )
    rank = _rank()
    query = (
        select(
            declarations,
            screenings.c.verdict,
            screenings.c.id.label("screening_id"),
            screenings.c.result,
        )
        .join(latest, latest.c.declaration == declarations.c.id)
        .join(screenings, screenings.c.id == latest.c.screening)
        .where(
            declarations.c.crossing == crossing.strip().lower(),
            rank >= Verdict.INSPECT.rank,
            ~whole_decided,
            item_open,
        )
        .order_by(rank.desc(), declarations.c.received_at, declarations.c.id)
    )
    if channel is not None:
        query = query.where(declarations.c.channel == channel)
    for row in conn.execute(query):
        employer, label = _grouping(row.declaration)
        yield QueuedDeclaration(
            declaration=row.id,
            client_id=row.client_id,
            declared_id=row.declared_id,
            crossing=row.crossing,
            channel=row.channel,
            direction=row.direction,
            date=row.date,
            received_at=as_utc(row.received_at),
            verdict=Verdict(row.verdict),
            screening=row.screening_id,
            employer=employer,
            conveyance=label,
            document=row.declaration,
            result=row.result,
        )


@dataclass(frozen=True)
class QueueFilter:
    """What an officer narrows the queue to: one channel, a managing company and a bus or
    train (each a part of the name, ignoring case). Company and conveyance are inside the
    stored declaration, so they are checked here, not in SQL."""

    channel: str | None = None
    company: str | None = None
    conveyance: str | None = None
    _company: str = field(init=False, repr=False, compare=False, default="")
    _conveyance: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "_company", _folded(self.company))
        object.__setattr__(self, "_conveyance", _folded(self.conveyance))

    def keeps(self, queued: QueuedDeclaration) -> bool:
        return _contains(queued.employer, self._company) and _contains(
            queued.conveyance, self._conveyance
        )


def inspection_queue(
    conn: Connection,
    crossing: str,
    *,
    limit: int | None = None,
    narrowed: QueueFilter | None = None,
) -> list[QueuedDeclaration]:
    """The first ``limit`` of :func:`queued_in_order` that ``narrowed`` keeps."""
    narrowed = narrowed or QueueFilter()
    kept = (
        q for q in queued_in_order(conn, crossing, channel=narrowed.channel) if narrowed.keeps(q)
    )
    return list(islice(kept, limit))


def outcomes_with_verdicts(
    conn: Connection, *, crossing: str | None = None, after: int | None = None
) -> Generator[TrainingOutcome, None, None]:
    """Every decided item with its verdict and its final decision, in storage order.

    ``after``: only declarations stored after the one with that id, so a long
    report is read page by page.

    The final decision of an item is the current decision on the item itself,
    else the current decision on its whole declaration; items neither covers
    are left out. The verdict is the item's in the screening that final
    decision was taken on.
    """
    own, whole, final = decisions.alias("own"), decisions.alias("whole"), decisions.alias("final")
    amended = decisions.alias("amendment")

    def current(decision: NamedFromClause) -> ColumnElement[bool]:
        return ~exists().where(amended.c.amends == decision.c.id)

    query = (
        select(
            declarations.c.id,
            declarations.c.crossing,
            declarations.c.date,
            declarations.c.direction,
            declarations.c.channel,
            declaration_items.c.item_id,
            declaration_items.c.declared_hs,
            own.c.id.label("own_id"),
            final.c.id.label("decision_id"),
            final.c.outcome,
            final.c.found,
            final.c.amends,
            screenings.c.id.label("screening_id"),
            screenings.c.result,
        )
        .join(declaration_items, declaration_items.c.declaration_id == declarations.c.id)
        .outerjoin(
            own,
            and_(
                own.c.declaration_id == declarations.c.id,
                own.c.item_id == declaration_items.c.item_id,
                current(own),
            ),
        )
        .outerjoin(
            whole,
            and_(
                whole.c.declaration_id == declarations.c.id,
                whole.c.item_id.is_(None),
                current(whole),
            ),
        )
        .join(final, final.c.id == func.coalesce(own.c.id, whole.c.id))
        .join(screenings, screenings.c.id == final.c.screening_id)
        .order_by(declarations.c.id, declaration_items.c.position)
    )
    if crossing is not None:
        query = query.where(declarations.c.crossing == crossing.strip().lower())
    if after is not None:
        query = query.where(declarations.c.id > after)
    parsed: dict[int, DeclarationVerdict] = {}  # the screenings of one declaration
    last_declaration = None
    # read in slices (a server-side cursor on PostgreSQL): a caller that stops after a
    # page leaves the rest of the store unread, and closing the generator closes the cursor
    with conn.execute(query.execution_options(yield_per=500)) as rows:
        for row in rows:
            if row.id != last_declaration:
                parsed, last_declaration = {}, row.id
            if row.screening_id not in parsed:
                parsed[row.screening_id] = DeclarationVerdict.model_validate_json(row.result)
            result = parsed[row.screening_id]
            item = next(i for i in result.items if i.id == row.item_id)
            yield TrainingOutcome(
                declaration=row.id,
                crossing=row.crossing,
                date=row.date,
                direction=row.direction,
                channel=row.channel,
                item=row.item_id,
                declared_hs=row.declared_hs,
                hs=item.hs,
                verdict=item.verdict,
                declaration_verdict=result.verdict,
                rule_base=result.rule_base,
                screening=row.screening_id,
                decision=row.decision_id,
                decided_on="item" if row.own_id is not None else "declaration",
                outcome=Outcome(row.outcome),
                found=row.found,
                amended=row.amends is not None,
            )
