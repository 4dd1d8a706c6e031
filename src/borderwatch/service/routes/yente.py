"""yente's matching API, so screening clients written for OpenSanctions work unchanged.

``POST /v1/match/{dataset}`` takes ``{"queries": {"q1": {"schema": "Person",
"properties": {"name": [...], "birthDate": [...]}}}}`` and answers
``{"responses": {"q1": {"status", "results", "total", "query"}}, "matcher",
"limit"}`` as yente does. Each result is the listed entity (id, caption,
schema, properties, datasets, target) with its ``score``, ``match`` (the
score at or above ``threshold``, by default the party threshold) and the
points of each feature, and beside them borderwatch's own match fields
(``ref``, ``explanation``, ``list_snapshot``, ``listing``). ``dataset`` is
``default`` (every loaded list) or a dataset an FtM list names, or a list
format (``un-xml``, ``ftm``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from borderwatch.engine.screener import Screener
from borderwatch.model.verdict import PartyMatch
from borderwatch.parties.documents import DocumentScreener, merge_matches
from borderwatch.parties.features import (
    BIRTH_DATE_AGREES,
    DOCUMENT_AGREES,
    NAME_BASE,
    NATIONALITY_AGREES,
    SCHEMA_DIFFERS,
)
from borderwatch.parties.ftm_export import DOCUMENT_LISTED, scored_entity
from borderwatch.service.access import READERS, bearer, caller
from borderwatch.service.errors import ServiceError, error_responses, invalid_query
from borderwatch.service.routes.parties import EntityQuery, parties_of, party_matcher
from borderwatch.service.state import screener_of

__all__ = ["router"]

router = APIRouter(tags=["parties"], dependencies=[bearer, caller(*READERS)])

DEFAULT_DATASET = "default"
MAX_LIMIT = 100
#: candidates scoring below this are not returned at all (yente's ``cutoff``)
DEFAULT_CUTOFF = 0.5

#: what yente calls the matcher's feature documentation: each feature and the most it adds
FEATURE_DOCS: dict[str, dict[str, Any]] = {
    "name": {"description": "Similarity of the best pair of names", "coefficient": NAME_BASE},
    "birth_date": {"description": "Birth date agrees", "coefficient": BIRTH_DATE_AGREES},
    "nationality": {"description": "Nationality agrees", "coefficient": NATIONALITY_AGREES},
    "document": {"description": "Document number is listed", "coefficient": DOCUMENT_AGREES},
    "schema": {"description": "Different kind of party", "coefficient": SCHEMA_DIFFERS},
    DOCUMENT_LISTED: {
        "description": "A listed document number lifts the entry to the threshold",
        "coefficient": 1.0,
    },
}


class YenteEntity(BaseModel):
    """A query as yente takes it: an FtM entity; a property may be one string or a list."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(default=None, max_length=200)
    schema_: Literal["Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel"] = (
        Field(alias="schema", examples=["Person"])
    )
    properties: dict[str, Annotated[str, Field(max_length=500)] | list[Any]] = Field(
        examples=[{"name": ["Choe Chun Yong"], "nationality": ["kp"]}]
    )


class YenteBatch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    queries: dict[str, YenteEntity] = Field(min_length=1, max_length=100)
    weights: dict[str, float] = Field(default_factory=dict, description="accepted, not used")


def _entity_query(query: YenteEntity, where: str) -> EntityQuery:
    """The query as the party endpoint's entity query (every property a list of strings)."""
    props = {
        key: [str(v) for v in (values if isinstance(values, list) else [values]) if v is not None]
        for key, values in query.properties.items()
    }
    try:
        return EntityQuery.model_validate({"schema": query.schema_, "properties": props})
    except ValidationError as exc:
        raise invalid_query(
            exc,
            where,
            "Give each property as a string or a list of strings of 500 characters or less.",
        ) from exc


def _screener(screener: Screener) -> DocumentScreener:
    found = party_matcher(screener)
    assert isinstance(found, DocumentScreener), "the assembly matches parties by document too"
    return found


def _in_dataset(match: PartyMatch, datasets: tuple[str, ...], dataset: str) -> bool:
    fmt = (match.list_snapshot or "").partition(":")[0]
    return dataset in (DEFAULT_DATASET, fmt) or dataset in datasets


def _respond(
    query: YenteEntity, key: str, screener: DocumentScreener, dataset: str, threshold: float
) -> dict[str, Any]:
    where = f"queries.{key}."
    parties = parties_of(_entity_query(query, where), where)
    results = []
    for match in merge_matches(*(screener.match(party) for party in parties)):
        entry = screener.entry_of(match)
        datasets = entry.datasets if entry and entry.datasets else (dataset,)
        if _in_dataset(match, entry.datasets if entry else (), dataset):
            results.append(scored_entity(match, entry, threshold=threshold, datasets=datasets))
    results = results[: screener.matcher.limit]
    return {
        "status": 200,
        "results": results,
        "total": {"value": len(results), "relation": "eq"},
        "query": query.model_dump(by_alias=True, exclude_none=True),
    }


def _known(dataset: str, screener: DocumentScreener) -> None:
    formats = {label.partition(":")[0] for label in screener.matcher.snapshots}
    known = {DEFAULT_DATASET, *formats, *screener.documents.datasets}
    if dataset not in known:
        raise ServiceError(
            404,
            "unknown_dataset",
            f"dataset {dataset!r} is not among the loaded lists; use one of {sorted(known)}",
        )


@router.post(
    "/match/{dataset}",
    summary="Match entities as yente's API does (OpenSanctions screening clients)",
    responses=error_responses(401, 404, 422, 503),
)
def match(
    dataset: str,
    request: YenteBatch,
    screener: Annotated[Screener, Depends(screener_of)],
    threshold: Annotated[float | None, Query(ge=0, le=1)] = None,
    cutoff: Annotated[float, Query(ge=0, le=1)] = DEFAULT_CUTOFF,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 5,
    algorithm: Annotated[str | None, Query(max_length=60)] = None,
) -> dict[str, Any]:
    """Each query's candidates, best first, with ``match`` at ``threshold`` and feature scores.

    ``threshold`` defaults to the party threshold (BORDERWATCH_PARTY_THRESHOLD);
    candidates below ``cutoff`` are left out. ``algorithm`` is accepted and
    ignored: borderwatch has one matcher, described under ``matcher``.
    """
    documents = _screener(screener)
    _known(dataset, documents)
    chosen = screener.parties.threshold if threshold is None else threshold
    view = documents.with_threshold(min(cutoff, chosen), limit=limit, alert_at=chosen)
    responses = {
        key: _respond(query, key, view, dataset, chosen) for key, query in request.queries.items()
    }
    return {"responses": responses, "matcher": FEATURE_DOCS, "limit": limit}
