"""Classifying a goods description to HS 2022 subheadings, best first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from borderwatch.engine.screener import Screener
from borderwatch.goods.limits import MAX_DESCRIPTION_CHARS
from borderwatch.model.verdict import HSCandidate
from borderwatch.service.access import READERS, bearer, caller
from borderwatch.service.errors import ServiceError, error_responses
from borderwatch.service.state import screener_of

__all__ = ["router"]

#: every signed-in role; nothing here depends on a crossing's records
router = APIRouter(tags=["goods"], dependencies=[bearer, caller(*READERS)])


class ClassifyRequest(BaseModel):
    description: str = Field(
        min_length=1, max_length=MAX_DESCRIPTION_CHARS, examples=["电饭煲 rice cooker"]
    )
    # strict: JSON true is not the number 1, whatever pydantic's lax mode would make of it
    top: int = Field(default=5, ge=1, le=20, strict=True)


class ClassifyResponse(BaseModel):
    description: str
    candidates: list[HSCandidate]
    confident: bool = Field(
        description="the best candidate reaches the confidence at which screening trusts it"
    )


@router.post(
    "/classify",
    response_model=ClassifyResponse,
    summary="HS 2022 candidates for a goods description",
    responses=error_responses(401, 422, 503),
)
def classify(
    request: ClassifyRequest, screener: Annotated[Screener, Depends(screener_of)]
) -> ClassifyResponse:
    """Ranked candidates with calibrated scores and the words that explain them."""
    if screener.classifier is None:
        raise ServiceError(503, "no_classifier", "this service was started without a classifier")
    found = screener.classifier.classify(request.description, top_k=request.top)
    confident = bool(found) and found[0].score >= screener.classify_confidence
    return ClassifyResponse(description=request.description, candidates=found, confident=confident)
