"""What officers work through and what analysts learn from: queues and outcome reports.

``GET /v1/crossings/{crossing}/queue`` lists the declarations of a crossing
that screening says to stop and that no decision covers yet, for its
officers and supervisors and for analysts. ``GET /v1/reports/outcomes`` puts
each decided item's verdict beside the final decision on it, for analysts
and admins (every crossing, or their token's) and for a supervisor (their
own crossing). ``GET /v1/reports/daily`` counts, per crossing and day, what
arrived, what screening said and what officers decided, for the same callers
as the outcome report. Crossing names are public (``GET /v1/measures``), so a
caller refused a crossing's queue or report gets 403: it learns nothing of
what is stored there.
"""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.model.decision import Outcome
from borderwatch.model.declaration import IsoDate
from borderwatch.model.verdict import Verdict
from borderwatch.service.access import bearer, caller
from borderwatch.service.errors import ServiceError, error_responses, known_crossing
from borderwatch.service.principal import Principal
from borderwatch.service.routes.records import OutcomesPage, OutcomeView, QueuedView, QueueView
from borderwatch.service.state import database_of, screener_of
from borderwatch.store.daily_summary import DaySummary, daily_summary
from borderwatch.store.database import reaching
from borderwatch.store.inspection import inspection_queue, outcomes_with_verdicts

__all__ = ["router"]

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
    """Strictest verdict first, then oldest. Officers and supervisors of the crossing and
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
        waiting = inspection_queue(conn, name, limit=limit)
    return QueueView(crossing=name, declarations=[QueuedView.model_validate(q) for q in waiting])


@router.get(
    "/reports/outcomes",
    response_model=OutcomesPage,
    summary="Each decided item's verdict beside the final decision taken on it",
    responses=error_responses(401, 403, 422, 503),
)
def outcomes(
    principal: Annotated[Principal, caller("analyst", "admin", "supervisor")],
    screener: Annotated[Screener, Depends(screener_of)],
    database: Annotated[Engine, Depends(database_of)],
    crossing: Annotated[
        str | None,
        Query(
            max_length=64,
            description="one crossing; by default every crossing the caller "
            "sees (a supervisor's own)",
            examples=["dandong"],
        ),
    ] = None,
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
    name = principal.crossing
    if crossing is not None:
        name = crossing.strip().lower()
        known_crossing(screener.rule_base, name, code="invalid_request")
        if not principal.sees(name):
            raise _refused(principal, name, "outcome report")
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


class DayView(BaseModel):
    """One crossing on one declaration date."""

    crossing: str = Field(examples=["dandong"])
    date: dt.date
    declarations: int = Field(description="declarations stored with this date")
    verdicts: dict[Verdict, int] = Field(
        description="declarations by the verdict of their latest screening",
        examples=[{"prohibited": 3, "inspect": 5, "clear": 40}],
    )
    stopped: int = Field(description="declarations screening said to stop (inspect or stricter)")
    decided: int = Field(description="declarations with a decision on them or on an item")
    outcomes: dict[Outcome, int] = Field(
        description="current decisions (an amendment in place of what it amends) by outcome",
        examples=[{"seized": 2, "released": 6}],
    )

    @classmethod
    def of(cls, day: DaySummary) -> DayView:
        return cls(
            crossing=day.crossing,
            date=day.date,
            declarations=day.declarations,
            verdicts=dict(day.verdicts),
            stopped=day.stopped,
            decided=day.decided,
            outcomes=dict(day.outcomes),
        )


class DailyReport(BaseModel):
    days: list[DayView] = Field(description="by crossing, then date; days with nothing left out")


@router.get(
    "/reports/daily",
    response_model=DailyReport,
    summary="Per crossing and day: declarations, verdicts, decisions and their outcomes",
    responses=error_responses(401, 403, 422, 503),
)
def daily(
    principal: Annotated[Principal, caller("analyst", "admin", "supervisor")],
    screener: Annotated[Screener, Depends(screener_of)],
    database: Annotated[Engine, Depends(database_of)],
    since: Annotated[IsoDate | None, Query(alias="from", description="first date")] = None,
    until: Annotated[IsoDate | None, Query(alias="to", description="last date")] = None,
    crossing: Annotated[
        str | None,
        Query(
            max_length=64,
            description="one crossing; by default every crossing the caller sees",
            examples=["dandong"],
        ),
    ] = None,
) -> DailyReport:
    """Analysts and admins, and supervisors for their own crossing; by declaration date."""
    crossings = None if principal.crossing is None else (principal.crossing,)
    if crossing is not None:
        name = crossing.strip().lower()
        known_crossing(screener.rule_base, name, code="invalid_request")
        if not principal.sees(name):
            raise _refused(principal, name, "daily report")
        crossings = (name,)
    if since is not None and until is not None and until < since:
        raise ServiceError(
            422, "invalid_request", f"'to' ({until}) is before 'from' ({since}): swap them"
        )
    with reaching(database), database.connect() as conn:
        days = daily_summary(conn, crossings=crossings, since=since, until=until)
    return DailyReport(days=[DayView.of(day) for day in days])
