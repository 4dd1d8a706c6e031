"""What officers work through and what analysts learn from: queues and outcome reports.

``GET /v1/crossings/{crossing}/queue`` lists the declarations of a crossing
that screening says to stop and that no decision covers yet, for its
officers and supervisors and for analysts. ``GET /v1/reports/outcomes`` puts
each decided item's verdict beside the final decision on it, for analysts
and admins (every crossing, or their token's) and for a supervisor (their
own crossing). Crossing names are public (``GET /v1/measures``), so a
caller refused a crossing's queue or report gets 403: it learns nothing of
what is stored there.
"""

from __future__ import annotations

from contextlib import closing
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.service.access import bearer, caller
from borderwatch.service.errors import ServiceError, error_responses, known_crossing
from borderwatch.service.principal import Principal
from borderwatch.service.routes.records import OutcomesPage, OutcomeView, QueuedView, QueueView
from borderwatch.service.state import database_of, screener_of
from borderwatch.store.database import reaching
from borderwatch.store.inspection import outcomes_with_verdicts
from borderwatch.targeting.queue import targeted_queue

__all__ = ["REPORT_READERS", "ReportCrossing", "report_crossing", "router"]

router = APIRouter(tags=["inspection"], dependencies=[bearer])


def _refused(principal: Principal, crossing: str, what: str) -> ServiceError:
    return ServiceError(
        403,
        "forbidden",
        f"the {what} of {crossing} is not for this caller, who works at "
        f"{principal.crossing or 'no crossing'}",
    )


@router.get(
    "/crossings/{crossing}/queue",
    response_model=QueueView,
    summary="Declarations of a crossing to inspect that no decision covers yet",
    responses=error_responses(401, 403, 404, 503),
)
def queue(
    crossing: Annotated[str, Path(max_length=64, examples=["dandong"])],
    principal: Annotated[Principal, caller("officer", "supervisor", "analyst")],
    screener: Annotated[Screener, Depends(screener_of)],
    database: Annotated[Engine, Depends(database_of)],
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many")] = 200,
) -> QueueView:
    """Strictest verdict first; within a verdict the red lane, the higher risk (from the
    rule base's risk profiles), then the oldest. Officers and supervisors of the crossing and
    analysts (of every crossing, or their token's); 404 for a crossing the rule base does
    not know, 403 for one the caller may not see."""
    name = crossing.strip().lower()
    if name not in screener.rule_base.crossings:
        raise ServiceError(
            404,
            "not_found",
            f"unknown crossing {crossing!r}; the rule base knows: "
            f"{', '.join(sorted(screener.rule_base.crossings))}",
        )
    if not principal.sees(name):
        raise _refused(principal, name, "inspection queue")
    with reaching(database), database.connect() as conn:
        waiting = targeted_queue(conn, name, screener.rule_base, limit=limit)
    return QueueView(crossing=name, declarations=[QueuedView.of(entry) for entry in waiting])


#: who reads reports: analysts and admins, and supervisors for their own crossing
REPORT_READERS = ("analyst", "admin", "supervisor")

ReportCrossing = Annotated[
    str | None,
    Query(
        max_length=64,
        description="one crossing; by default every crossing the caller sees (a supervisor's own)",
        examples=["dandong"],
    ),
]


def report_crossing(
    principal: Principal, screener: Screener, crossing: str | None, report: str
) -> str | None:
    """The crossing a report covers: the one asked, if the caller sees it (else 403), or
    the caller's own (None: every crossing)."""
    if crossing is None:
        return principal.crossing
    name = crossing.strip().lower()
    known_crossing(screener.rule_base, name, code="invalid_request")
    if not principal.sees(name):
        raise _refused(principal, name, report)
    return name


@router.get(
    "/reports/outcomes",
    response_model=OutcomesPage,
    summary="Each decided item's verdict beside the final decision taken on it",
    responses=error_responses(401, 403, 422, 503),
)
def outcomes(
    principal: Annotated[Principal, caller(*REPORT_READERS)],
    screener: Annotated[Screener, Depends(screener_of)],
    database: Annotated[Engine, Depends(database_of)],
    crossing: ReportCrossing = None,
    after: Annotated[
        int | None,
        Query(ge=0, le=2**31 - 1, description="the `next_after` of the previous page"),
    ] = None,
    limit: Annotated[
        int,
        Query(
            ge=1, le=5000, description="about this many items: a page ends with a whole declaration"
        ),
    ] = 1000,
) -> OutcomesPage:
    """Analysts and admins, and supervisors for their own crossing, in storage order."""
    name = report_crossing(principal, screener, crossing, "outcome report")
    page: list[OutcomeView] = []
    next_after = None
    with reaching(database), database.connect() as conn:
        reading = closing(outcomes_with_verdicts(conn, crossing=name, after=after))
        with reading as outcomes:  # a page read, the rest is left unread and its cursor closed
            for outcome in outcomes:
                if len(page) >= limit and outcome.declaration != page[-1].declaration:
                    next_after = page[-1].declaration
                    break
                page.append(OutcomeView.model_validate(outcome))
    return OutcomesPage(outcomes=page, next_after=next_after)
