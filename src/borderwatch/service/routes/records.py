"""How stored declarations, decisions, queues and outcomes look over HTTP.

The store answers with dataclasses; these are their pydantic shapes, so the
OpenAPI document describes every field a client receives.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from borderwatch.model.decision import MAX_FOUND, MAX_NAME, MAX_REASON, Decision, Outcome
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict, Verdict
from borderwatch.store.decision_rows import DeclarationDecisions
from borderwatch.store.declaration_rows import StoredDeclaration
from borderwatch.targeting.queue import Targeted

__all__ = [
    "CLIENT_ID",
    "AmendmentRequest",
    "DecisionRequest",
    "DecisionsView",
    "DeclarationRecord",
    "OutcomeView",
    "OutcomesPage",
    "QueueView",
    "QueuedView",
    "RecordId",
    "StoredDeclarationView",
]

#: a client id, in the Idempotency-Key header or a batch entry: visible ASCII, no spaces
CLIENT_ID = r"^[!-~]{1,200}$"
#: a stored declaration's or decision's id in a path (a 32-bit key in both databases)
RecordId = Annotated[int, Path(ge=1, le=2**31 - 1, examples=[42])]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoredDeclarationView(BaseModel):
    """A declaration as stored: its id here, who sent it, and its latest screening."""

    id: int = Field(description="its id in this service: GET /v1/declarations/{id}", examples=[42])
    client_id: str = Field(
        description="the sender's id for it, unique at its crossing", examples=["DD-2019-000212"]
    )
    crossing: str = Field(examples=["dandong"])
    received_at: dt.datetime = Field(description="when it was stored (UTC)")
    submitted_by: str = Field(description="the user whose token sent it", examples=["ri.yongchol"])
    declaration: Declaration
    screening: int = Field(description="id of the screening `result` comes from", examples=[42])
    result: DeclarationVerdict

    @classmethod
    def of(cls, stored: StoredDeclaration) -> StoredDeclarationView:
        return cls(**_fields(stored))


def _fields(stored: StoredDeclaration) -> dict[str, object]:
    return {
        "id": stored.id,
        "client_id": stored.client_id,
        "crossing": stored.crossing,
        "received_at": stored.received_at,
        "submitted_by": stored.submitted_by,
        "declaration": stored.declaration,
        "screening": stored.screening,
        "result": stored.result,
    }


class DecisionsView(BaseModel):
    """The decisions on one declaration: the current ones and every one recorded."""

    declaration: int = Field(examples=[42])
    whole: Decision | None = Field(description="the current decision on the whole declaration")
    items: dict[str, Decision] = Field(
        description="the current decision on each item that has one of its own, by item id"
    )
    history: list[Decision] = Field(description="every decision, oldest first, amended included")

    @classmethod
    def of(cls, decided: DeclarationDecisions) -> DecisionsView:
        return cls(
            declaration=decided.declaration,
            whole=decided.whole,
            items=dict(decided.items),
            history=list(decided.history),
        )


class DeclarationRecord(StoredDeclarationView):
    """A stored declaration, its latest screening and the decisions taken on it."""

    decisions: DecisionsView

    @classmethod
    def with_decisions(
        cls, stored: StoredDeclaration, decided: DeclarationDecisions
    ) -> DeclarationRecord:
        return cls(**_fields(stored), decisions=DecisionsView.of(decided))


_FOUND = Field(
    default="",
    max_length=MAX_FOUND,
    description="what the inspection found",
    examples=["two laptops in the lining of the suitcase"],
)
_REASON = Field(
    min_length=1,
    max_length=MAX_REASON,
    description="why this outcome",
    examples=["UN 2397 OP7: industrial machinery may not be exported to the DPRK"],
)


class DecisionRequest(_Strict):
    """What an officer decided on a declaration, or on one of its items."""

    outcome: Outcome
    item: Annotated[str, Field(min_length=1, max_length=MAX_NAME)] | None = Field(
        default=None,
        description="an item id of the declaration; leave out to decide the whole declaration",
        examples=["2"],
    )
    found: str = _FOUND
    reason: str = _REASON


class AmendmentRequest(_Strict):
    """A supervisor's change of a decision: the new outcome, what was found, and why."""

    outcome: Outcome
    found: str = _FOUND
    reason: str = _REASON


class QueuedView(BaseModel):
    """A declaration waiting for an officer."""

    model_config = ConfigDict(from_attributes=True)

    declaration: int = Field(description="its id: GET /v1/declarations/{id}", examples=[42])
    client_id: str
    declared_id: str = Field(description="the declaration's own id", examples=["BUS-0212-W1"])
    crossing: str
    channel: str
    direction: str
    date: dt.date
    received_at: dt.datetime
    verdict: Verdict
    screening: int
    employer: str | None = Field(None, description="the traveller's managing company")
    conveyance: str | None = Field(None, examples=["bus 辽F-37412"])
    risk: float = Field(
        0.0,
        ge=0,
        le=1,
        description="what orders the queue within a verdict: the risk profiles' weights "
        "combined, 1 − Π(1 − weight), and with the model's chance when one is in use",
    )
    model: float | None = Field(
        None, ge=0, le=1, description="the model in use's chance of paid-for goods (bags)"
    )
    lane: str | None = Field(None, description="red: a profile says inspect whatever the score")
    profiles: list[str] = Field(
        default_factory=list,
        description="the risk profiles that matched, with the items that made them match",
        examples=[
            [
                "BW-worker-luxury-goods (items 3): Luxury goods in a returning worker's "
                "baggage [+0.4]"
            ]
        ],
    )

    @classmethod
    def of(cls, entry: Targeted) -> QueuedView:
        risk = entry.risk
        return cls.model_validate(entry.queued).model_copy(
            update={
                "risk": entry.score,
                "model": entry.learned,
                "lane": risk.lane.value if risk.lane else None,
                "profiles": [m.explanation() for m in risk.matches],
            }
        )


class QueueView(BaseModel):
    """A crossing's inspection queue: strictest verdict first; within a verdict the red lane,
    then the higher risk, then the oldest."""

    crossing: str = Field(examples=["dandong"])
    declarations: list[QueuedView]


class OutcomeView(BaseModel):
    """One decided item: its verdict beside the final decision taken on it."""

    model_config = ConfigDict(from_attributes=True)

    declaration: int
    crossing: str
    date: dt.date
    direction: str
    channel: str
    item: str
    declared_hs: str | None
    hs: str | None
    verdict: Verdict = Field(description="the item's verdict in the screening decided on")
    declaration_verdict: Verdict
    rule_base: str
    screening: int
    decision: int
    decided_on: str = Field(description="`item` or `declaration`", examples=["item"])
    outcome: Outcome
    found: str
    amended: bool = Field(description="the final decision is an amendment")


class OutcomesPage(BaseModel):
    """Decided items, in storage order; ask again with ``after=next_after`` for more."""

    outcomes: list[OutcomeView]
    next_after: int | None = Field(
        description="pass as `after` for the next page; null when this is the last"
    )
