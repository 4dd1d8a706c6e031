"""The rule-base page: ``GET /bench/rules?crossing=&date=&hs=&from=&to=``, read-only.

What applies at a crossing on a date, what applies to one HS code there, and what came
into force or ceased between two dates — the answers of ``GET /v1/measures``,
``GET /v1/commodities/{code}`` and ``GET /v1/measures/changes``, from the same functions
(:mod:`borderwatch.rules.questions`, :mod:`borderwatch.rules.commodity`), each measure
with its legal basis and link. Every signed-in role reads it: nothing here depends on
a crossing's records.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.errors import InputError
from borderwatch.model.measure import Measure
from borderwatch.rules.commodity import CommodityPage, commodity_code, commodity_page
from borderwatch.rules.questions import Change, measures_applying, measures_changed
from borderwatch.service.access import READERS
from borderwatch.service.pages.bench import Officer, render
from borderwatch.service.routes.bench import admitted
from borderwatch.service.state import database_of, screener_of, settings_of
from borderwatch.settings import Settings
from borderwatch.store.database import reaching

__all__ = ["RULES", "router"]

router = APIRouter(include_in_schema=False)

RULES = "/bench/rules"
_FIELDS = ("crossing", "date", "hs", "from", "to")


def _day(value: str, field: str, problems: list[tuple[str, dict[str, object]]]) -> dt.date | None:
    """``value`` as a date (YYYY-MM-DD); None when empty, or noted as a problem."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(("rules_bad_date", {"field": field, "value": value}))
        return None


@router.get(RULES, response_model=None)
def rules_page(
    request: Request,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
    screener: Annotated[Screener, Depends(screener_of)],
) -> Response:
    """Measures in force, one code's measures and the changes between two dates."""
    with reaching(database):
        officer = admitted(request, database, settings, READERS)
    if not isinstance(officer, Officer):
        return officer
    base = screener.rule_base
    asked = {f: request.query_params.get(f, "").strip()[:64] for f in _FIELDS}
    crossing = asked["crossing"].lower() or officer.principal.crossing or ""
    problems: list[tuple[str, dict[str, object]]] = []
    if crossing and crossing not in base.crossings:
        problems.append(("rules_bad_crossing", {"value": crossing}))
        crossing = ""
    day = _day(asked["date"], "date", problems)
    since, until = _day(asked["from"], "from", problems), _day(asked["to"], "to", problems)
    in_force: list[Measure] | None = None
    changes: list[Change] | None = None
    commodity: CommodityPage | None = None
    if crossing and day is not None:
        in_force = measures_applying(base, day=day, crossing=crossing)
        if asked["hs"]:
            try:
                code = commodity_code(asked["hs"])
            except InputError as error:
                problems.append(("rules_bad_hs", {"problem": str(error)}))
            else:
                commodity = commodity_page(base, code=code, day=day, crossing=crossing)
    if crossing and since is not None and until is not None:
        changes = measures_changed(base, before=since, after=until, crossing=crossing)
    return render(
        request,
        "bench_rules.html",
        422 if problems else 200,
        officer=officer,
        crossings=sorted(base.crossings),
        crossing=crossing,
        asked=asked,
        problems=problems,
        in_force=in_force,
        changes=changes,
        commodity=commodity,
        rule_base=base.version,
        query={k: v for k, v in asked.items() if v},
    )
