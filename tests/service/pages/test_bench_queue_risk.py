"""Within one verdict the queue puts the higher profile risk first, and the API and the
bench list the same declarations in the same order, with the profiles that matched."""

from __future__ import annotations

import re

import pytest

from tests.service.conftest import StoredApi
from tests.service.pages.bench_signing import officer_client
from tests.store.declaring import LAPTOP, RICE, raw

HANDBAG = {"id": "3", "description": "leather handbag", "hs": "420221"}
SHIRTS = {"id": "4", "description": "shirts", "hs": "620520", "quantity": 6}
UNKNOWN = {"id": "5", "description": "gift"}  # no code: referred


def test_risk_orders_the_queue_within_a_verdict_on_both_faces(api: StoredApi) -> None:
    ids = {
        name: str(api.submit(raw(name, items=items), name)["id"])
        for name, items in [
            ("plain", [RICE, LAPTOP]),
            ("referred-luxury", [UNKNOWN, HANDBAG, SHIRTS]),
            ("shirts", [LAPTOP, SHIRTS]),
            ("handbag", [LAPTOP, HANDBAG]),
        ]
    }
    officer = api.headers("officer", "dandong")
    listed = api.client.get("/v1/crossings/dandong/queue", headers=officer).json()
    order = [str(d["declaration"]) for d in listed["declarations"]]
    # prohibited before referred whatever the risk; within prohibited, riskier first
    assert order == [ids["handbag"], ids["shirts"], ids["plain"], ids["referred-luxury"]]
    by_id = {str(d["declaration"]): d for d in listed["declarations"]}
    assert by_id[ids["handbag"]]["risk"] == 0.4 and by_id[ids["plain"]]["risk"] == 0.0
    assert by_id[ids["handbag"]]["profiles"] == [
        "BW-worker-luxury-goods (items 3): Luxury goods in a returning worker's baggage [+0.4]"
    ]
    assert by_id[ids["referred-luxury"]]["risk"] == pytest.approx(1 - 0.6 * 0.7)
    page = officer_client(api).get("/bench/queue").text
    assert re.findall(r'href="/bench/declarations/(\d+)"', page) == order
    assert "Commercial quantities in personal baggage" in page
    assert '<td class="risk">40%' in page
    # the first of a short queue is the riskiest of the strictest verdict, not the oldest
    first = api.client.get("/v1/crossings/dandong/queue?limit=1", headers=officer).json()
    assert [str(d["declaration"]) for d in first["declarations"]] == [ids["handbag"]]
