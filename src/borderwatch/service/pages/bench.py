"""What every officers' page shares: who is signed in, the form's CSRF checks, the
language, and rendering a template with the public pages' layout.

The pages run on the same session as ``POST /v1/session`` (the session cookie,
HttpOnly, ``SameSite=Strict``). A signed-in form carries the session's CSRF token
(:func:`~borderwatch.service.cookies.csrf_token`) in a hidden ``csrf_token`` field;
the sign-in form, with no session yet, carries a random token that must equal the
short-lived ``bw_sign_in`` cookie (a double submit), so another site cannot sign a
browser in to an account of its choosing.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader
from sqlalchemy import Engine

from borderwatch.service.cookies import (
    cookie_name,
    csrf_matches,
    csrf_token,
    secure_request,
    session_secret,
)
from borderwatch.service.pages.bench_messages import (
    LANGUAGE_COOKIE,
    LANGUAGE_NAMES,
    bench_language,
    translator,
)
from borderwatch.service.pages.messages import LANGUAGES
from borderwatch.service.principal import Principal
from borderwatch.settings import Settings
from borderwatch.store.accounts import set_user_language
from borderwatch.store.database import writing
from borderwatch.store.sessions import authenticate_session

__all__ = [
    "AUDIT_READERS",
    "QUEUE_READERS",
    "SIGN_IN_COOKIE",
    "Officer",
    "form_fields",
    "page_language",
    "render",
    "sign_in_token_matches",
    "signed_in",
]

#: who reads the inspection queue, and the audit page (a supervisor: their crossing's)
QUEUE_READERS = ("officer", "supervisor", "analyst")
AUDIT_READERS = ("supervisor", "analyst", "admin")
#: the sign-in form's double-submit cookie, and how long a sign-in form stays usable
SIGN_IN_COOKIE = "bw_sign_in"
SIGN_IN_SECONDS = 900
#: the most bytes of a form read (a decision's found and reason fit many times over)
MAX_FORM_BYTES = 64 * 1024

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    auto_reload=False,
)


def _language_link(path: str, query: dict[str, str], language: str) -> str:
    return f"{path}?{urlencode(query | {'lang': language})}"


_templates.globals["language_link"] = _language_link
_templates.globals["queue_readers"] = QUEUE_READERS
_templates.globals["audit_readers"] = AUDIT_READERS


@dataclass(frozen=True)
class Officer:
    """The signed-in user of a page request, and their session's CSRF token."""

    principal: Principal
    secret: str
    language: str | None = None

    @property
    def csrf(self) -> str:
        return csrf_token(self.secret)

    def form_ok(self, fields: dict[str, str]) -> bool:
        """True when the form carries this session's CSRF token."""
        return csrf_matches(self.secret, fields.get("csrf_token"))


def signed_in(request: Request, database: Engine, settings: Settings) -> Officer | None:
    """The user of the session cookie, checked against the store; None when signed out."""
    secret = session_secret(request, secure_request(request, settings))
    if secret is None:
        return None
    idle = dt.timedelta(minutes=settings.session_idle_minutes)
    chosen = request.query_params.get("lang")
    with writing(database) as conn:
        session = authenticate_session(conn, secret, idle=idle)
        if session is None:
            return None
        language = session.language
        if chosen in LANGUAGES and chosen != language:
            set_user_language(conn, session.user_id, chosen)  # their choice, on every device
            language = chosen
    return Officer(Principal(session.username, session.role, session.crossing), secret, language)


async def form_fields(request: Request) -> dict[str, str]:
    """The first value of each field of a URL-encoded form body.

    A form route is ``async`` only to read this; it hands the rest (the password
    hash, the store) to a worker thread with ``anyio.to_thread.run_sync``, off the
    event loop that serves every other request.
    """
    body = (await request.body())[:MAX_FORM_BYTES].decode("utf-8", errors="replace")
    return {name: values[0] for name, values in parse_qs(body).items() if values}


def new_sign_in_token() -> str:
    return secrets.token_urlsafe(24)


def sign_in_cookie(secure: bool) -> str:
    return cookie_name(SIGN_IN_COOKIE, secure)


def sign_in_token_matches(request: Request, settings: Settings, sent: str | None) -> bool:
    """True when the form's token equals the sign-in cookie (compared in constant time)."""
    kept = request.cookies.get(sign_in_cookie(secure_request(request, settings)))
    if not kept or not sent or not sent.isascii() or not kept.isascii():
        return False
    return hmac.compare_digest(kept.encode("ascii"), sent.encode("ascii"))


def page_language(request: Request, officer: Officer | None = None) -> str:
    """The officer's language: ?lang=, else the one they chose before (stored with their
    account), else the browser's remembered cookie, else the browser's preference."""
    query = {k: v[0] for k, v in parse_qs(request.url.query).items() if v}
    return bench_language(
        query,
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language", ""),
        officer.language if officer is not None else None,
    )


def render(
    request: Request,
    template: str,
    status: int = 200,
    **values: object,
) -> HTMLResponse:
    """``template`` in the officer's language; never cached (the pages show stored records)."""
    officer = values.get("officer")
    language = page_language(request, officer if isinstance(officer, Officer) else None)
    page = _templates.get_template(template).render(
        t=translator(language),
        path=request.url.path,
        query=values.pop("query", {}),
        lang=language,
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        home="/bench/queue",
        stylesheet="/static/bench.css",
        **values,
    )
    response = HTMLResponse(page, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            path="/bench",
            httponly=True,
            samesite="strict",
        )
    return response
