"""The daily report: per crossing and declaration date, what arrived, what screening said
and what officers finally decided, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.service.conftest import StoredApi
from tests.service.test_api import _error
from tests.service.test_stored_api import CARGO_TO_RUSSIA
from tests.store.declaring import raw


def _decide(api: StoredApi, declaration: dict[str, Any], body: dict[str, str]) -> int:
    response = api.client.post(
        f"/v1/declarations/{declaration['id']}/decisions",
        json=body,
        headers=api.headers("officer", declaration["crossing"]),
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _stored(api: StoredApi) -> dict[str, dict[str, Any]]:
    """Three declarations at Dandong on 12 February 2019, one on 5 March, one at Hunchun;
    two decided, one of them amended."""
    stored = {
        "bag": api.submit(raw("B1"), "K1"),
        "bag2": api.submit(raw("B2"), "K2"),
        "cargo": api.submit(CARGO_TO_RUSSIA, "K3"),
        "march": api.submit(raw("B3", date="2019-03-05"), "K4"),
        "hunchun": api.submit(raw("H1", crossing="hunchun"), "K5"),
    }
    _decide(api, stored["bag"], {"outcome": "seized", "reason": "UN 2397 OP7"})
    released = _decide(
        api, stored["bag2"], {"outcome": "released", "item": "2", "reason": "a calculator"}
    )
    amended = api.client.post(
        f"/v1/decisions/{released}/amendments",
        json={"outcome": "seized", "found": "a laptop after all", "reason": "UN 2397 OP7"},
        headers=api.headers("supervisor"),
    )
    assert amended.status_code == 201, amended.text
    return stored


def test_a_day_counts_verdicts_stops_and_the_current_decisions(api: StoredApi) -> None:
    stored = _stored(api)
    response = api.client.get("/v1/reports/daily", headers=api.headers("analyst", None))
    assert response.status_code == 200, response.text
    days = response.json()["days"]
    assert [(d["crossing"], d["date"]) for d in days] == [
        ("dandong", "2019-02-12"),
        ("dandong", "2019-03-05"),
        ("hunchun", "2019-02-12"),
    ]
    february = days[0]
    verdicts = [stored[k]["result"]["verdict"] for k in ("bag", "bag2", "cargo")]
    assert verdicts == ["prohibited", "prohibited", "clear"]
    assert february["declarations"] == 3
    assert february["verdicts"] == {"prohibited": 2, "clear": 1}
    assert february["stopped"] == 2
    assert february["decided"] == 2
    # the release was amended to a seizure: only the amendment counts
    assert february["outcomes"] == {"seized": 2}
    march = days[1]
    assert (march["declarations"], march["decided"], march["outcomes"]) == (1, 0, {})


def test_the_report_keeps_to_the_dates_and_crossings_asked_and_seen(api: StoredApi) -> None:
    _stored(api)
    analyst = api.headers("analyst", None)
    since = api.client.get("/v1/reports/daily", params={"from": "2019-03-01"}, headers=analyst)
    assert [(d["crossing"], d["date"]) for d in since.json()["days"]] == [("dandong", "2019-03-05")]
    until = {"to": "2019-02-28", "crossing": "hunchun"}
    only = api.client.get("/v1/reports/daily", params=until, headers=analyst).json()["days"]
    assert [(d["crossing"], d["declarations"]) for d in only] == [("hunchun", 1)]

    supervisor = api.headers("supervisor")
    own = api.client.get("/v1/reports/daily", headers=supervisor).json()["days"]
    assert {d["crossing"] for d in own} == {"dandong"} and len(own) == 2
    refused = api.client.get(
        "/v1/reports/daily", params={"crossing": "hunchun"}, headers=supervisor
    )
    assert _error(refused, 403)["code"] == "forbidden"
    _error(api.client.get("/v1/reports/daily", headers=api.headers("officer")), 403)
    swapped = {"from": "2019-03-01", "to": "2019-02-01"}
    _error(api.client.get("/v1/reports/daily", params=swapped, headers=analyst), 422)
    _error(api.client.get("/v1/reports/daily", params={"from": "2019-02-30"}, headers=analyst), 422)
    _error(api.client.get("/v1/reports/daily"), 401)
