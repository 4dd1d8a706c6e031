"""The officers' sign-in and sign-out pages: ``GET``/``POST /bench/sign-in`` and
``POST /bench/sign-out``.

The same store functions as ``POST /v1/session``: failed sign-ins count toward the
same per-account and per-address limits (:mod:`borderwatch.store.sign_in`), a
session id from before the sign-in is ended (no session fixation), and the cookies
are the same (:mod:`borderwatch.service.cookies`). The sign-in form is protected by a
double-submit token (:mod:`borderwatch.service.pages.bench`); sign-out by the
session's CSRF token.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import Engine

from borderwatch.service.client import client_address
from borderwatch.service.cookies import (
    clear_session_cookies,
    secure_request,
    session_secret,
    set_session_cookies,
)
from borderwatch.service.pages.bench import (
    SIGN_IN_SECONDS,
    form_fields,
    new_sign_in_token,
    render,
    sign_in_cookie,
    sign_in_token_matches,
    signed_in,
)
from borderwatch.service.routes.session import SignIn
from borderwatch.service.state import database_of, settings_of
from borderwatch.settings import Settings
from borderwatch.store.accounts import verify_password
from borderwatch.store.database import reaching, writing
from borderwatch.store.sessions import end_session, start_session
from borderwatch.store.sign_in import Lockout, claim_attempt, settle_attempt

__all__ = ["QUEUE", "SIGN_IN", "router"]

router = APIRouter(include_in_schema=False)

SIGN_IN = "/bench/sign-in"
QUEUE = "/bench/queue"


def _sign_in_page(
    request: Request, settings: Settings, status: int = 200, **values: object
) -> HTMLResponse:
    """The form, with a fresh double-submit token in the field and in the cookie."""
    token = new_sign_in_token()
    response = render(request, "bench_sign_in.html", status, csrf=token, **values)
    secure = secure_request(request, settings)
    response.set_cookie(
        sign_in_cookie(secure),
        token,
        max_age=SIGN_IN_SECONDS,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )
    return response


def refused_form(request: Request) -> HTMLResponse:
    """The one answer to a form without its CSRF token: 403, nothing done."""
    return render(request, "bench_message.html", 403, heading="csrf_heading", text="csrf_text")


@router.get("/bench", response_class=RedirectResponse)
def bench_home() -> RedirectResponse:
    return RedirectResponse(QUEUE, status_code=303)


@router.get(SIGN_IN, response_class=HTMLResponse)
def sign_in_form(
    request: Request, settings: Annotated[Settings, Depends(settings_of)]
) -> HTMLResponse:
    """The sign-in form."""
    return _sign_in_page(request, settings)


@router.post(SIGN_IN, response_model=None)
async def sign_in(
    request: Request,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> Response:
    """Check the password as POST /v1/session does; on success, the session cookies and a
    redirect to the queue. 403 without the form's token, 401 on failure, 429 when locked."""
    fields = await form_fields(request)
    return await anyio.to_thread.run_sync(_sign_in, request, database, settings, fields)


def _sign_in(
    request: Request, database: Engine, settings: Settings, fields: dict[str, str]
) -> Response:
    if not sign_in_token_matches(request, settings, fields.get("csrf_token")):
        return refused_form(request)
    username = fields.get("username", "")
    try:
        asked = SignIn(username=username, password=fields.get("password", ""))
    except ValidationError:
        return _sign_in_page(request, settings, 401, failed=True, username=username)
    address = client_address(request, settings.trusted_networks())
    with reaching(database):
        attempt = claim_attempt(database, asked.username, address)
        if isinstance(attempt, Lockout):
            now = dt.datetime.now(dt.UTC)
            wait = max(1, math.ceil((attempt.retry_at - now).total_seconds()))
            locked = _sign_in_page(request, settings, 429, locked=wait, username=username)
            locked.headers["Retry-After"] = str(wait)
            return locked
        secure = secure_request(request, settings)
        earlier = session_secret(request, secure)
        with writing(database) as conn:
            user = verify_password(conn, asked.username, asked.password)
            settle_attempt(conn, attempt, user)
            new = None
            if user is not None:
                if earlier is not None:  # never keep a session id from before the sign-in
                    end_session(conn, earlier, reason="signed in again")
                lifetime = dt.timedelta(hours=settings.session_hours)
                new = start_session(conn, user, address, lifetime=lifetime)
    if new is None:
        return _sign_in_page(request, settings, 401, failed=True, username=username)
    response = RedirectResponse(QUEUE, status_code=303)
    max_age = int((new.expires_at - new.created_at).total_seconds())
    set_session_cookies(response, new.secret, max_age=max_age, secure=secure)
    response.delete_cookie(
        sign_in_cookie(secure), path="/", secure=secure, httponly=True, samesite="strict"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/bench/sign-out", response_model=None)
async def sign_out(
    request: Request,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> Response:
    """End the session (the form carries its CSRF token) and drop the cookies."""
    fields = await form_fields(request)
    return await anyio.to_thread.run_sync(_sign_out, request, database, settings, fields)


def _sign_out(
    request: Request, database: Engine, settings: Settings, fields: dict[str, str]
) -> Response:
    with reaching(database):
        officer = signed_in(request, database, settings)
        if officer is None:
            return RedirectResponse(SIGN_IN, status_code=303)
        if not officer.form_ok(fields):
            return refused_form(request)
        with writing(database) as conn:
            end_session(conn, officer.secret)
    response = RedirectResponse(SIGN_IN, status_code=303)
    clear_session_cookies(response, secure=secure_request(request, settings))
    return response
