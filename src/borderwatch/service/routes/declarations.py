"""Submitting declarations to the store, once each, and reading them back.

The client id is the ``Idempotency-Key`` header (one declaration) or each
batch entry's ``client_id`` field: the sender's own id for the declaration,
unique at its crossing. The first request stores the declaration, its items
and its screening with the audit entry, in one transaction, and answers 201;
the same key with the same declaration answers 200 with what was stored then,
and stores nothing, also when the two requests race; the same key with a
different declaration is refused with 409. A request that fails on the way
(a lost connection, a server killed) can be sent again as it was.

An officer or supervisor submits at their own crossing only; the body is
checked by the reader ``/v1/screenings`` and ``borderwatch screen`` use.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.errors import InputError, ReferenceDataError
from borderwatch.model.declaration import Declaration
from borderwatch.service.access import (
    AT_A_CROSSING,
    READERS,
    audited_as,
    bearer,
    caller,
    visible_declaration,
)
from borderwatch.service.errors import ErrorDetail, ServiceError, error_responses
from borderwatch.service.principal import Principal
from borderwatch.service.routes.records import (
    CLIENT_ID,
    DeclarationRecord,
    RecordId,
    StoredDeclarationView,
)
from borderwatch.service.routes.screening import (
    EXAMPLE_DECLARATION,
    MAX_BATCH,
    checked_declaration,
)
from borderwatch.service.state import database_of, screener_of
from borderwatch.store.database import reaching, writing
from borderwatch.store.decisions import decisions_for
from borderwatch.store.declarations import prepare, store, submit_batch

__all__ = ["router"]

router = APIRouter(tags=["declarations"], dependencies=[bearer])

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        pattern=CLIENT_ID,
        description="The sender's id for this declaration, unique at its crossing "
        "(1-200 visible ASCII characters): sending it again returns what was stored.",
        examples=["DD-2019-000212"],
    ),
]


def _not_here(principal: Principal, crossing: str) -> ServiceError:
    return ServiceError(
        403,
        "forbidden",
        f"this caller submits at {principal.crossing} only, not at {crossing}",
    )


@router.post(
    "/declarations",
    status_code=201,
    response_model=StoredDeclarationView,
    summary="Store and screen one declaration, once per Idempotency-Key",
    responses={
        200: {
            "model": StoredDeclarationView,
            "description": "Stored before under this Idempotency-Key: the stored declaration "
            "and its verdict; nothing was stored again.",
        },
        201: {"description": "Stored now, with its screening; `Location` names it."},
        **error_responses(401, 403, 409, 413, 422, 503),
    },
)
def submit_declaration(
    declaration: Annotated[
        Declaration, Body(openapi_examples={"bus": {"value": EXAMPLE_DECLARATION}})
    ],
    client_id: IdempotencyKey,
    principal: Annotated[Principal, caller(*AT_A_CROSSING)],
    screener: Annotated[Screener, Depends(screener_of)],
    database: Annotated[Engine, Depends(database_of)],
    response: Response,
) -> StoredDeclarationView:
    """Officers and supervisors, at their own crossing. 201 when stored now, 200 when this
    key already holds the same declaration, 409 when it holds a different one."""
    if not principal.works_at(declaration.crossing):
        raise _not_here(principal, declaration.crossing)
    checked = checked_declaration(declaration, screener, "request")
    prepared = prepare(checked, client_id=client_id, submitted_by=principal.name, screener=screener)
    with reaching(database), writing(database) as conn:
        submission = store(conn, prepared, audit=audited_as(principal))
    response.status_code = 201 if submission.created else 200
    response.headers["Location"] = f"/v1/declarations/{submission.stored.id}"
    return StoredDeclarationView.of(submission.stored)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BatchEntry(_Strict):
    """One declaration of a batch, with the sender's id for it."""

    client_id: str = Field(pattern=CLIENT_ID, examples=["DD-2019-000212"])
    declaration: Declaration


class SubmissionBatch(_Strict):
    declarations: list[BatchEntry] = Field(min_length=1, max_length=MAX_BATCH)


class BatchEntryResult(BaseModel):
    """What became of one entry: stored (now or before), or refused and why."""

    client_id: str
    status: int = Field(
        description="201 stored now, 200 stored before under this client id; 403, 409 or "
        "422 refused (see `error`), as the one-declaration route would answer",
        examples=[201],
    )
    declaration: StoredDeclarationView | None = None
    error: ErrorDetail | None = None


class SubmissionBatchResult(BaseModel):
    stored: int = Field(description="entries stored by this request")
    already_stored: int = Field(description="entries stored before under their client id")
    rejected: int
    results: list[BatchEntryResult]


def _refused(
    client_id: str, status: int, code: str, message: str, **more: object
) -> BatchEntryResult:
    error = ErrorDetail.model_validate({"status": status, "code": code, "message": message, **more})
    return BatchEntryResult(client_id=client_id, status=status, error=error)


@router.post(
    "/declarations/batch",
    response_model=SubmissionBatchResult,
    summary="Store up to 500 declarations, each on its own; rejects are reported per entry",
    responses=error_responses(401, 403, 413, 422, 503),
)
def submit_declarations(
    batch: SubmissionBatch,
    principal: Annotated[Principal, caller(*AT_A_CROSSING)],
    screener: Annotated[Screener, Depends(screener_of)],
    database: Annotated[Engine, Depends(database_of)],
) -> SubmissionBatchResult:
    """Each entry is committed on its own, in the order given: a batch cut short leaves
    each declaration stored once or not at all, and sending it again completes it. A body
    that does not match the schema is refused whole (422) and nothing is stored."""
    results: list[BatchEntryResult | None] = []
    accepted: list[tuple[int, str, Declaration]] = []
    for index, entry in enumerate(batch.declarations):
        if not principal.works_at(entry.declaration.crossing):
            refusal = _not_here(principal, entry.declaration.crossing)
            results.append(_refused(entry.client_id, 403, refusal.code, refusal.message))
            continue
        try:
            checked = checked_declaration(entry.declaration, screener, f"declarations.{index}")
        except ServiceError as refused:
            results.append(
                _refused(
                    entry.client_id,
                    refused.status,
                    refused.code,
                    refused.message,
                    problems=refused.problems,
                )
            )
            continue
        results.append(None)
        accepted.append((index, entry.client_id, checked))
    outcomes = submit_batch(
        database,
        [(client_id, declaration) for _, client_id, declaration in accepted],
        submitted_by=principal.name,
        screener=screener,
        audit=audited_as(principal),
    )
    for (index, client_id, _), outcome in zip(accepted, outcomes, strict=True):
        if outcome.submission is not None:
            results[index] = BatchEntryResult(
                client_id=client_id,
                status=201 if outcome.submission.created else 200,
                declaration=StoredDeclarationView.of(outcome.submission.stored),
            )
        else:
            error: InputError | ReferenceDataError | None = outcome.error
            status = error.http_status if isinstance(error, InputError) else 422
            results[index] = _refused(client_id, status, type(error).__name__, str(error))
    done = [r for r in results if r is not None]
    return SubmissionBatchResult(
        stored=sum(r.status == 201 for r in done),
        already_stored=sum(r.status == 200 for r in done),
        rejected=sum(r.error is not None for r in done),
        results=done,
    )


@router.get(
    # ":int": /v1/declarations/batch is not a declaration id, so GET there is a 405
    "/declarations/{declaration_id:int}",
    response_model=DeclarationRecord,
    summary="A stored declaration, its latest screening and its decisions",
    responses=error_responses(401, 404, 503),
)
def get_declaration(
    declaration_id: RecordId,
    principal: Annotated[Principal, caller(*READERS)],
    database: Annotated[Engine, Depends(database_of)],
) -> DeclarationRecord:
    """Officers and supervisors of its crossing, analysts and admins of every crossing (or
    the one their token is for). Any other caller gets the 404 of an id that does not exist."""
    with reaching(database), database.connect() as conn:
        stored = visible_declaration(conn, principal, declaration_id)
        return DeclarationRecord.with_decisions(stored, decisions_for(conn, declaration_id))
