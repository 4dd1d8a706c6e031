"""Officers' decisions on stored declarations: recorded once, amended by a supervisor.

An officer or supervisor records what became of a declaration of their
crossing, or of one of its items (``POST /v1/declarations/{id}/decisions``);
a declaration or item has one first decision, and only a supervisor of the
crossing changes it, by an amendment that points to it
(``POST /v1/decisions/{id}/amendments``). Nothing is updated or deleted:
``GET /v1/declarations/{id}/decisions`` shows the current decisions and the
whole history. A declaration or decision of a crossing the caller may not
see is "not found", exactly as one that does not exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends
from sqlalchemy import Engine

from borderwatch.model.decision import Decision
from borderwatch.service.access import (
    AT_A_CROSSING,
    READERS,
    audited_as,
    bearer,
    caller,
    visible_decision,
    visible_declaration,
)
from borderwatch.service.errors import error_responses
from borderwatch.service.principal import Principal
from borderwatch.service.routes.records import (
    AmendmentRequest,
    DecisionRequest,
    DecisionsView,
    RecordId,
)
from borderwatch.service.state import database_of
from borderwatch.store.database import reaching, writing
from borderwatch.store.decisions import amend_decision, decisions_for, record_decision

__all__ = ["router"]

router = APIRouter(tags=["decisions"], dependencies=[bearer])

_DECISION = {
    "outcome": "seized",
    "item": "2",
    "found": "a laptop under the rice cooker's packing",
    "reason": "UN 2397 OP7: industrial machinery may not be exported to the DPRK",
}
_AMENDMENT = {
    "outcome": "inspected_released",
    "found": "the 'laptop' is a school calculator",
    "reason": "HS 847010 is not covered by UN 2397 OP7",
}


@router.post(
    "/declarations/{declaration_id:int}/decisions",
    status_code=201,
    response_model=Decision,
    summary="Record the first decision on a declaration or one of its items",
    responses=error_responses(401, 403, 404, 409, 422, 503),
)
def decide(
    declaration_id: RecordId,
    request: Annotated[DecisionRequest, Body(openapi_examples={"seized": {"value": _DECISION}})],
    principal: Annotated[Principal, caller(*AT_A_CROSSING)],
    database: Annotated[Engine, Depends(database_of)],
) -> Decision:
    """Officers and supervisors of the declaration's crossing. 409 when the declaration (or
    the item) already has a first decision: a supervisor amends that one instead."""
    with reaching(database), writing(database) as conn:
        visible_declaration(conn, principal, declaration_id)
        return record_decision(
            conn,
            declaration_id,
            item=request.item,
            outcome=request.outcome,
            found=request.found,
            reason=request.reason,
            officer=principal.name,
            crossing=principal.crossing or "",
            role=principal.role,
            audit=audited_as(principal),
        )


@router.get(
    "/declarations/{declaration_id:int}/decisions",
    response_model=DecisionsView,
    summary="The current decisions on a declaration and its items, with the history",
    responses=error_responses(401, 404, 503),
)
def decisions(
    declaration_id: RecordId,
    principal: Annotated[Principal, caller(*READERS)],
    database: Annotated[Engine, Depends(database_of)],
) -> DecisionsView:
    """Whoever may read the declaration (GET /v1/declarations/{id})."""
    with reaching(database), database.connect() as conn:
        visible_declaration(conn, principal, declaration_id)
        return DecisionsView.of(decisions_for(conn, declaration_id))


@router.post(
    "/decisions/{decision_id:int}/amendments",
    status_code=201,
    response_model=Decision,
    summary="Amend a decision (supervisors of its crossing); the amended one stays",
    responses=error_responses(401, 403, 404, 409, 422, 503),
)
def amend(
    decision_id: RecordId,
    request: Annotated[
        AmendmentRequest, Body(openapi_examples={"released": {"value": _AMENDMENT}})
    ],
    principal: Annotated[Principal, caller("supervisor")],
    database: Annotated[Engine, Depends(database_of)],
) -> Decision:
    """Only the current decision of a chain can be amended: amending one already amended is
    refused (409), naming the current one."""
    with reaching(database), writing(database) as conn:
        visible_decision(conn, principal, decision_id)
        return amend_decision(
            conn,
            decision_id,
            outcome=request.outcome,
            found=request.found,
            reason=request.reason,
            officer=principal.name,
            crossing=principal.crossing or "",
            role=principal.role,
            audit=audited_as(principal),
        )
