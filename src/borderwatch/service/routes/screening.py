"""Screening declarations: the verdict with its legal basis, as `borderwatch screen` gives it.

The body is checked by the reader every file goes through (known crossing,
HS code of its date), so the service rejects exactly what `screen` rejects.
Every signed-in role may screen; an officer or supervisor (or a token scoped
to one crossing) screens declarations of its own crossing only: another
crossing is refused with 403, in the batch entry by entry.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, Field

from borderwatch.engine.screener import Screener
from borderwatch.io.parsed import parse_record
from borderwatch.model.declaration import Declaration, IsoDate
from borderwatch.model.verdict import DeclarationVerdict
from borderwatch.service.access import READERS, bearer, caller
from borderwatch.service.errors import (
    Problem,
    ServiceError,
    error_responses,
    record_problems,
)
from borderwatch.service.principal import Principal
from borderwatch.service.state import screener_of

__all__ = ["checked_declaration", "router"]

router = APIRouter(tags=["screening"], dependencies=[bearer])

#: the most declarations one batch request may carry
MAX_BATCH = 500

#: the declaration the OpenAPI document shows as an example, for every route that takes one
EXAMPLE_DECLARATION = {
    "id": "BUS-0212-W1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "traveller": {"name": "Ri Yong Chol", "category": "returning_worker"},
    "items": [
        {"id": "1", "description": "rice cooker", "hs": "851660"},
        {"id": "2", "description": "laptop", "hs": "847130"},
    ],
}


def _elsewhere(principal: Principal, crossing: str) -> str | None:
    """Why ``principal`` may not screen at ``crossing``, or None when it may."""
    if principal.sees(crossing):
        return None
    return f"this caller screens at {principal.crossing} only, not at {crossing}"


def checked_declaration(declaration: Declaration, screener: Screener, source: str) -> Declaration:
    """``declaration`` after the reader's reference checks, or a 422 naming its problems."""
    raw = declaration.model_dump(mode="json", by_alias=True, exclude_none=True)
    parsed = parse_record(raw, screener.rule_base, source=source, line=1)
    if parsed.declaration is None:
        raise ServiceError(
            422,
            "invalid_declaration",
            f"declaration {declaration.id!r} cannot be screened",
            record_problems(parsed.errors),
        )
    return parsed.declaration


@router.post(
    "/screenings",
    response_model=DeclarationVerdict,
    summary="Screen one declaration (nothing is stored)",
    responses=error_responses(401, 403, 422, 500, 503),
)
def screen_one(
    declaration: Annotated[
        Declaration, Body(openapi_examples={"bus": {"value": EXAMPLE_DECLARATION}})
    ],
    principal: Annotated[Principal, caller(*READERS)],
    screener: Annotated[Screener, Depends(screener_of)],
    as_of: Annotated[
        IsoDate | None, Query(description="screen under the measures of this day")
    ] = None,
) -> DeclarationVerdict:
    """The verdict for every item and for the declaration, with the legal basis of each."""
    refusal = _elsewhere(principal, declaration.crossing)
    if refusal:
        raise ServiceError(403, "forbidden", refusal)
    return screener.screen(checked_declaration(declaration, screener, "request"), as_of=as_of)


class BatchRequest(BaseModel):
    declarations: list[Declaration] = Field(min_length=1, max_length=MAX_BATCH)


class BatchEntry(BaseModel):
    """One declaration's result: its verdict, or why it could not be screened."""

    id: str
    result: DeclarationVerdict | None = None
    problems: list[Problem] = []


class BatchResponse(BaseModel):
    screened: int
    rejected: int
    results: list[BatchEntry]


@router.post(
    "/screenings/batch",
    response_model=BatchResponse,
    summary="Screen up to 500 declarations; rejects are reported, never dropped",
    responses=error_responses(401, 403, 422, 500, 503),
)
def screen_batch(
    request: BatchRequest,
    principal: Annotated[Principal, caller(*READERS)],
    screener: Annotated[Screener, Depends(screener_of)],
    as_of: Annotated[IsoDate | None, Query()] = None,
) -> BatchResponse:
    """Each declaration is screened or rejected on its own, in the order given."""
    results = []
    for index, declaration in enumerate(request.declarations):
        refusal = _elsewhere(principal, declaration.crossing)
        if refusal:
            problem = Problem(
                field=f"declarations.{index}.crossing",
                value=declaration.crossing,
                problem=refusal,
                hint="Screen it with a token of that crossing, or ask an analyst.",
            )
            results.append(BatchEntry(id=declaration.id, problems=[problem]))
            continue
        try:
            checked = checked_declaration(declaration, screener, f"declarations.{index}")
        except ServiceError as refused:
            results.append(BatchEntry(id=declaration.id, problems=refused.problems))
            continue
        results.append(BatchEntry(id=declaration.id, result=screener.screen(checked, as_of=as_of)))
    rejected = sum(1 for r in results if r.result is None)
    return BatchResponse(screened=len(results) - rejected, rejected=rejected, results=results)
