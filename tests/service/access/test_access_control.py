"""Who may call the routes of access: every role, signed in or with a token, at its own
crossing, another, or every crossing — against every route, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx2
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderwatch.store.rule_bases import load_version
from tests.rules.building import copy_rule_base
from tests.service.access.conftest import (
    SETUP,
    ClientFactory,
    add,
    bearer,
    sign_in,
    token_for,
)

# the routes, each against a target at Dandong and one at Hunchun where it has one
ROUTES = (
    "GET session",
    "GET tokens",
    "POST tokens dandong",
    "POST tokens hunchun",
    "DELETE tokens dandong",
    "DELETE tokens hunchun",
    "DELETE tokens missing",
    "GET audit/verify",
    "GET rule-bases",
    "POST rule-bases/current",
)
_NO = (403,) * 6
#: caller → expected status per route, in the order of ROUTES
EXPECTED = {
    "admin, every crossing (session)": (200, 200, 201, 201, 200, 200, 404, 200, 200, 200),
    "admin, token for dandong only": (200, *_NO, 403, 200, 403),
    "analyst, every crossing (token)": (200, *_NO, 200, 200, 403),
    "analyst, token for hunchun only": (200, *_NO, 403, 200, 403),
    "supervisor at dandong (session)": (200, *_NO, 403, 200, 403),
    "officer at dandong (token)": (200, *_NO, 403, 200, 403),
    "officer at hunchun (token)": (200, *_NO, 403, 200, 403),
    "nobody": (401,) * 10,
}

Call = Callable[[str, str, dict[str, object] | None], httpx2.Response]


def _caller(client: TestClient, headers: dict[str, str]) -> Call:
    def call(method: str, path: str, body: dict[str, object] | None) -> httpx2.Response:
        return client.request(method, path, json=body, headers=headers)

    return call


def test_every_role_and_crossing_gets_what_the_table_says(
    store: Engine, client_for: ClientFactory, tmp_path: Path
) -> None:
    load_version(store, copy_rule_base(tmp_path / "rules"), actor=SETUP)  # version 1
    for name, role, crossing in (
        ("kim", "admin", None),
        ("yun", "analyst", None),
        ("choe.sup", "supervisor", "dandong"),
        ("ri.yc", "officer", "dandong"),
        ("pak.hc", "officer", "hunchun"),
    ):
        add(store, name, role, crossing)

    def session(username: str) -> Call:
        client = client_for()
        csrf = sign_in(client, username).json()["csrf_token"]
        return _caller(client, {"X-CSRF-Token": csrf})

    def token(username: str, crossing: str | None) -> Call:
        return _caller(client_for(), bearer(token_for(store, username, crossing)[1]))

    callers = {
        "admin, every crossing (session)": session("kim"),
        "admin, token for dandong only": token("kim", "dandong"),
        "analyst, every crossing (token)": token("yun", None),
        "analyst, token for hunchun only": token("yun", "hunchun"),
        "supervisor at dandong (session)": session("choe.sup"),
        "officer at dandong (token)": token("ri.yc", "dandong"),
        "officer at hunchun (token)": token("pak.hc", "hunchun"),
        "nobody": _caller(client_for(), {}),
    }
    answers: dict[str, dict[str, httpx2.Response]] = {}
    for who, call in callers.items():
        # fresh targets per caller, so an admin's revocation leaves the next caller's alone
        targets = {
            "dandong": token_for(store, "ri.yc", "dandong")[0],
            "hunchun": token_for(store, "pak.hc", "hunchun")[0],
            "missing": 2_000_000_000,
        }
        issue = {
            "dandong": {"username": "ri.yc", "crossing": "dandong", "label": "acl"},
            "hunchun": {"username": "pak.hc", "crossing": "hunchun", "label": "acl"},
        }
        answers[who] = {
            "GET session": call("GET", "/v1/session", None),
            "GET tokens": call("GET", "/v1/tokens", None),
            **{f"POST tokens {c}": call("POST", "/v1/tokens", issue[c]) for c in issue},
            **{
                f"DELETE tokens {c}": call("DELETE", f"/v1/tokens/{i}", None)
                for c, i in targets.items()
            },
            "GET audit/verify": call("GET", "/v1/audit/verify", None),
            "GET rule-bases": call("GET", "/v1/rule-bases", None),
            "POST rule-bases/current": call("POST", "/v1/rule-bases/current", {"version": "1"}),
        }
    actual = {who: tuple(answers[who][r].status_code for r in ROUTES) for who in callers}
    assert actual == EXPECTED

    for who, by_route in answers.items():
        for route, response in by_route.items():
            if response.status_code >= 400:  # always the one error body
                assert set(response.json()) == {"error"}, (who, route)
        if EXPECTED[who][4] == 403:
            # refused before looking: a token at Dandong, at Hunchun, or none — the same answer
            bodies = {
                by_route[f"DELETE tokens {c}"].text for c in ("dandong", "hunchun", "missing")
            }
            assert len(bodies) == 1, (who, bodies)
    signed_in = {who: r["GET session"].json() for who, r in answers.items() if who != "nobody"}
    assert {who: (s["username"], s["crossing"], s["via"]) for who, s in signed_in.items()} == {
        "admin, every crossing (session)": ("kim", None, "session"),
        "admin, token for dandong only": ("kim", "dandong", "token"),
        "analyst, every crossing (token)": ("yun", None, "token"),
        "analyst, token for hunchun only": ("yun", "hunchun", "token"),
        "supervisor at dandong (session)": ("choe.sup", "dandong", "session"),
        "officer at dandong (token)": ("ri.yc", "dandong", "token"),
        "officer at hunchun (token)": ("pak.hc", "hunchun", "token"),
    }
