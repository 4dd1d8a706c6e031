"""Signing in through the officers' sign-in page, as a browser does, for the bench tests."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response

from tests.service.conftest import PASSWORD, StoredApi

__all__ = ["csrf_of", "officer_client", "sign_in"]

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The first form's CSRF token on a page."""
    found = _CSRF.search(html)
    assert found, "no csrf_token field on the page"
    return found[1]


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> Response:
    """Open the sign-in page, then send its form (with its token) as the browser would."""
    form = client.get("/bench/sign-in")
    assert form.status_code == 200, form.text
    return client.post(
        "/bench/sign-in",
        data={"csrf_token": csrf_of(form.text), "username": username, "password": password},
        follow_redirects=False,
    )


def officer_client(
    api: StoredApi, role: str = "officer", crossing: str | None = "dandong"
) -> TestClient:
    """A browser of its own over ``api``'s service, signed in as ``role`` of ``crossing``
    (the user made as ``api.token`` makes it)."""
    api.token(role, crossing)
    client = TestClient(api.client.app, raise_server_exceptions=False)
    signed = sign_in(client, f"{role}.{crossing or 'all'}")
    assert signed.status_code == 303, signed.text
    return client
