"""Signing in and out: ``POST``, ``GET`` and ``DELETE /v1/session``.

A person signs in with username and password and gets the session cookie
and its CSRF token (:mod:`borderwatch.service.cookies`). Failed sign-ins are
limited per account and per address (:mod:`borderwatch.store.sign_in`): past
the limit the answer is 429 with ``Retry-After``. Nothing in an answer tells
whether the username exists: an unknown user, a wrong password and a
deactivated account get the same 401 after the same password hashing, and an
unknown username is locked out exactly as a known one.

The sign-in body must be JSON: a form another site posts (``text/plain``,
``application/x-www-form-urlencoded``) is refused, so no page can sign a
browser in to an account of the attacker's choosing.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Engine

from borderwatch.service.client import client_address
from borderwatch.service.cookies import (
    clear_session_cookies,
    csrf_token,
    secure_request,
    session_secret,
    set_session_cookies,
)
from borderwatch.service.errors import ServiceError, error_responses
from borderwatch.service.principal import Caller, current_caller
from borderwatch.service.state import database_of, settings_of
from borderwatch.settings import Settings
from borderwatch.store.accounts import verify_password
from borderwatch.store.database import writing
from borderwatch.store.sessions import end_session, start_session
from borderwatch.store.sign_in import WINDOW, Lockout, claim_attempt, settle_attempt

__all__ = ["router"]

router = APIRouter(tags=["session"])

#: far past the longest password a user can have (1,024 characters after NFKC)
_LONGEST_PASSWORD = 4096
_FAILED = "sign-in failed: the username or the password is wrong, or the account is not active"
_RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds until a new attempt is let through",
        "schema": {"type": "integer"},
    }
}


class SignIn(BaseModel):
    """A username and its password; sent as JSON, never in the address."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(
        min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", examples=["ri.yc"]
    )
    password: str = Field(min_length=1, max_length=_LONGEST_PASSWORD)

    @field_validator("password")
    @classmethod
    def _text(cls, value: str) -> str:
        try:
            unicodedata.normalize("NFKC", value).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("the password is not valid Unicode text") from None
        return value


class SessionInfo(BaseModel):
    """Who is signed in, and how."""

    username: str
    role: str = Field(description="officer, supervisor, analyst or admin", examples=["officer"])
    crossing: str | None = Field(description="null: every crossing")
    via: Literal["session", "token"]
    expires_at: dt.datetime | None = Field(
        default=None, description="a session's end at the latest (it ends sooner when idle)"
    )
    csrf_token: str | None = Field(
        default=None,
        description="a session's CSRF token: send it as X-CSRF-Token with every POST, PUT, "
        "PATCH and DELETE (also in the bw_csrf cookie)",
    )


def _locked(lockout: Lockout, now: dt.datetime) -> ServiceError:
    wait = max(1, math.ceil((lockout.retry_at - now).total_seconds()))
    whom = "for this username" if lockout.kind == "account" else "from this address"
    return ServiceError(
        429,
        "too_many_sign_in_failures",
        f"too many failed sign-ins {whom} in the last {WINDOW.seconds // 60} minutes; "
        f"try again in {wait} seconds",
        headers={"Retry-After": str(wait)},
    )


@router.post(
    "/session",
    response_model=SessionInfo,
    summary="Sign in: a session cookie and its CSRF token",
    responses={
        **error_responses(401, 422, 503),
        429: {**error_responses(429)[429], "headers": _RETRY_AFTER},
    },
)
def sign_in(
    body: SignIn,
    request: Request,
    response: Response,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> SessionInfo:
    """Check the password; on success set the session cookie (HttpOnly) and the CSRF cookie,
    and return the CSRF token. Refused with 429 and Retry-After after too many failures."""
    address = client_address(request, settings.trusted_networks())
    attempt = claim_attempt(database, body.username, address)
    if isinstance(attempt, Lockout):
        raise _locked(attempt, dt.datetime.now(dt.UTC))
    secure = secure_request(request, settings)
    earlier = session_secret(request, secure)
    with writing(database) as conn:
        user = verify_password(conn, body.username, body.password)
        settle_attempt(conn, attempt, user)
        if user is None:
            new = None
        else:
            if earlier is not None:  # never keep a session id from before the sign-in
                end_session(conn, earlier, reason="signed in again")
            lifetime = dt.timedelta(hours=settings.session_hours)
            new = start_session(conn, user, address, lifetime=lifetime)
    if new is None:
        raise ServiceError(401, "sign_in_failed", _FAILED)
    max_age = int((new.expires_at - new.created_at).total_seconds())
    set_session_cookies(response, new.secret, max_age=max_age, secure=secure)
    response.headers["Cache-Control"] = "no-store"
    return SessionInfo(
        username=new.user.username,
        role=new.user.role,
        crossing=new.user.crossing,
        via="session",
        expires_at=new.expires_at,
        csrf_token=csrf_token(new.secret),
    )


@router.get(
    "/session",
    response_model=SessionInfo,
    summary="Who is signed in",
    responses=error_responses(401, 503),
)
def who(caller: Annotated[Caller, Depends(current_caller)], response: Response) -> SessionInfo:
    """The user of the session cookie (with its end and CSRF token) or of the API token."""
    response.headers["Cache-Control"] = "no-store"
    principal = caller.principal
    session, secret = caller.session, caller.secret
    return SessionInfo(
        username=principal.name,
        role=principal.role,
        crossing=principal.crossing,
        via="token" if session is None else "session",
        expires_at=None if session is None else session.expires_at,
        csrf_token=None if secret is None else csrf_token(secret),
    )


@router.delete(
    "/session",
    status_code=204,
    response_class=Response,
    summary="Sign out: the session ends at once",
    responses=error_responses(400, 401, 403, 503),
)
def sign_out(
    request: Request,
    caller: Annotated[Caller, Depends(current_caller)],
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> Response:
    """End the session of the cookie (the CSRF token is needed) and drop both cookies."""
    if caller.secret is None:
        raise ServiceError(
            400,
            "not_a_session",
            "this request signed in with an API token, which has no session to end; an "
            "admin revokes a token with DELETE /v1/tokens/{id}",
        )
    with writing(database) as conn:
        end_session(conn, caller.secret)
    response = Response(status_code=204)
    clear_session_cookies(response, secure=secure_request(request, settings))
    return response
