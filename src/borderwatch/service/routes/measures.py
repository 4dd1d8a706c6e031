"""What the rule base says: measures in force at a crossing, what changed, a code's page."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from borderwatch.engine.screener import Screener
from borderwatch.model.declaration import Channel, Direction, IsoDate
from borderwatch.model.measure import Measure
from borderwatch.rules.commodity import CommodityPage, commodity_code, commodity_page
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.questions import measures_applying, measures_changed
from borderwatch.service.access import READERS, bearer, caller
from borderwatch.service.errors import Problem, ServiceError, error_responses, known_crossing
from borderwatch.service.state import screener_of

__all__ = ["router"]

#: every signed-in role; nothing here depends on a crossing's records
router = APIRouter(tags=["rule base"], dependencies=[bearer, caller(*READERS)])

Crossing = Annotated[str, Query(max_length=64, examples=["dandong"])]
Profile = Annotated[str | None, Query(max_length=64, description="e.g. un, china-customs, eu")]
Regimes = Annotated[str | None, Query(max_length=200, description="comma-separated, e.g. UN,CN")]


def _selection(
    rule_base: RuleBase, profile: str | None, regimes: str | None
) -> frozenset[str] | None:
    """The regimes a request chose by profile or list (not both); None for every regime."""
    if profile and regimes:
        raise ServiceError(
            422,
            "invalid_request",
            "give profile or regimes, not both",
            [Problem(field="profile", value=profile, problem="given with regimes")],
        )
    if profile:
        if profile not in rule_base.profiles:
            raise ServiceError(
                422,
                "unknown_profile",
                f"unknown profile {profile!r}",
                [
                    Problem(
                        field="profile",
                        value=profile,
                        problem="unknown profile",
                        hint=f"Use one of: {', '.join(rule_base.profiles)}.",
                    )
                ],
            )
        return frozenset(rule_base.profiles[profile])
    if regimes:
        chosen = tuple(r.strip() for r in regimes.split(",") if r.strip())
        unknown = [r for r in chosen if r not in rule_base.regimes]
        if unknown:
            raise ServiceError(
                422,
                "unknown_regime",
                f"unknown regime(s) {', '.join(unknown)}",
                [
                    Problem(
                        field="regimes",
                        value=regimes,
                        problem="unknown regime",
                        hint=f"Use ids of: {', '.join(rule_base.regimes)}.",
                    )
                ],
            )
        return frozenset(chosen)
    return None


@router.get(
    "/measures",
    response_model=list[Measure],
    summary="Measures in force at a crossing on a date",
    responses=error_responses(401, 422),
)
def in_force(
    screener: Annotated[Screener, Depends(screener_of)],
    crossing: Crossing,
    as_of: Annotated[IsoDate, Query(description="the day asked about")],
    channel: Annotated[Channel | None, Query()] = None,
    direction: Annotated[Direction | None, Query()] = None,
    profile: Profile = None,
    regimes: Regimes = None,
) -> list[Measure]:
    """Every measure of the chosen regimes that binds at the crossing on that day."""
    base = screener.rule_base
    known_crossing(base, crossing)
    return measures_applying(
        base,
        day=as_of,
        crossing=crossing,
        channel=channel,
        direction=direction,
        regimes=_selection(base, profile, regimes),
    )


class MeasureChange(BaseModel):
    change: Literal["came_into_force", "ceased"]
    measure: Measure


@router.get(
    "/measures/changes",
    response_model=list[MeasureChange],
    summary="What came into force or ceased at a crossing between two dates",
    responses=error_responses(401, 422),
)
def changes(
    screener: Annotated[Screener, Depends(screener_of)],
    crossing: Crossing,
    since: Annotated[IsoDate, Query(alias="from")],
    until: Annotated[IsoDate, Query(alias="to")],
    channel: Annotated[Channel | None, Query()] = None,
    profile: Profile = None,
    regimes: Regimes = None,
) -> list[MeasureChange]:
    """The notice travellers never got: measures that started or ended in between."""
    base = screener.rule_base
    known_crossing(base, crossing)
    found = measures_changed(
        base,
        before=since,
        after=until,
        crossing=crossing,
        channel=channel,
        regimes=_selection(base, profile, regimes),
    )
    return [MeasureChange(change=c.key, measure=c.measure) for c in found]


@router.get(
    "/commodities/{code}",
    response_model=CommodityPage,
    summary="What applies to an HS code at a crossing on a date",
    responses=error_responses(401, 422),
)
def commodity(
    code: str,
    screener: Annotated[Screener, Depends(screener_of)],
    crossing: Crossing,
    as_of: Annotated[IsoDate, Query()],
    channel: Annotated[Channel | None, Query()] = None,
    direction: Annotated[Direction | None, Query()] = None,
    profile: Profile = None,
    regimes: Regimes = None,
) -> CommodityPage:
    """Each measure covering the code: in full, partly or excluded, with its conditions."""
    base = screener.rule_base
    known_crossing(base, crossing)
    return commodity_page(
        base,
        code=commodity_code(code),
        day=as_of,
        crossing=crossing,
        channel=channel,
        direction=direction,
        regimes=_selection(base, profile, regimes),
    )
