"""yente's matching API: a body an OpenSanctions screening client sends gets yente's answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.service.app import create_app
from borderwatch.store.database import open_database
from tests.service.conftest import analyst_token

NESTED = Path(__file__).resolve().parents[1] / "data" / "parties" / "ftm-nested-sample.json"


@pytest.fixture(scope="module")
def nested_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The service screening parties on the nested FtM sample, called by an analyst."""
    screener = build_screener(ScreeningChoices(learned=False, lists=(str(NESTED),)))
    folder = tmp_path_factory.mktemp("yente")
    engine = open_database(f"sqlite:///{folder / 'store.sqlite'}")
    headers = {"Authorization": f"Bearer {analyst_token(engine)}"}
    return TestClient(create_app(screener, database=engine), raise_server_exceptions=False,
                      headers=headers)  # fmt: skip


def _match(client: TestClient, query: dict[str, Any], **params: Any) -> dict[str, Any]:
    response = client.post("/v1/match/default", json={"queries": {"q1": query}}, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


#: (query as a yente client sends it, expected top result, match at the default threshold, why)
GOLDEN = [
    ({"schema": "Person", "properties": {"name": ["Choe Chun Yong"], "nationality": ["kp"]}},
     "bw-nested-kpi-054", True, "the listed name and nationality"),
    ({"schema": "Person", "properties": {"name": "Ch'oe Ch'un-yong"}},
     "bw-nested-kpi-054", True, "a romanised alias, the property as one string"),
    ({"schema": "Person", "properties": {"name": ["Pak Min Ho"], "passportNumber": ["654410078"]}},
     "bw-nested-kpi-054", True, "another name on the listed passport"),
    ({"schema": "Company", "properties": {"name": ["Korea Yujong Shipping Company"]}},
     "bw-nested-kpe-066", True, "a company with its form spelt out"),
    ({"schema": "Company", "properties": {"name": ["Anything Trading"],
                                          "registrationNumber": ["IMO 5434358"]}},
     "bw-nested-kpe-066", True, "the listed registration number alone"),
    ({"schema": "Person", "properties": {"name": ["Choe Chun Yong"], "nationality": ["cn"]}},
     "bw-nested-kpi-054", False, "a namesake of another nationality: shown, not a match"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "top", "is_match", "why"), GOLDEN)
def test_a_yente_client_body_gets_the_expected_top_result(
    nested_client: TestClient, query: dict[str, Any], top: str, is_match: bool, why: str
) -> None:
    answer = _match(nested_client, query)["responses"]["q1"]
    assert answer["results"], why
    best = answer["results"][0]
    assert (best["id"], best["match"]) == (top, is_match), (why, best["score"])


def test_a_result_has_yentes_fields_and_todays_beside_them(nested_client: TestClient) -> None:
    query = {"schema": "Person", "properties": {"name": ["Choe Chun Yong"]}}
    body = _match(nested_client, query, threshold=0.8)
    assert set(body) == {"responses", "matcher", "limit"}
    answer = body["responses"]["q1"]
    assert answer["status"] == 200
    assert answer["total"] == {"value": len(answer["results"]), "relation": "eq"}
    assert answer["query"] == query
    best = answer["results"][0]
    assert best["caption"] == "CHOE CHUN YONG"
    assert best["schema"] == "Person" and best["target"] is True
    assert best["datasets"] == ["un_sc_sanctions"]
    assert best["properties"]["passportNumber"] == ["654410078"]
    assert best["properties"]["program"] == ["DPRK"]
    assert set(best["features"]) == {"name", "birth_date", "nationality", "document", "schema"}
    assert best["features"]["name"] == pytest.approx(best["score"], abs=0.011)
    # today's fields, as /v1/parties/match gives them
    assert best["ref"] == best["id"] and best["explanation"] and best["list_snapshot"]
    assert set(body["matcher"]) >= set(best["features"])


def test_threshold_decides_match_not_which_results(nested_client: TestClient) -> None:
    query = {"schema": "Person", "properties": {"name": ["Choe Chun Yong"]}}
    strict = _match(nested_client, query, threshold=0.99)["responses"]["q1"]["results"]
    assert strict and not any(r["match"] for r in strict)


def test_a_listed_document_is_a_match_at_the_threshold(nested_client: TestClient) -> None:
    query = {
        "schema": "Person",
        "properties": {"name": ["Pak Min Ho"], "idNumber": ["KP-654410078"]},
    }
    best = _match(nested_client, query)["responses"]["q1"]["results"][0]
    assert best["score"] == 0.80 and best["match"] is True
    assert best["features"]["document_listed"] > 0


def test_an_unknown_dataset_is_named_with_those_loaded(nested_client: TestClient) -> None:
    query = {"schema": "Person", "properties": {"name": ["Choe Chun Yong"]}}
    response = nested_client.post("/v1/match/us_ofac_sdn", json={"queries": {"q1": query}})
    assert response.status_code == 404
    assert "un_sc_sanctions" in response.json()["error"]["message"]
    by_name = _match(nested_client, query)
    assert (
        nested_client.post("/v1/match/un_sc_sanctions", json={"queries": {"q1": query}}).json()[
            "responses"
        ]
        == by_name["responses"]
    )


def test_a_query_without_a_name_is_refused_with_its_field(nested_client: TestClient) -> None:
    response = nested_client.post(
        "/v1/match/default", json={"queries": {"q1": {"schema": "Person", "properties": {}}}}
    )
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["field"] == "queries.q1.properties.name"


def test_the_party_endpoint_gives_match_features_and_datasets_beside_its_fields(
    nested_client: TestClient,
) -> None:
    query = {"schema": "Person", "properties": {"name": ["Choe Chun Yong"]}}
    body = nested_client.post("/v1/parties/match", json={"queries": {"q1": query}}).json()
    best = body["responses"]["q1"]["results"][0]
    assert (best["ref"], best["match"], best["datasets"]) == (
        "bw-nested-kpi-054",
        True,
        ["un_sc_sanctions"],
    )
    assert best["features"]["name"] > 0.8 and best["explanation"]
