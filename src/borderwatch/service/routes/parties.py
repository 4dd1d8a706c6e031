"""Matching people, companies and vessels against the loaded sanctions lists.

Queries come flat (``{"name", "schema", "birth_date", "nationality",
"id_number"}``) or shaped as FollowTheMoney entities, as yente's matching API
takes them (``{"schema": "Person", "properties": {"name": [...], "birthDate":
[...]}}``), alone or as a batch ``{"queries": {"q1": {...}}}`` so existing
screening clients work unchanged.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from borderwatch.engine.protocols import PartyScreener
from borderwatch.engine.screener import Screener
from borderwatch.model.declaration import Party
from borderwatch.model.verdict import PartyMatch
from borderwatch.parties.documents import DocumentScreener, merge_matches
from borderwatch.parties.ftm_export import feature_scores
from borderwatch.service.access import READERS, bearer, caller
from borderwatch.service.errors import Problem, ServiceError, error_responses, invalid_query
from borderwatch.service.state import screener_of

__all__ = ["EntityQuery", "ScoredMatch", "parties_of", "router"]

#: every signed-in role; nothing here depends on a crossing's records
router = APIRouter(tags=["parties"], dependencies=[bearer, caller(*READERS)])

#: FollowTheMoney schemata and the kind of party borderwatch matches them as
_SCHEMATA = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Organization",
    "LegalEntity": "Organization",
    "PublicBody": "Organization",
    "Vessel": "Vessel",
}
_MAX_NAMES = 20


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FlatQuery(_Strict):
    name: str = Field(min_length=1, max_length=500, examples=["Kim Chol Ung"])
    schema_: Literal["Person", "Organization", "Vessel"] = Field(default="Person", alias="schema")
    birth_date: str | None = Field(default=None, max_length=10, examples=["1968-05-12"])
    nationality: str | None = Field(default=None, max_length=2, examples=["KP"])
    id_number: str | None = Field(default=None, max_length=100)


class EntityQuery(_Strict):
    """A FollowTheMoney entity: properties hold lists of strings."""

    schema_: Literal["Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel"] = (
        Field(alias="schema")
    )
    properties: dict[str, list[Annotated[str, Field(max_length=500)]]] = Field(
        examples=[{"name": ["Kim Chol Ung"], "birthDate": ["1968"]}]
    )


Query = FlatQuery | EntityQuery


class BatchQuery(_Strict):
    queries: dict[str, Query] = Field(min_length=1, max_length=100)


class ScoredMatch(PartyMatch):
    """A match with what yente's clients read beside it: ``match`` at the party threshold,
    the points of each feature, and the datasets of the entry (FtM lists name them)."""

    match: bool
    features: dict[str, float]
    datasets: list[str]


class MatchResult(BaseModel):
    query: dict[str, object]
    results: list[ScoredMatch]


class BatchResult(BaseModel):
    responses: dict[str, MatchResult]


def parties_of(query: Query, where: str) -> list[Party]:
    """The parties a query stands for: one per name an entity gives."""
    try:
        if isinstance(query, FlatQuery):
            return [Party.model_validate(query.model_dump(by_alias=True))]
        props = query.properties
        names = [n for n in props.get("name", []) if n.strip()][:_MAX_NAMES]
        if not names:
            raise ServiceError(
                422,
                "invalid_query",
                "an entity query needs at least one name",
                [Problem(field=f"{where}properties.name", problem="missing", hint="Give a name.")],
            )

        def first(*keys: str) -> str | None:
            return next((v for k in keys for v in props.get(k, []) if v.strip()), None)

        return [
            Party(
                name=name,
                schema_=_SCHEMATA[query.schema_],
                birth_date=first("birthDate"),
                nationality=first("nationality", "country", "citizenship"),
                id_number=first("idNumber", "passportNumber", "registrationNumber", "imoNumber"),
            )
            for name in names
        ]
    except ValidationError as exc:
        raise invalid_query(
            exc,
            where,
            "Use an ISO country code and an ISO date (YYYY, YYYY-MM or YYYY-MM-DD).",
        ) from exc


def party_matcher(screener: Screener) -> PartyScreener:
    """The service's party matcher; 503 ``no_list`` with the reason when it has none."""
    matcher = screener.parties.matcher
    if matcher is None:
        why = screener.parties.unavailable or "parties are not screened by this service"
        raise ServiceError(503, "no_list", f"{why}; load one with `borderwatch lists load`")
    return matcher


def _match(query: Query, screener: Screener, where: str) -> MatchResult:
    matcher = party_matcher(screener)
    ranked = merge_matches(*(matcher.match(party) for party in parties_of(query, where)))
    threshold = screener.parties.threshold
    results = [
        ScoredMatch(
            **found.model_dump(),
            match=found.score >= threshold,
            features=feature_scores(found),
            datasets=list(_entry_datasets(matcher, found)),
        )
        for found in ranked
    ]
    return MatchResult(query=query.model_dump(by_alias=True), results=results)


def _entry_datasets(matcher: object, found: PartyMatch) -> tuple[str, ...]:
    if isinstance(matcher, DocumentScreener) and (entry := matcher.entry_of(found)) is not None:
        return entry.datasets
    return ()


@router.post(
    "/parties/match",
    response_model=MatchResult | BatchResult,
    summary="Match a party (flat or FollowTheMoney-shaped), or a batch of them",
    responses=error_responses(401, 422, 503),
)
def match(
    request: FlatQuery | EntityQuery | BatchQuery,
    screener: Annotated[Screener, Depends(screener_of)],
) -> MatchResult | BatchResult:
    """List entries the party may be, best first, each with its score and explanation,
    ``match`` at the party threshold, the points of each feature and the entry's datasets."""
    if isinstance(request, BatchQuery):
        return BatchResult(
            responses={
                key: _match(q, screener, f"queries.{key}.") for key, q in request.queries.items()
            }
        )
    return _match(request, screener, "")
