"""The session cookie and its CSRF token.

Signing in sets two cookies, both ``SameSite=Strict``, ``Path=/``, without a
``Domain`` and with the session's lifetime as ``Max-Age``:

- ``bw_session``: the session's secret, ``HttpOnly`` (no script reads it);
- ``bw_csrf``: the session's CSRF token, readable by the pages' scripts.

On HTTPS (or with ``BORDERWATCH_SECURE_COOKIES``) both are ``Secure`` and
named ``__Host-bw_session`` and ``__Host-bw_csrf``: a browser accepts a
``__Host-`` cookie only from the host itself over HTTPS, so a neighbouring
subdomain or a plain-HTTP page cannot plant one. Only the names of the
request's kind are read.

The CSRF token is an HMAC of the session's secret: only the holder of the
session cookie can compute it, the store keeps nothing more, and a forged
``bw_csrf`` cookie (from a sibling subdomain, say) does not match the session
it would ride with. A request authenticated by the cookie with an unsafe
method (anything but GET, HEAD, OPTIONS) must send it back as
``X-CSRF-Token``. ``SameSite=Strict`` already keeps the cookie off requests
that other sites start; the token is the second lock, for older browsers and
same-site pages.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from fastapi import Request, Response

from borderwatch.service.client import came_over_https
from borderwatch.settings import Settings

__all__ = [
    "CSRF_COOKIE",
    "CSRF_HEADER",
    "SAFE_METHODS",
    "SESSION_COOKIE",
    "clear_session_cookies",
    "cookie_name",
    "csrf_matches",
    "csrf_token",
    "secure_request",
    "session_secret",
    "set_session_cookies",
]

SESSION_COOKIE = "bw_session"
CSRF_COOKIE = "bw_csrf"
CSRF_HEADER = "X-CSRF-Token"
#: methods that change nothing, so need no CSRF token (RFC 9110 section 9.2.1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CSRF_LABEL = b"borderwatch csrf token v1"


def secure_request(request: Request, settings: Settings) -> bool:
    """True when this request's cookies are ``Secure`` (and ``__Host-`` named)."""
    return settings.secure_cookies or came_over_https(request, settings.trusted_networks())


def cookie_name(name: str, secure: bool) -> str:
    """``name`` as sent on a request of this kind."""
    return f"__Host-{name}" if secure else name


def session_secret(request: Request, secure: bool) -> str | None:
    """The session cookie of ``request``, if it sent one."""
    return request.cookies.get(cookie_name(SESSION_COOKIE, secure)) or None


def csrf_token(secret: str) -> str:
    """The CSRF token of the session ``secret``: HMAC-SHA256, URL-safe base64."""
    digest = hmac.new(secret.encode("utf-8"), _CSRF_LABEL, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def csrf_matches(secret: str, sent: str | None) -> bool:
    """True when ``sent`` is the CSRF token of ``secret`` (compared in constant time)."""
    if not sent or not sent.isascii():
        return False
    return hmac.compare_digest(csrf_token(secret).encode("ascii"), sent.strip().encode("ascii"))


def set_session_cookies(response: Response, secret: str, *, max_age: int, secure: bool) -> None:
    """Add the session cookie and its CSRF cookie to ``response``."""
    for name, value, http_only in (
        (SESSION_COOKIE, secret, True),
        (CSRF_COOKIE, csrf_token(secret), False),
    ):
        response.set_cookie(
            cookie_name(name, secure),
            value,
            max_age=max_age,
            path="/",
            secure=secure,
            httponly=http_only,
            samesite="strict",
        )


def clear_session_cookies(response: Response, *, secure: bool) -> None:
    """Tell the browser to drop both cookies."""
    for name, http_only in ((SESSION_COOKIE, True), (CSRF_COOKIE, False)):
        response.delete_cookie(
            cookie_name(name, secure),
            path="/",
            secure=secure,
            httponly=http_only,
            samesite="strict",
        )
