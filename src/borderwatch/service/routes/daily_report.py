"""``GET /v1/reports/daily``: per crossing and declaration date, what arrived, what
screening said and stopped, and what officers finally decided — for analysts and
admins (every crossing, or their token's) and supervisors (their own crossing)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.model.decision import Outcome
from borderwatch.model.declaration import IsoDate
from borderwatch.model.verdict import Verdict
from borderwatch.service.access import bearer, caller
from borderwatch.service.errors import ServiceError, error_responses
from borderwatch.service.principal import Principal
from borderwatch.service.routes.inspection import REPORT_READERS, ReportCrossing, report_crossing
from borderwatch.service.state import database_of, screener_of
from borderwatch.store.daily_summary import DaySummary, daily_summary
from borderwatch.store.database import reaching

__all__ = ["router"]

router = APIRouter(tags=["inspection"], dependencies=[bearer])


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
    principal: Annotated[Principal, caller(*REPORT_READERS)],
    screener: Annotated[Screener, Depends(screener_of)],
    database: Annotated[Engine, Depends(database_of)],
    since: Annotated[IsoDate | None, Query(alias="from", description="first date")] = None,
    until: Annotated[IsoDate | None, Query(alias="to", description="last date")] = None,
    crossing: ReportCrossing = None,
) -> DailyReport:
    """Analysts and admins, and supervisors for their own crossing; by declaration date."""
    name = report_crossing(principal, screener, crossing, "daily report")
    crossings = None if name is None else (name,)
    if since is not None and until is not None and until < since:
        raise ServiceError(
            422, "invalid_request", f"'to' ({until}) is before 'from' ({since}): swap them"
        )
    with reaching(database), database.connect() as conn:
        days = daily_summary(conn, crossings=crossings, since=since, until=until)
    return DailyReport(days=[DayView.of(day) for day in days])
