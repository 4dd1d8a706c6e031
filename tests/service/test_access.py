"""Who may do what, as one table: role and token crossing × route, on records of Dandong.

Each refusal is checked twice over: the status in the table, and — for a route
that names a record by id — that the refusal is the very answer given for an
id that does not exist, so a refused caller cannot tell whether the record is
there. Writes that are refused leave the store as it was. Real users and real
tokens, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from httpx import Response

from tests.service.conftest import StoredApi
from tests.store.declaring import counts, raw

#: the callers: (role, the crossing of the token; None for every crossing)
CALLERS = {
    "officer@dandong": ("officer", "dandong"),
    "supervisor@dandong": ("supervisor", "dandong"),
    "officer@hunchun": ("officer", "hunchun"),
    "supervisor@hunchun": ("supervisor", "hunchun"),
    "analyst": ("analyst", None),
    "analyst@hunchun": ("analyst", "hunchun"),
    "admin": ("admin", None),
}
ACTIONS = ("submit", "batch", "read", "decisions", "decide", "amend", "queue", "report", "daily")
#: the answer each caller gets for each action on Dandong's records
TABLE = {
    #                       submit batch read decisions decide amend queue report daily
    "officer@dandong": (201, 201, 200, 200, 201, 403, 200, 403, 403),
    "supervisor@dandong": (201, 201, 200, 200, 201, 201, 200, 200, 200),
    "officer@hunchun": (403, 403, 404, 404, 404, 403, 403, 403, 403),
    "supervisor@hunchun": (403, 403, 404, 404, 404, 404, 403, 403, 403),
    "analyst": (403, 403, 200, 200, 403, 403, 200, 200, 200),
    "analyst@hunchun": (403, 403, 404, 404, 403, 403, 403, 403, 403),
    "admin": (403, 403, 200, 200, 403, 403, 403, 200, 200),
}
#: an id no record has
MISSING = 999_999


class Dandong:
    """Makes fresh records at Dandong through the API, as its own officer."""

    def __init__(self, api: StoredApi) -> None:
        self.api = api
        self.made = 0

    def declaration(self) -> int:
        self.made += 1
        stored = self.api.submit(raw(f"B{self.made}"), f"SETUP-{self.made}")
        return int(stored["id"])

    def decision(self) -> int:
        declaration = self.declaration()
        response = self.api.client.post(
            f"/v1/declarations/{declaration}/decisions",
            json={"outcome": "seized", "reason": "UN 2397 OP7"},
            headers=self.api.headers("officer", "dandong"),
        )
        assert response.status_code == 201, response.text
        return int(response.json()["id"])


def _requests(
    api: StoredApi, dandong: Dandong, headers: dict[str, str], key: str
) -> dict[str, tuple[Callable[[int], Response], int | None]]:
    """For each action: the request for a record id, and the id of a record of Dandong
    (None for an action that names no record)."""
    client = api.client
    decision = {"outcome": "released", "reason": "nothing found"}
    batch = {"declarations": [{"client_id": f"{key}-b", "declaration": raw(f"{key}-b")}]}
    return {
        "submit": (
            lambda _: client.post(
                "/v1/declarations", json=raw(key), headers=headers | {"Idempotency-Key": key}
            ),
            None,
        ),
        "batch": (
            lambda _: client.post("/v1/declarations/batch", json=batch, headers=headers),
            None,
        ),
        "read": (
            lambda i: client.get(f"/v1/declarations/{i}", headers=headers),
            dandong.declaration(),
        ),
        "decisions": (
            lambda i: client.get(f"/v1/declarations/{i}/decisions", headers=headers),
            dandong.declaration(),
        ),
        "decide": (
            lambda i: client.post(
                f"/v1/declarations/{i}/decisions", json=decision, headers=headers
            ),
            dandong.declaration(),
        ),
        "amend": (
            lambda i: client.post(f"/v1/decisions/{i}/amendments", json=decision, headers=headers),
            dandong.decision(),
        ),
        "queue": (lambda _: client.get("/v1/crossings/dandong/queue", headers=headers), None),
        "report": (
            lambda _: client.get("/v1/reports/outcomes?crossing=dandong", headers=headers),
            None,
        ),
        "daily": (
            lambda _: client.get("/v1/reports/daily?crossing=dandong", headers=headers),
            None,
        ),
    }


def _status(response: Response) -> int:
    """The answer to the caller; for a batch, the one entry's."""
    if response.status_code == 200 and "results" in response.json():
        return int(response.json()["results"][0]["status"])
    return response.status_code


def _without(ident: int, response: Response) -> Any:
    """The error body with the record's id taken out of the message."""
    error = dict(response.json()["error"])
    error["message"] = re.sub(rf"\b{ident}\b", "ID", error["message"])
    return error


def test_each_caller_may_do_what_the_table_says_and_a_refusal_reveals_nothing(
    api: StoredApi,
) -> None:
    dandong = Dandong(api)
    wrong: list[str] = []
    for caller, (role, crossing) in CALLERS.items():
        headers = api.headers(role, crossing)
        requests = _requests(api, dandong, headers, key=f"{caller}-key")
        for action, expected in zip(ACTIONS, TABLE[caller], strict=True):
            send, ident = requests[action]
            before = counts(api.engine)
            response = send(ident or 0)
            got = _status(response)
            if got != expected:
                wrong.append(f"{caller} {action}: {got}, not {expected}: {response.text[:200]}")
                continue
            if got < 400:
                continue
            if response.status_code >= 400:  # the batch reports a refused entry in a 200
                assert set(response.json()) == {"error"}, response.text
            if action in ("submit", "batch", "decide", "amend"):
                assert counts(api.engine) == before, f"{caller} {action} wrote something"
            if ident is not None:
                absent = send(MISSING)
                assert absent.status_code == got, f"{caller} {action}: {absent.text}"
                assert _without(ident, response) == _without(MISSING, absent), (caller, action)
                assert set(response.headers) == set(absent.headers), (caller, action)
    assert not wrong, "\n".join(wrong)


def test_a_hidden_record_and_a_missing_one_get_the_same_404_on_every_route(
    api: StoredApi,
) -> None:
    dandong = Dandong(api)
    hidden = dandong.decision()  # decision 1, on declaration 1
    stranger = api.headers("supervisor", "hunchun")
    assert hidden == 1
    for path, body in (
        ("/v1/declarations/{}", None),
        ("/v1/declarations/{}/decisions", None),
        ("/v1/declarations/{}/decisions", {"outcome": "seized", "reason": "x"}),
        ("/v1/decisions/{}/amendments", {"outcome": "seized", "reason": "x"}),
    ):
        method = "get" if body is None else "post"
        seen = api.client.request(method, path.format(1), json=body, headers=stranger)
        missing = api.client.request(method, path.format(MISSING), json=body, headers=stranger)
        assert seen.status_code == missing.status_code == 404, (path, seen.text)
        assert _without(1, seen) == _without(MISSING, missing)
        assert seen.json()["error"]["code"] == "not_found"
        assert "dandong" not in seen.text.lower() and "B1" not in seen.text
    assert counts(api.engine) == {"declarations": 1, "items": 2, "screenings": 1, "decisions": 1}
