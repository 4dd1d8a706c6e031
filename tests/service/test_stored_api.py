"""The routes over the store, on SQLite and PostgreSQL: submissions once per client id,
decisions and amendments, the inspection queue and the outcome report."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from borderwatch.engine.screener import Screener
from borderwatch.model import Declaration
from borderwatch.store.api_tokens import list_tokens, revoke_token
from borderwatch.store.audit import audit_log, verify
from tests.service.conftest import StoredApi
from tests.service.test_api import _error
from tests.store.declaring import counts, raw

CARGO_TO_RUSSIA = raw(
    "R1", channel="cargo", country="RU", traveller=None, items=[raw()["items"][0]]
)


def _audited(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log.c.actor, audit_log.c.action).order_by(audit_log.c.seq))
        return [(r.actor, r.action) for r in rows if not r.action.startswith(("user.", "token."))]


def test_a_declaration_is_stored_once_per_idempotency_key(
    api: StoredApi, code_screener: Screener
) -> None:
    headers = api.headers("officer", "dandong", key="DD-2019-000212")
    first = api.client.post("/v1/declarations", json=raw(), headers=headers)
    assert first.status_code == 201, first.text
    stored = first.json()
    assert first.headers["location"] == f"/v1/declarations/{stored['id']}"
    assert (stored["client_id"], stored["crossing"], stored["submitted_by"]) == (
        "DD-2019-000212",
        "dandong",
        "officer.dandong",
    )
    expected = code_screener.screen(Declaration.model_validate(raw()))
    assert stored["result"]["verdict"] == expected.verdict == "prohibited"

    again = api.client.post("/v1/declarations", json=raw(), headers=headers)
    assert again.status_code == 200 and again.json() == stored
    assert counts(api.engine) == {"declarations": 1, "items": 2, "screenings": 1, "decisions": 0}
    assert _audited(api.engine) == [("api:officer.dandong", "declaration.submitted")]

    changed = raw(items=[raw()["items"][0]])
    error = _error(api.client.post("/v1/declarations", json=changed, headers=headers), 409)
    assert "DD-2019-000212" in error["message"] and "new client id" in error["message"]
    assert counts(api.engine)["declarations"] == 1

    # the same key at another crossing is another declaration
    hunchun = api.submit(raw(crossing="hunchun"), "DD-2019-000212")
    assert hunchun["id"] != stored["id"]

    record = api.client.get(first.headers["location"], headers=headers).json()
    assert {k: record[k] for k in stored} == stored
    assert record["declaration"]["traveller"]["name"] == "Ri Yong Chol"
    assert record["decisions"] == {
        "declaration": stored["id"],
        "whole": None,
        "items": {},
        "history": [],
    }
    assert verify(api.engine).first_break is None


def test_a_missing_or_unusable_idempotency_key_is_refused_and_nothing_stored(
    api: StoredApi,
) -> None:
    auth = api.headers("officer")
    for key in (None, "", "two words", "x" * 201, "ключ".encode()):
        headers: dict[str, Any] = auth if key is None else auth | {"Idempotency-Key": key}
        error = _error(api.client.post("/v1/declarations", json=raw(), headers=headers), 422)
        assert error["problems"][0]["field"] == "header.Idempotency-Key", error
    assert counts(api.engine)["declarations"] == 0


def test_a_batch_stores_each_entry_on_its_own_and_reports_each_reject(api: StoredApi) -> None:
    api.submit(raw("B0"), "K0")
    entries = [
        {"client_id": "K1", "declaration": raw("B1")},
        {"client_id": "K2", "declaration": raw("B2", items=[{"id": "1", "hs": "999999"}])},
        {"client_id": "K3", "declaration": raw("B3", crossing="hunchun")},
        {"client_id": "K0", "declaration": raw("B0")},
        {"client_id": "K0", "declaration": raw("B0-changed")},
        {"client_id": "K4", "declaration": CARGO_TO_RUSSIA},
    ]
    response = api.client.post(
        "/v1/declarations/batch", json={"declarations": entries}, headers=api.headers("officer")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["stored"], body["already_stored"], body["rejected"]) == (2, 1, 3)
    results = body["results"]
    assert [r["client_id"] for r in results] == ["K1", "K2", "K3", "K0", "K0", "K4"]
    assert [r["status"] for r in results] == [201, 422, 403, 200, 409, 201]
    assert results[1]["error"]["problems"][0]["field"] == "items.0.hs"
    assert "hunchun" in results[2]["error"]["message"] and results[2]["declaration"] is None
    assert results[3]["declaration"]["declaration"]["id"] == "B0"
    assert results[5]["declaration"]["result"]["verdict"] == "clear"
    assert counts(api.engine)["declarations"] == 3

    too_many = [{"client_id": f"M{n}", "declaration": raw(f"M{n}")} for n in range(501)]
    error = _error(
        api.client.post(
            "/v1/declarations/batch",
            json={"declarations": too_many},
            headers=api.headers("officer"),
        ),
        422,
    )
    assert error["problems"][0]["field"] == "declarations"
    assert counts(api.engine)["declarations"] == 3


def test_decisions_are_recorded_once_amended_by_a_supervisor_and_listed(
    api: StoredApi,
) -> None:
    stored = api.submit(raw(), "K1")
    at = f"/v1/declarations/{stored['id']}/decisions"
    officer, supervisor = api.headers("officer"), api.headers("supervisor")
    decision = {"outcome": "seized", "item": "2", "found": "a laptop", "reason": "UN 2397 OP7"}

    first = api.client.post(at, json=decision, headers=officer)
    assert first.status_code == 201, first.text
    recorded = first.json()
    assert (recorded["officer"], recorded["role"], recorded["screening"]) == (
        "officer.dandong",
        "officer",
        stored["screening"],
    )
    error = _error(api.client.post(at, json=decision, headers=supervisor), 409)
    assert f"decision {recorded['id']}" in error["message"]
    _error(api.client.post(at, json=decision | {"item": "7"}, headers=officer), 422)

    amend_at = f"/v1/decisions/{recorded['id']}/amendments"
    amendment = {"outcome": "inspected_released", "reason": "a calculator, not a laptop"}
    _error(api.client.post(amend_at, json=amendment, headers=officer), 403)
    amended = api.client.post(amend_at, json=amendment, headers=supervisor)
    assert amended.status_code == 201, amended.text
    assert amended.json()["amends"] == recorded["id"]
    error = _error(api.client.post(amend_at, json=amendment, headers=supervisor), 409)
    assert f"is {amended.json()['id']}" in error["message"]

    listed = api.client.get(at, headers=api.headers("analyst", None)).json()
    assert listed["whole"] is None
    assert listed["items"] == {"2": amended.json()}
    assert [d["id"] for d in listed["history"]] == [recorded["id"], amended.json()["id"]]
    record = api.client.get(f"/v1/declarations/{stored['id']}", headers=officer).json()
    assert record["decisions"] == listed
    assert _audited(api.engine)[1:] == [
        ("api:officer.dandong", "decision.recorded"),
        ("api:supervisor.dandong", "decision.amended"),
    ]
    assert counts(api.engine)["decisions"] == 2


def test_the_queue_holds_what_screening_stops_until_it_is_decided(api: StoredApi) -> None:
    bag = api.submit(raw(), "K1")
    api.submit(CARGO_TO_RUSSIA, "K2")  # clear: never queued
    later = api.submit(raw("B2"), "K3")
    officer = api.headers("officer")
    queue = api.client.get("/v1/crossings/dandong/queue", headers=officer)
    assert queue.status_code == 200, queue.text
    listed = queue.json()
    assert listed["crossing"] == "dandong"
    assert [q["declaration"] for q in listed["declarations"]] == [bag["id"], later["id"]]
    assert listed["declarations"][0]["verdict"] == "prohibited"
    limited = api.client.get("/v1/crossings/dandong/queue?limit=1", headers=officer).json()
    assert len(limited["declarations"]) == 1

    whole = {"outcome": "refused", "reason": "exit refused: prohibited goods"}
    api.client.post(f"/v1/declarations/{bag['id']}/decisions", json=whole, headers=officer)
    queue = api.client.get("/v1/crossings/Dandong/queue", headers=officer).json()
    assert [q["declaration"] for q in queue["declarations"]] == [later["id"]]
    error = _error(api.client.get("/v1/crossings/atlantis/queue", headers=officer), 404)
    assert "dandong" in error["message"]


def test_the_outcome_report_pages_by_whole_declarations(api: StoredApi) -> None:
    stored = [api.submit(raw(f"B{n}"), f"K{n}") for n in range(3)]
    hunchun = api.submit(raw("H1", crossing="hunchun"), "K9")
    decision = {"outcome": "seized", "reason": "UN 2397 OP7"}
    for declaration in [*stored, hunchun]:
        crossing = declaration["crossing"]
        response = api.client.post(
            f"/v1/declarations/{declaration['id']}/decisions",
            json=decision,
            headers=api.headers("officer", crossing),
        )
        assert response.status_code == 201, response.text

    analyst = api.headers("analyst", None)
    pages, after = [], None
    while True:
        params: dict[str, Any] = {"limit": 1} | ({"after": after} if after is not None else {})
        page = api.client.get("/v1/reports/outcomes", params=params, headers=analyst).json()
        pages.append([(o["declaration"], o["item"]) for o in page["outcomes"]])
        after = page["next_after"]
        if after is None:
            break
    ids = [d["id"] for d in [*stored, hunchun]]
    assert pages == [[(i, "1"), (i, "2")] for i in ids]  # a page never splits a declaration
    first = api.client.get("/v1/reports/outcomes", headers=analyst).json()["outcomes"][0]
    verdicts = stored[0]["result"]
    assert (first["verdict"], first["declaration_verdict"], first["outcome"]) == (
        verdicts["items"][0]["verdict"],
        verdicts["verdict"],
        "seized",
    )
    assert first["decided_on"] == "declaration" and first["amended"] is False

    own = api.client.get("/v1/reports/outcomes", headers=api.headers("supervisor")).json()
    assert {o["crossing"] for o in own["outcomes"]} == {"dandong"} and len(own["outcomes"]) == 6
    only = api.client.get(
        "/v1/reports/outcomes", params={"crossing": "hunchun"}, headers=analyst
    ).json()
    assert [o["declaration"] for o in only["outcomes"]] == [hunchun["id"]] * 2
    error = _error(
        api.client.get("/v1/reports/outcomes", params={"crossing": "atlantis"}, headers=analyst),
        422,
    )
    assert error["problems"][0]["field"] == "crossing"


def test_every_stored_route_wants_a_valid_token(api: StoredApi) -> None:
    stored = api.submit(raw(), "K1")
    routes = [
        ("post", "/v1/declarations", raw("B2")),
        ("post", "/v1/declarations/batch", {"declarations": []}),
        ("get", f"/v1/declarations/{stored['id']}", None),
        ("get", f"/v1/declarations/{stored['id']}/decisions", None),
        ("post", f"/v1/declarations/{stored['id']}/decisions", {"outcome": "seized"}),
        ("post", "/v1/decisions/1/amendments", {"outcome": "seized"}),
        ("get", "/v1/crossings/dandong/queue", None),
        ("get", "/v1/reports/outcomes", None),
    ]
    revoked = api.token("supervisor")
    with api.engine.begin() as conn:
        (token,) = list_tokens(conn, "supervisor.dandong")
        revoke_token(conn, token.id, actor="cli:test")
    for headers in (
        {},
        {"Authorization": "Bearer bw_not-a-token"},
        {"Authorization": f"Basic {revoked}"},
        {"Authorization": f"Bearer {revoked}"},
    ):
        for method, path, body in routes:
            response = api.client.request(method, path, json=body, headers=headers)
            assert _error(response, 401)["code"] == "unauthenticated", (method, path)
    assert counts(api.engine)["declarations"] == 1
