"""The officers' sign-in and sign-out pages, on SQLite and PostgreSQL: the same sessions,
limits and cookies as POST /v1/session, and a form no other site can send."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from borderwatch.store.sessions import sessions
from tests.service.conftest import StoredApi
from tests.service.pages.bench_signing import csrf_of, sign_in


def _sessions(api: StoredApi) -> int:
    with api.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(sessions)).scalar_one())


def test_signing_in_sets_the_session_cookies_and_opens_the_queue(api: StoredApi) -> None:
    api.token("officer", "dandong")
    page = api.client.get("/bench/sign-in")
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    token_cookie = page.headers["set-cookie"]
    assert "bw_sign_in=" in token_cookie and "HttpOnly" in token_cookie
    assert "samesite=strict" in token_cookie.lower()

    signed = sign_in(api.client, "officer.dandong")
    assert signed.status_code == 303 and signed.headers["location"] == "/bench/queue"
    cookies = signed.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("bw_session="))
    assert "HttpOnly" in session and "samesite=strict" in session.lower()
    first = api.client.cookies["bw_session"]
    queue = api.client.get("/bench/queue")
    assert queue.status_code == 200 and "officer.dandong" in queue.text

    # signing in again never keeps the session id from before: the old one is over
    assert sign_in(api.client, "officer.dandong").status_code == 303
    assert api.client.cookies["bw_session"] != first
    earlier = TestClient(api.client.app, cookies={"bw_session": first})
    assert earlier.get("/bench/queue", follow_redirects=False).status_code == 303


def test_a_wrong_password_fails_and_counts_toward_the_lockout(api: StoredApi) -> None:
    api.token("officer", "dandong")
    for _ in range(5):
        failed = sign_in(api.client, "officer.dandong", "wrong password")
        assert failed.status_code == 401 and "Sign-in failed" in failed.text
    locked = sign_in(api.client, "officer.dandong")  # the right password, too late
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    assert "Too many failed sign-ins" in locked.text
    assert _sessions(api) == 0
    # the API sees the same lockout
    refused = api.client.post("/v1/session", json={"username": "officer.dandong", "password": "x"})
    assert refused.status_code == 429


def test_a_sign_in_form_without_its_token_is_refused(api: StoredApi) -> None:
    api.token("officer", "dandong")
    fields = {"username": "officer.dandong", "password": "correct horse battery staple"}
    missing = api.client.post("/bench/sign-in", data=fields, follow_redirects=False)
    assert missing.status_code == 403 and "Nothing was stored" in missing.text
    csrf = csrf_of(api.client.get("/bench/sign-in").text)
    wrong = api.client.post(
        "/bench/sign-in", data=fields | {"csrf_token": csrf + "x"}, follow_redirects=False
    )
    assert wrong.status_code == 403
    # another site's form: the token it saw does not ride with this browser's cookie
    api.client.cookies.delete("bw_sign_in")
    forged = api.client.post(
        "/bench/sign-in", data=fields | {"csrf_token": csrf}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert _sessions(api) == 0 and "bw_session" not in api.client.cookies


def test_signing_out_needs_the_session_token_and_ends_the_session(api: StoredApi) -> None:
    api.token("officer", "dandong")
    assert sign_in(api.client, "officer.dandong").status_code == 303
    queue = api.client.get("/bench/queue")
    refused = api.client.post("/bench/sign-out", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert api.client.get("/bench/queue").status_code == 200
    out = api.client.post(
        "/bench/sign-out", data={"csrf_token": csrf_of(queue.text)}, follow_redirects=False
    )
    assert out.status_code == 303 and out.headers["location"] == "/bench/sign-in"
    assert api.client.get("/bench/queue", follow_redirects=False).status_code == 303
