"""The officers' pages: the inspection queue, a declaration with its verdicts and the
decisions on it, and the forms that record and amend decisions.

Every page calls the store functions and the access checks the API routes call
(:mod:`borderwatch.service.access`): an officer of Hunchun asking for a Dandong
declaration gets the same "not found" page as for an id that does not exist, and a
decision is recorded and audited as ``POST /v1/declarations/{id}/decisions`` records
it. A form without its session's CSRF token is refused (403) before anything is read.
Signed out, every page sends the browser to the sign-in page.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.errors import BorderwatchError, StoreError
from borderwatch.model.decision import Outcome
from borderwatch.model.declaration import Channel
from borderwatch.service.access import (
    AT_A_CROSSING,
    READERS,
    audited_as,
    visible_decision,
    visible_declaration,
)
from borderwatch.service.errors import ServiceError
from borderwatch.service.pages.bench import (
    QUEUE_READERS,
    Officer,
    form_fields,
    render,
    signed_in,
)
from borderwatch.service.pages.bench_views import item_views, waiting
from borderwatch.service.routes.bench_session import QUEUE, SIGN_IN, refused_form
from borderwatch.service.state import database_of, screener_of, settings_of
from borderwatch.settings import Settings
from borderwatch.store.database import reaching, writing
from borderwatch.store.decisions import amend_decision, decisions_for, record_decision
from borderwatch.store.inspection import QueueFilter
from borderwatch.targeting.groups import travelled_with
from borderwatch.targeting.queue import Targeted, targeted_queue

__all__ = ["admitted", "router"]

router = APIRouter(include_in_schema=False)

#: the most declarations the queue page lists
QUEUE_LENGTH = 200
_OUTCOMES = tuple(outcome.value for outcome in Outcome)
_CHANNELS = tuple(channel.value for channel in Channel)


def to_sign_in() -> RedirectResponse:
    return RedirectResponse(SIGN_IN, status_code=303)


def forbidden_page(request: Request, officer: Officer) -> HTMLResponse:
    return render(
        request,
        "bench_message.html",
        403,
        officer=officer,
        heading="forbidden_heading",
        text="forbidden_text",
        values={"role": officer.principal.role},
    )


def admitted(
    request: Request,
    database: Engine,
    settings: Settings,
    roles: tuple[str, ...],
    form: dict[str, str] | None = None,
) -> Officer | Response:
    """The signed-in officer, if of one of ``roles`` (and, for a ``form``, if it carries
    the session's CSRF token); else the page to answer with: sign in, 403 form, 403."""
    officer = signed_in(request, database, settings)
    if officer is None:
        return to_sign_in()
    if form is not None and not officer.form_ok(form):
        return refused_form(request)
    if officer.principal.role not in roles:
        return forbidden_page(request, officer)
    return officer


def _not_found(
    request: Request, officer: Officer, ident: int, kind: str = "declaration"
) -> HTMLResponse:
    """The one page for a record that does not exist or is another crossing's."""
    return render(
        request,
        "bench_message.html",
        404,
        officer=officer,
        heading="not_found_heading",
        text=f"not_found_{kind}",
        values={"ident": ident},
    )


@router.get(QUEUE, response_model=None)
def queue(
    request: Request,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
    screener: Annotated[Screener, Depends(screener_of)],
) -> Response:
    """The declarations of the officer's crossing that wait for a decision, strictest
    first; an analyst picks the crossing with ``?crossing=``. ``?channel=`` (baggage or
    cargo), ``?company=`` (the traveller's managing company) and ``?conveyance=`` (the
    bus or train, as ``bus 辽F-37412`` or part of it) narrow the list."""
    with reaching(database):
        officer = admitted(request, database, settings, QUEUE_READERS)
        if not isinstance(officer, Officer):
            return officer
        principal = officer.principal
        known = screener.rule_base.crossings
        asked = request.query_params.get("crossing", "").strip().lower()
        crossing = principal.crossing or (asked if asked in known else None)
        if asked and (asked not in known or not principal.sees(asked)):
            return forbidden_page(request, officer)
        channel = request.query_params.get("channel", "")
        channel = channel if channel in _CHANNELS else ""
        company = request.query_params.get("company", "").strip()[:200]
        conveyance = request.query_params.get("conveyance", "").strip()[:200]
        waiting_now: list[tuple[object, tuple[str, dict[str, int]], Targeted]] = []
        if crossing is not None:
            now = dt.datetime.now(dt.UTC)
            narrowed = QueueFilter(channel or None, company or None, conveyance or None)
            with database.connect() as conn:
                queued = targeted_queue(
                    conn, crossing, screener.rule_base, limit=QUEUE_LENGTH, narrowed=narrowed
                )
            waiting_now = [(t.queued, waiting(t.queued.received_at, now), t) for t in queued]
    query = ({"crossing": crossing} if crossing and not principal.crossing else {}) | {
        k: v for k, v in (("channel", channel), ("company", company)) if v
    }
    return render(
        request,
        "bench_queue.html",
        officer=officer,
        crossing=crossing,
        crossings=sorted(known),
        queued=waiting_now,
        channels=_CHANNELS,
        channel=channel,
        company=company,
        conveyance=conveyance,
        query=query | ({"conveyance": conveyance} if conveyance else {}),
        conveyance_link=lambda label: f"{QUEUE}?{urlencode(query | {'conveyance': label})}",
    )


@router.get("/bench/declarations/{declaration_id:int}", response_model=None)
def declaration(
    declaration_id: int,
    request: Request,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> Response:
    """Items, verdicts and legal basis, party hits, the decision forms and the history."""
    with reaching(database):
        officer = admitted(request, database, settings, READERS)
        if not isinstance(officer, Officer):
            return officer
        principal = officer.principal
        with database.connect() as conn:
            try:
                stored = visible_declaration(conn, principal, declaration_id)
            except ServiceError:
                return _not_found(request, officer, declaration_id)
            decided = decisions_for(conn, declaration_id)
            group = travelled_with(conn, stored.id, stored.declaration)
    current = {d.id for d in (decided.whole, *decided.items.values()) if d is not None}
    return render(
        request,
        "bench_declaration.html",
        officer=officer,
        stored=stored,
        items=item_views(stored, decided),
        decided=decided,
        group=group,
        current=current,
        outcomes=_OUTCOMES,
        decides=principal.works_at(stored.crossing),
        amends=principal.role == "supervisor" and principal.works_at(stored.crossing),
    )


def _refused(request: Request, officer: Officer, back: str, error: Exception) -> HTMLResponse:
    """The store's refusal (a second first decision, a reason missing, ...), as its
    message, with nothing recorded."""
    status = error.http_status if isinstance(error, BorderwatchError) else 422
    return render(
        request,
        "bench_message.html",
        status,
        officer=officer,
        heading="refused_heading",
        message=str(error),
        back=back,
    )


@router.post("/bench/declarations/{declaration_id:int}/decisions", response_model=None)
async def decide(
    declaration_id: int,
    request: Request,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> Response:
    """Record the first decision on an item (or the whole declaration, with no item), as
    POST /v1/declarations/{id}/decisions does; back to the declaration's history."""
    fields = await form_fields(request)
    return await anyio.to_thread.run_sync(
        _decide, declaration_id, request, database, settings, fields
    )


def _decide(
    declaration_id: int,
    request: Request,
    database: Engine,
    settings: Settings,
    fields: dict[str, str],
) -> Response:
    back = f"/bench/declarations/{declaration_id}"
    with reaching(database):
        officer = admitted(request, database, settings, AT_A_CROSSING, fields)
        if not isinstance(officer, Officer):
            return officer
        principal = officer.principal
        try:
            with writing(database) as conn:
                visible_declaration(conn, principal, declaration_id)
                record_decision(
                    conn,
                    declaration_id,
                    item=fields.get("item") or None,
                    outcome=fields.get("outcome", ""),
                    found=fields.get("found", ""),
                    reason=fields.get("reason", ""),
                    officer=principal.name,
                    crossing=principal.crossing or "",
                    role=principal.role,
                    audit=audited_as(principal),
                )
        except ServiceError:
            return _not_found(request, officer, declaration_id)
        except StoreError:
            raise
        except BorderwatchError as error:
            return _refused(request, officer, back, error)
    return RedirectResponse(f"{back}#history", status_code=303)


@router.post("/bench/decisions/{decision_id:int}/amendments", response_model=None)
async def amend(
    decision_id: int,
    request: Request,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> Response:
    """A supervisor of the crossing amends a current decision, as
    POST /v1/decisions/{id}/amendments does; back to the declaration's history."""
    fields = await form_fields(request)
    return await anyio.to_thread.run_sync(_amend, decision_id, request, database, settings, fields)


def _amend(
    decision_id: int, request: Request, database: Engine, settings: Settings, fields: dict[str, str]
) -> Response:
    with reaching(database):
        officer = admitted(request, database, settings, ("supervisor",), fields)
        if not isinstance(officer, Officer):
            return officer
        principal = officer.principal
        back = QUEUE
        try:
            with writing(database) as conn:
                amended = visible_decision(conn, principal, decision_id)
                back = f"/bench/declarations/{amended.declaration}"
                amend_decision(
                    conn,
                    decision_id,
                    outcome=fields.get("outcome", ""),
                    found=fields.get("found", ""),
                    reason=fields.get("reason", ""),
                    officer=principal.name,
                    crossing=principal.crossing or "",
                    role=principal.role,
                    audit=audited_as(principal),
                )
        except ServiceError:
            return _not_found(request, officer, decision_id, "decision")
        except StoreError:
            raise
        except BorderwatchError as error:
            return _refused(request, officer, back, error)
    return RedirectResponse(f"{back}#history", status_code=303)
