"""Every route of the service, and the one error body, over the real assembly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.store.database import open_database
from tests.service.conftest import analyst_token

BAGGAGE: dict[str, Any] = {
    "id": "B1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "traveller": {"name": "Ri Yong Chol", "category": "returning_worker"},
    "items": [
        {"id": "1", "description": "rice cooker", "hs": "851660"},
        {"id": "2", "description": "laptop", "hs": "847130"},
    ],
}


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    return body["error"]


def test_a_screening_is_the_verdict_the_engine_gives(
    client: TestClient, listed_screener: Screener
) -> None:
    from borderwatch.model import Declaration

    response = client.post("/v1/screenings", json=BAGGAGE)
    assert response.status_code == 200, response.text
    body = response.json()
    expected = listed_screener.screen(Declaration.model_validate(BAGGAGE))
    assert body == json.loads(expected.model_dump_json(by_alias=True))
    assert body["verdict"] == "prohibited"
    assert {b["measure"] for i in body["items"] for b in i["legal_basis"]} >= {
        "UN-2397-OP7-industrial-machinery"
    }


def test_as_of_screens_under_the_measures_of_that_day(client: TestClient) -> None:
    before = client.post("/v1/screenings", params={"as_of": "2017-12-21"}, json=BAGGAGE).json()
    assert before["as_of"] == "2017-12-21"
    assert all(
        b["measure"] != "UN-2397-OP7-industrial-machinery"
        for i in before["items"]
        for b in i["legal_basis"]
    )


def test_the_reader_checks_apply_an_unknown_crossing_is_named(client: TestClient) -> None:
    error = _error(client.post("/v1/screenings", json=BAGGAGE | {"crossing": "atlantis"}), 422)
    (problem,) = error["problems"]
    assert problem["field"] == "crossing" and problem["value"] == "atlantis"
    assert "dandong" in problem["hint"]


def test_an_hs_code_of_no_version_is_refused(client: TestClient) -> None:
    bad = BAGGAGE | {"items": [{"id": "1", "hs": "999999"}]}
    error = _error(client.post("/v1/screenings", json=bad), 422)
    assert [p["field"] for p in error["problems"]] == ["items.0.hs"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        BAGGAGE | {"surprise": 1},
        BAGGAGE | {"date": "2019-13-45"},
        BAGGAGE | {"items": []},
        BAGGAGE | {"items": [{"id": "1", "unit_value": {"amount": "1e999", "currency": "CNY"}}]},
    ],
)
def test_malformed_declarations_get_the_error_body(client: TestClient, body: Any) -> None:
    error = _error(client.post("/v1/screenings", json=body), 422)
    assert error["problems"] and all(p["field"] for p in error["problems"])


def test_malformed_json_gets_the_error_body(client: TestClient) -> None:
    response = client.post(
        "/v1/screenings", content=b"{not json", headers={"content-type": "application/json"}
    )
    _error(response, 422)


def test_a_batch_reports_rejects_beside_verdicts(client: TestClient) -> None:
    bad = BAGGAGE | {"id": "B2", "crossing": "atlantis"}
    body = client.post("/v1/screenings/batch", json={"declarations": [BAGGAGE, bad]}).json()
    assert (body["screened"], body["rejected"]) == (1, 1)
    first, second = body["results"]
    assert first["result"]["verdict"] == "prohibited" and first["problems"] == []
    assert second["result"] is None and second["problems"][0]["field"] == "crossing"


def test_classify_ranks_candidates(client: TestClient) -> None:
    body = client.post("/v1/classify", json={"description": "电饭煲 rice cooker", "top": 3}).json()
    assert len(body["candidates"]) == 3
    assert body["candidates"][0]["hs"] == "851660"


def test_classify_refuses_an_empty_or_oversized_description(client: TestClient) -> None:
    _error(client.post("/v1/classify", json={"description": ""}), 422)
    _error(client.post("/v1/classify", json={"description": "x" * 2001}), 422)


def test_a_flat_and_an_ftm_query_find_the_same_entry(client: TestClient) -> None:
    flat = client.post("/v1/parties/match", json={"name": "Pak Song Chol"}).json()
    entity = client.post(
        "/v1/parties/match",
        json={"schema": "Person", "properties": {"name": ["Pak Song Chol"]}},
    ).json()
    assert flat["results"] and [m["ref"] for m in flat["results"]] == [
        m["ref"] for m in entity["results"]
    ]


def test_a_yente_batch_answers_each_query(client: TestClient) -> None:
    body = client.post(
        "/v1/parties/match",
        json={
            "queries": {
                "a": {"schema": "Person", "properties": {"name": ["Pak Song Chol"]}},
                "b": {"name": "Nobody Atall Here"},
            }
        },
    ).json()
    assert body["responses"]["a"]["results"]
    assert body["responses"]["b"]["results"] == []


def test_a_bad_party_query_is_refused_with_its_field(client: TestClient) -> None:
    error = _error(
        client.post(
            "/v1/parties/match",
            json={"schema": "Person", "properties": {"name": ["X"], "nationality": ["ZZ"]}},
        ),
        422,
    )
    assert error["problems"][0]["field"].endswith("nationality")
    _error(client.post("/v1/parties/match", json={"schema": "Person", "properties": {}}), 422)


def test_without_a_list_party_matching_says_why(goods_screener: Screener, tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'store.sqlite'}")
    headers = {"Authorization": f"Bearer {analyst_token(engine)}"}
    bare = TestClient(create_app(goods_screener, database=engine), raise_server_exceptions=False)
    error = _error(
        bare.post("/v1/parties/match", json={"name": "Pak Song Chol"}, headers=headers), 503
    )
    assert "lists load" in error["message"]


def test_measures_in_force_follow_the_profile(client: TestClient) -> None:
    params = {"crossing": "dandong", "as_of": "2019-03-15", "channel": "baggage"}
    everything = {m["id"] for m in client.get("/v1/measures", params=params).json()}
    un_only = {
        m["id"] for m in client.get("/v1/measures", params=params | {"profile": "un"}).json()
    }
    assert "CN-PORT-DANDONG-no-electronic-items" in everything - un_only
    assert all(i.startswith("UN-") for i in un_only)
    _error(client.get("/v1/measures", params=params | {"profile": "nowhere"}), 422)
    _error(client.get("/v1/measures", params=params | {"crossing": "atlantis"}), 422)


def test_changes_name_the_dandong_practice_of_march_2019(client: TestClient) -> None:
    body = client.get(
        "/v1/measures/changes",
        params={"crossing": "dandong", "from": "2019-02-15", "to": "2019-03-15"},
    ).json()
    changes = {(c["change"], c["measure"]["id"]) for c in body}
    assert ("came_into_force", "CN-PORT-DANDONG-no-electronic-items") in changes
    assert ("ceased", "CN-PORT-DANDONG-two-electronic-items") in changes


def test_a_commodity_page_lists_what_covers_the_code(client: TestClient) -> None:
    body = client.get(
        "/v1/commodities/8471.30", params={"crossing": "dandong", "as_of": "2018-01-10"}
    ).json()
    assert body["code"] == "847130"
    assert "UN-2397-OP7-industrial-machinery" in {m["id"] for m in body["measures"]}
    _error(
        client.get("/v1/commodities/9999", params={"crossing": "dandong", "as_of": "2018-01-10"}),
        422,
    )


def test_unknown_routes_and_methods_get_the_error_body(client: TestClient) -> None:
    _error(client.get("/v1/nothing-here"), 404)
    _error(client.get("/v1/screenings"), 405)


def test_the_openapi_document_describes_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/v1/screenings",
        "/v1/screenings/batch",
        "/v1/classify",
        "/v1/parties/match",
        "/v1/measures",
        "/v1/measures/changes",
        "/v1/commodities/{code}",
    } <= set(paths)


def test_unknown_regimes_are_refused_by_name(client: TestClient) -> None:
    params = {"crossing": "dandong", "as_of": "2019-03-15", "regimes": "UN,XX"}
    error = _error(client.get("/v1/measures", params=params), 422)
    assert error["problems"][0]["field"] == "regimes" and "XX" in error["message"]
    both = {"crossing": "dandong", "as_of": "2019-03-15", "regimes": "UN", "profile": "un"}
    _error(client.get("/v1/measures", params=both), 422)


def test_a_405_names_every_method_the_path_has(client: TestClient) -> None:
    # GET and POST on one path are two routes: the answer names both
    response = client.request("OPTIONS", "/v1/declarations/1/decisions")
    _error(response, 405)
    assert response.headers["allow"] == "GET, POST"
    # "batch" is not a declaration id: GET there is a method the path lacks, not a bad id
    response = client.get("/v1/declarations/batch")
    assert _error(response, 405)["code"] == "method_not_allowed"
    assert response.headers["allow"] == "POST"


def test_a_lone_surrogate_is_refused_in_the_error_body_not_with_a_500(client: TestClient) -> None:
    response = client.post(
        "/v1/screenings",
        content=b'{"id": "B\\ud800", "date": "2019-02-12"}',
        headers={"content-type": "application/json"},
    )
    problem = next(p for p in _error(response, 422)["problems"] if p["field"] == "id")
    assert problem["value"] == "B\\ud800"
