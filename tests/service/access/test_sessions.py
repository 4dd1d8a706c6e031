"""Signing in and out over HTTP: the session cookie, its attributes, its CSRF token, its end."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from borderwatch.store.accounts import set_user_active
from borderwatch.store.sessions import session_digest, sessions
from tests.service.access.conftest import (
    ADDRESS,
    PASSWORD,
    ClientFactory,
    add,
    audited,
    bearer,
    error_of,
    sign_in,
    token_for,
)


def _cookies(response: object) -> dict[str, str]:
    """Set-Cookie headers by cookie name, each header whole."""
    headers = response.headers.get_list("set-cookie")  # type: ignore[attr-defined]
    return {h.split("=", 1)[0]: h for h in headers}


def _attributes(header: str) -> set[str]:
    return {part.strip().lower() for part in header.split(";")[1:]}


def test_signing_in_sets_an_httponly_strict_session_cookie_and_returns_its_csrf_token(
    store: Engine, client: TestClient
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    response = sign_in(client, "Ri.YC")  # usernames are kept in lower case
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["username"], body["role"], body["crossing"], body["via"]) == (
        "ri.yc",
        "officer",
        "dandong",
        "session",
    )
    assert response.headers["cache-control"] == "no-store"
    cookies = _cookies(response)
    assert set(cookies) == {"bw_session", "bw_csrf"}
    session, csrf = _attributes(cookies["bw_session"]), _attributes(cookies["bw_csrf"])
    assert {"httponly", "samesite=strict", "path=/", "max-age=43200"} <= session
    assert "secure" not in session  # plain HTTP: a Secure cookie would never come back
    assert not any(a.startswith("domain") for a in session | csrf)
    assert "httponly" not in csrf and {"samesite=strict", "path=/", "max-age=43200"} <= csrf
    assert client.cookies["bw_csrf"] == body["csrf_token"]
    # the secret is in the cookie only; the store keeps its hash
    secret = client.cookies["bw_session"]
    with store.connect() as conn:
        stored = conn.execute(select(sessions.c.session_hash, sessions.c.address)).one()
    assert tuple(stored) == (session_digest(secret), ADDRESS) and secret not in stored
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert abs(expires - dt.datetime.now(dt.UTC) - dt.timedelta(hours=12)) < dt.timedelta(minutes=1)

    who = client.get("/v1/session")
    assert who.status_code == 200
    assert who.json() == body  # same user, end and CSRF token


def test_on_https_the_cookies_are_secure_and_host_prefixed(
    store: Engine, client_for: ClientFactory
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    over_https = client_for(base_url="https://testserver")
    cookies = _cookies(sign_in(over_https, "ri.yc"))
    assert set(cookies) == {"__Host-bw_session", "__Host-bw_csrf"}
    assert {"secure", "httponly", "samesite=strict", "path=/"} <= _attributes(
        cookies["__Host-bw_session"]
    )
    assert over_https.get("/v1/session").status_code == 200
    # a cookie without the prefix (one a sibling subdomain could plant) is not read on HTTPS
    secret = over_https.cookies["__Host-bw_session"]
    planted = client_for(base_url="https://testserver")
    planted.cookies.set("bw_session", secret)
    error_of(planted.get("/v1/session"), 401)

    # TLS ended at a proxy: the setting, or the proxy's X-Forwarded-Proto when it is trusted
    forced = client_for(secure_cookies=True)
    assert set(_cookies(sign_in(forced, "ri.yc"))) == {"__Host-bw_session", "__Host-bw_csrf"}
    proxied = client_for(address="10.0.0.5", trusted_proxies="10.0.0.0/24")
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.7"}
    response = proxied.post(
        "/v1/session", json={"username": "ri.yc", "password": PASSWORD}, headers=forwarded
    )
    assert set(_cookies(response)) == {"__Host-bw_session", "__Host-bw_csrf"}
    untrusted = client_for(address="10.9.0.5", trusted_proxies="10.0.0.0/24")
    response = untrusted.post(
        "/v1/session", json={"username": "ri.yc", "password": PASSWORD}, headers=forwarded
    )
    assert set(_cookies(response)) == {"bw_session", "bw_csrf"}


def test_signing_out_ends_the_session_at_once_and_drops_the_cookies(
    store: Engine, client_for: ClientFactory
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    client = client_for()
    csrf = sign_in(client, "ri.yc").json()["csrf_token"]
    secret = client.cookies["bw_session"]
    out = client.delete("/v1/session", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 204, out.text
    dropped = _cookies(out)
    assert {"max-age=0", "httponly", "path=/"} <= _attributes(dropped["bw_session"])
    assert "max-age=0" in _attributes(dropped["bw_csrf"])
    error_of(client.get("/v1/session"), 401)  # the browser dropped it
    error_of(_holding(client_for, secret).get("/v1/session"), 401)  # a copy is refused too
    actions = [(r.action, r.actor, r.subject.split(":")[0]) for r in audited(store)]
    assert actions == [
        ("session.sign_in", "api:ri.yc", "session"),
        ("session.sign_out", "api:ri.yc", "session"),
    ]
    first, last = audited(store)
    assert first.subject == last.subject
    assert first.detail["address"] == ADDRESS and last.detail["reason"] == "signed out"


def _holding(client_for: ClientFactory, secret: str) -> TestClient:
    """Another client that holds a copy of the session cookie ``secret``."""
    copy = client_for()
    copy.cookies.set("bw_session", secret)
    return copy


def test_signing_in_again_replaces_the_session_the_browser_had(
    store: Engine, client_for: ClientFactory
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    client = client_for()
    sign_in(client, "ri.yc")
    before = client.cookies["bw_session"]
    assert sign_in(client, "ri.yc").status_code == 200
    assert client.cookies["bw_session"] != before
    assert client.get("/v1/session").status_code == 200
    error_of(_holding(client_for, before).get("/v1/session"), 401)
    assert [r.detail.get("reason") for r in audited(store)] == [None, "signed in again", None]


def test_csrf_token_is_required_for_unsafe_methods_with_the_cookie_not_with_a_token(
    store: Engine, client_for: ClientFactory
) -> None:
    add(store, "kim", "admin")
    add(store, "ri.yc", "officer", "dandong")
    browser, other = client_for(), client_for()
    csrf = sign_in(browser, "kim").json()["csrf_token"]
    other_csrf = sign_in(other, "kim").json()["csrf_token"]
    issue = {"username": "ri.yc", "crossing": "dandong", "label": "tablet 3"}

    for headers in ({}, {"X-CSRF-Token": "nonsense"}, {"X-CSRF-Token": other_csrf}):
        error = error_of(browser.post("/v1/tokens", json=issue, headers=headers), 403)
        assert error["code"] == "csrf_failed" and "X-CSRF-Token" in error["message"]
    error_of(browser.delete("/v1/session"), 403)  # signing out is a change too
    # a forged bw_csrf cookie, echoed in the header, does not match the session
    browser.cookies.set("bw_csrf", "forged")
    error_of(browser.post("/v1/tokens", json=issue, headers={"X-CSRF-Token": "forged"}), 403)
    assert browser.get("/v1/tokens").status_code == 200  # reading needs no token
    done = browser.post("/v1/tokens", json=issue, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 201, done.text

    # an API token is sent by a program, never added by a browser: no CSRF token
    _, token = token_for(store, "kim", None)
    system = client_for()
    assert system.post("/v1/tokens", json=issue, headers=bearer(token)).status_code == 201


def test_a_bad_token_is_refused_even_beside_a_good_cookie(
    store: Engine, client: TestClient
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    sign_in(client, "ri.yc")
    error = error_of(client.get("/v1/session", headers=bearer("bw_not-a-token")), 401)
    assert "token" in error["message"]
    error_of(client.get("/v1/session", headers={"Authorization": "Basic cmk6eWM="}), 401)
    assert client.get("/v1/session").json()["via"] == "session"


def test_signing_out_needs_a_session_not_a_token(store: Engine, client: TestClient) -> None:
    add(store, "ri.yc", "officer", "dandong")
    _, token = token_for(store, "ri.yc", "dandong")
    assert client.get("/v1/session", headers=bearer(token)).json()["via"] == "token"
    assert error_of(client.delete("/v1/session", headers=bearer(token)), 400)["code"] == (
        "not_a_session"
    )
    error_of(client.delete("/v1/session"), 401)


def test_a_session_ends_when_idle_or_past_its_lifetime(
    store: Engine, client_for: ClientFactory
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    client = client_for(session_idle_minutes=30, session_hours=2)
    assert "max-age=7200" in _attributes(_cookies(sign_in(client, "ri.yc"))["bw_session"])
    assert client.get("/v1/session").status_code == 200
    with store.begin() as conn:  # 31 minutes without a request
        conn.execute(update(sessions).values(last_seen_at=_now() - _minutes(31)))
    error_of(client.get("/v1/session"), 401)

    sign_in(client, "ri.yc")
    with store.begin() as conn:  # used a minute ago, but begun past the lifetime
        live = sessions.c.ended_at.is_(None)
        conn.execute(update(sessions).where(live).values(expires_at=_now() - _minutes(1)))
    error_of(client.get("/v1/session"), 401)


def _minutes(n: int) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_a_deactivated_users_session_and_tokens_stop_at_once(
    store: Engine, client_for: ClientFactory
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    browser, system = client_for(), client_for()
    sign_in(browser, "ri.yc")
    _, token = token_for(store, "ri.yc", "dandong")
    assert browser.get("/v1/session").status_code == 200
    assert system.get("/v1/session", headers=bearer(token)).status_code == 200
    with store.begin() as conn:
        set_user_active(conn, "ri.yc", False, actor="api:kim")
    assert "deactivated" in error_of(browser.get("/v1/session"), 401)["message"]
    error_of(system.get("/v1/session", headers=bearer(token)), 401)
    # and signing in again is refused like any wrong password
    assert error_of(sign_in(browser, "ri.yc"), 401)["code"] == "sign_in_failed"
    with store.begin() as conn:  # active again: the token works again, the session stays over
        set_user_active(conn, "ri.yc", True, actor="api:kim")
    assert system.get("/v1/session", headers=bearer(token)).status_code == 200
    error_of(browser.get("/v1/session"), 401)


def test_a_form_posted_by_another_site_cannot_sign_anyone_in(
    store: Engine, client: TestClient
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    as_form = client.post("/v1/session", data={"username": "ri.yc", "password": PASSWORD})
    error_of(as_form, 422)
    as_text = client.post(
        "/v1/session",
        content=f'{{"username": "ri.yc", "password": "{PASSWORD}"}}',
        headers={"Content-Type": "text/plain"},
    )
    error_of(as_text, 422)
    assert "set-cookie" not in as_form.headers and "set-cookie" not in as_text.headers
