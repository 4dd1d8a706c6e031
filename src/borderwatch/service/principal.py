"""Who is calling: a bearer API token or a session cookie, resolved to a role and a crossing.

Every route that touches stored declarations or decisions depends on
:func:`current_principal`, then asks it what it may do: an officer and a
supervisor work at their own crossing only (and cannot learn that another
crossing's records exist: those are "not found"), an analyst reads every
crossing and changes nothing, an admin manages users, lists and rule base.

Two ways in, tried in this order:

- ``Authorization: Bearer <token>`` — an API token (systems, devices). When
  the header is there, it alone decides: a bad token is a 401 even with a
  good cookie beside it. No CSRF token: a browser never adds this header to
  a request another site makes it send.
- the session cookie (people, through the pages) — see
  :mod:`borderwatch.service.cookies`. With an unsafe method the request must
  also carry the session's CSRF token as ``X-CSRF-Token``, or it is refused
  (403, ``csrf_failed``).

Either is checked against the store on every request, so a revoked token, a
signed-out session or a deactivated user is refused from the next request on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyCookie, HTTPBearer
from sqlalchemy import Engine

from borderwatch.service.cookies import (
    CSRF_COOKIE,
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    csrf_matches,
    secure_request,
    session_secret,
)
from borderwatch.service.errors import ServiceError
from borderwatch.service.state import database_of, settings_of
from borderwatch.settings import Settings
from borderwatch.store.api_tokens import authenticate_token
from borderwatch.store.database import writing
from borderwatch.store.sessions import SessionIdentity, authenticate_session

__all__ = ["Caller", "Principal", "current_caller", "current_principal"]

# declared for the OpenAPI document (and /docs); the values are read below
_BEARER_SCHEME = HTTPBearer(
    auto_error=False,
    scheme_name="api_token",
    description="An API token from POST /v1/tokens or `borderwatch tokens issue`.",
)
_COOKIE_SCHEME = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="session",
    description=f"The session cookie POST /v1/session sets (`__Host-{SESSION_COOKIE}` on "
    f"HTTPS); unsafe methods also need `{CSRF_HEADER}`, the value of `{CSRF_COOKIE}`.",
)

#: roles that work at one crossing
_AT_A_CROSSING = frozenset({"officer", "supervisor"})


@dataclass(frozen=True)
class Principal:
    """A signed-in user or system: name, role and the crossing its access is scoped to."""

    name: str
    role: str
    crossing: str | None  # None: every crossing (analysts and admins)

    @property
    def actor(self) -> str:
        """How the audit log names this caller."""
        return f"api:{self.name}"

    def sees(self, crossing: str) -> bool:
        """True when records of ``crossing`` are visible to this caller."""
        return self.crossing is None or self.crossing == crossing

    def works_at(self, crossing: str) -> bool:
        """True when this caller may submit and decide at ``crossing``."""
        return self.role in _AT_A_CROSSING and self.crossing == crossing

    def require(self, *roles: str) -> None:
        """Refuse (403) unless this caller has one of ``roles``."""
        if self.role not in roles:
            raise ServiceError(
                403, "forbidden", f"a {self.role} may not do this; it needs {' or '.join(roles)}"
            )

    def require_every_crossing(self) -> None:
        """Refuse (403) a caller scoped to one crossing: for what spans all of them (API
        tokens, the audit log), whatever the role."""
        if self.crossing is not None:
            raise ServiceError(
                403,
                "forbidden",
                f"this covers every crossing, and this caller acts at {self.crossing} only; "
                "use a session, or a token issued for every crossing",
            )


@dataclass(frozen=True)
class Caller:
    """The principal of a request, with its session when it came with the session cookie."""

    principal: Principal
    session: SessionIdentity | None = None
    secret: str | None = None  # the session's secret, from the cookie


def _unauthenticated(message: str) -> ServiceError:
    return ServiceError(401, "unauthenticated", message)


def current_caller(
    request: Request,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
    _token: Annotated[object, Security(_BEARER_SCHEME)] = None,
    _cookie: Annotated[object, Security(_COOKIE_SCHEME)] = None,
) -> Caller:
    """The caller of this request and how it signed in, or 401 (403 for a missing or wrong
    CSRF token) in the one error body."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            with database.connect() as conn:
                identity = authenticate_token(conn, token.strip())
            if identity is not None:
                principal = Principal(identity.username, identity.role, identity.crossing)
                return Caller(principal)
        raise _unauthenticated(
            "the API token is not valid (unknown, revoked, or its user deactivated or moved); "
            "send 'Authorization: Bearer <token>' with a token from POST /v1/tokens"
        )
    secret = session_secret(request, secure_request(request, settings))
    if secret is not None:
        idle = dt.timedelta(minutes=settings.session_idle_minutes)
        with writing(database) as conn:
            session = authenticate_session(conn, secret, idle=idle)
        if session is not None:
            if request.method not in SAFE_METHODS and not csrf_matches(
                secret, request.headers.get(CSRF_HEADER)
            ):
                raise ServiceError(
                    403,
                    "csrf_failed",
                    f"a request signed in by the session cookie that changes something must "
                    f"send the session's CSRF token as {CSRF_HEADER}: the value of the "
                    f"{CSRF_COOKIE} cookie, or csrf_token from GET /v1/session",
                )
            return Caller(
                Principal(session.username, session.role, session.crossing), session, secret
            )
        raise _unauthenticated(
            "the session is over (signed out, expired, idle too long, or the user was "
            "deactivated); sign in again with POST /v1/session"
        )
    raise _unauthenticated(
        "sign in with POST /v1/session, or send an API token as 'Authorization: Bearer <token>'"
    )


async def current_principal(caller: Annotated[Caller, Depends(current_caller)]) -> Principal:
    """The caller of this request, or 401 (403 for a missing or wrong CSRF token)."""
    return caller.principal
