"""The audit log's chain over HTTP: ``GET /v1/audit/verify``, as ``borderwatch audit verify``.

For admins and analysts acting for every crossing (a break names the record's
action and subject, which may be another crossing's). The answer is 200
whatever the chain's state: ``intact`` says whether it holds, ``first_break``
where it does not. Note ``head_seq`` and ``head_hash`` outside the store and
pass them back later as ``anchor=SEQ:HASH``.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from borderwatch.service.errors import Problem, ServiceError, error_responses
from borderwatch.service.principal import Principal, current_principal
from borderwatch.service.state import database_of
from borderwatch.store.audit import verify

__all__ = ["router"]

router = APIRouter(tags=["audit"])

_ANCHOR = re.compile(r"(\d{1,18}):([0-9a-fA-F]{64})")


class ChainBreakInfo(BaseModel):
    seq: int = Field(description="the first record that does not hold")
    problem: str


class AuditChainState(BaseModel):
    """What the walk of the chain found."""

    intact: bool
    count: int = Field(description="records walked and found sound")
    head_seq: int = Field(description="the newest record's number, as the log's head says")
    head_hash: str
    first_break: ChainBreakInfo | None


def _anchors(values: list[str]) -> list[tuple[int, str]]:
    anchors = []
    for n, value in enumerate(values):
        found = _ANCHOR.fullmatch(value.strip())
        if found is None:
            raise ServiceError(
                422,
                "invalid_anchor",
                "an anchor is SEQ:HASH, a record number and its 64-digit hash",
                [
                    Problem(
                        field=f"anchor.{n}",
                        value=value[:200],
                        problem="not SEQ:HASH",
                        hint="give a head an earlier verify reported, e.g. 412:3f9a… (64 hex)",
                    )
                ],
            )
        anchors.append((int(found.group(1)), found.group(2).lower()))
    return anchors


@router.get(
    "/audit/verify",
    response_model=AuditChainState,
    summary="Check the audit log's hash chain (admin, analyst)",
    responses=error_responses(401, 403, 422, 503),
)
def verify_chain(
    principal: Annotated[Principal, Depends(current_principal)],
    database: Annotated[Engine, Depends(database_of)],
    anchor: Annotated[
        list[str] | None,
        Query(max_length=100, description="SEQ:HASH noted from an earlier verify (repeatable)"),
    ] = None,
) -> AuditChainState:
    """Recompute the chain; the first record edited, deleted, inserted or moved, if any."""
    principal.require("admin", "analyst")
    principal.require_every_crossing()
    check = verify(database, _anchors(anchor or []))
    broken = check.first_break
    return AuditChainState(
        intact=check.intact,
        count=check.count,
        head_seq=check.head_seq,
        head_hash=check.head_hash,
        first_break=None
        if broken is None
        else ChainBreakInfo(seq=broken.seq, problem=broken.problem),
    )
