"""Failed sign-ins over HTTP: the same answer whether the user exists, limits per account and
per address with Retry-After, the client's address, and the audit records of each."""

from __future__ import annotations

import datetime as dt
import time

import httpx2
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from borderwatch.store.accounts import set_user_active
from borderwatch.store.sign_in import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    WINDOW,
    record_sign_in_failure,
    sign_in_failures,
)
from tests.service.access.conftest import (
    ADDRESS,
    SETUP,
    ClientFactory,
    add,
    audited,
    error_of,
    sign_in,
)

WRONG = "not the password at all"


def _answer(response: httpx2.Response) -> tuple[int, str, tuple[tuple[str, str], ...]]:
    """What a client can see of a failed sign-in, but the date."""
    headers = sorted((k, v) for k, v in response.headers.items() if k != "date")
    return response.status_code, response.text, tuple(headers)


def _timed(client: TestClient, username: str) -> tuple[httpx2.Response, float]:
    start = time.perf_counter()
    response = sign_in(client, username, WRONG)
    return response, time.perf_counter() - start


def test_unknown_user_wrong_password_and_deactivated_user_look_the_same(
    store: Engine, client: TestClient
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    add(store, "pak.sj", "officer", "dandong")
    with store.begin() as conn:
        set_user_active(conn, "pak.sj", False, actor=SETUP)
    known, unknown = [], []
    for n in range(3):  # interleaved, so a busy machine slows both alike
        known.append(_timed(client, "ri.yc"))
        unknown.append(_timed(client, f"nobody{n}"))
    deactivated = sign_in(client, "pak.sj", WRONG)
    answers = {_answer(r) for r, _ in known + unknown} | {_answer(deactivated)}
    assert len(answers) == 1
    status, text, _ = answers.pop()
    assert status == 401 and "sign_in_failed" in text
    # the unknown user's password is hashed too (a decoy): no shortcut to time
    fastest_known, fastest_unknown = min(t for _, t in known), min(t for _, t in unknown)
    assert 0.5 < fastest_unknown / fastest_known < 2, (fastest_known, fastest_unknown)

    failures = [(r.actor, r.action, r.subject, r.detail["reason"]) for r in audited(store)]
    assert failures == [
        ("api:(anonymous)", "session.sign_in_failed", "user:ri.yc", "wrong password"),
        ("api:(anonymous)", "session.sign_in_failed", "user:(unknown)", "no such user"),
    ] * 3 + [("api:(anonymous)", "session.sign_in_failed", "user:pak.sj", "user deactivated")]
    assert all(r.detail["address"] == ADDRESS for r in audited(store))
    # what was typed as an unknown username is not written down
    assert not any("nobody" in str(r) for r in audited(store))


def _retry_after(response: httpx2.Response) -> int:
    error = error_of(response, 429)
    assert error["code"] == "too_many_sign_in_failures"
    seconds = int(response.headers["retry-after"])
    assert f"try again in {seconds} seconds" in error["message"]
    return seconds


def test_an_account_is_locked_after_five_failures_known_or_not_alike(
    store: Engine, client_for: ClientFactory
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    for n in range(ACCOUNT_LIMIT):  # from five addresses: counted against the account
        error_of(sign_in(client_for(address=f"10.0.1.{n}"), "ri.yc", WRONG), 401)
        error_of(sign_in(client_for(address=f"10.0.2.{n}"), "ghost", WRONG), 401)
    elsewhere = client_for(address="10.0.3.1")
    locked = sign_in(elsewhere, "ri.yc")  # the right password, but locked: not checked
    assert WINDOW.seconds - 60 < _retry_after(locked) <= WINDOW.seconds
    assert "for this username" in locked.json()["error"]["message"]
    assert "set-cookie" not in locked.headers
    ghost = sign_in(elsewhere, "ghost")
    assert _retry_after(ghost) > 0
    # an unknown username is locked exactly as a known one: same body but the seconds
    same = locked.text.replace(locked.headers["retry-after"], "N")
    assert same == ghost.text.replace(ghost.headers["retry-after"], "N")
    assert sign_in(elsewhere, "kim.other", WRONG).status_code == 401  # other accounts go on

    # the failure that reached the limit said so in the audit log; refusals add nothing
    last_failure = [r for r in audited(store) if r.subject == "user:ri.yc"][-1]
    assert last_failure.detail["locks"].startswith("account until ")
    assert len([r for r in audited(store) if r.subject == "user:ri.yc"]) == ACCOUNT_LIMIT

    with store.begin() as conn:  # the window passes
        old = dt.datetime.now(dt.UTC) - WINDOW - dt.timedelta(seconds=1)
        conn.execute(update(sign_in_failures).values(at=old))
    assert sign_in(elsewhere, "ri.yc").status_code == 200
    with store.connect() as conn:  # and the success cleared the account's failures
        accounts = conn.execute(select(sign_in_failures.c.account)).scalars().all()
    assert "ri.yc" not in accounts


def test_an_address_is_locked_after_twenty_failures_on_any_accounts(
    store: Engine, client_for: ClientFactory
) -> None:
    add(store, "ri.yc", "officer", "dandong")
    office, home = client_for(address="203.0.113.9"), client_for(address="198.51.100.4")
    with store.begin() as conn:  # earlier failures from the office, on many accounts
        for n in range(ADDRESS_LIMIT - 2):
            record_sign_in_failure(conn, f"guess{n}", "203.0.113.9")
    for name in ("guess-a", "guess-b"):
        error_of(sign_in(office, name, WRONG), 401)
    locked = sign_in(office, "ri.yc")  # a new account, the right password: the address is locked
    assert _retry_after(locked) > WINDOW.seconds - 60
    assert "from this address" in locked.json()["error"]["message"]
    assert sign_in(home, "ri.yc").status_code == 200  # the same user from another address


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(
    store: Engine, client_for: ClientFactory
) -> None:
    proxies = "10.0.0.5,2001:db8::/32"
    # through the proxy: the nearest hop it did not write itself, not what the client claims
    through_proxy = client_for(address="10.0.0.5", trusted_proxies=proxies)
    spoofed = {"X-Forwarded-For": "1.1.1.1, 192.0.2.44"}
    error_of(
        through_proxy.post(
            "/v1/session", json={"username": "ghost", "password": WRONG}, headers=spoofed
        ),
        401,
    )
    # a chain of trusted proxies is walked; an IPv4 peer seen over IPv6 is itself
    chain = {"X-Forwarded-For": "192.0.2.45, 2001:db8::7"}
    mapped = client_for(address="::ffff:10.0.0.5", trusted_proxies=proxies)
    mapped.post("/v1/session", json={"username": "ghost", "password": WRONG}, headers=chain)
    # straight from a client: its own address, whatever the header says
    direct = client_for(address="198.51.100.23", trusted_proxies=proxies)
    direct.post("/v1/session", json={"username": "ghost", "password": WRONG}, headers=spoofed)
    # nobody trusted (the default): the connection's address
    default = client_for(address="10.0.0.5")
    default.post("/v1/session", json={"username": "ghost", "password": WRONG}, headers=spoofed)
    with store.connect() as conn:
        addresses = conn.execute(
            select(sign_in_failures.c.address).order_by(sign_in_failures.c.id)
        ).scalars()
        assert list(addresses) == ["192.0.2.44", "192.0.2.45", "198.51.100.23", "10.0.0.5"]
