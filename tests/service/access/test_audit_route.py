"""GET /v1/audit/verify: the chain's state as `borderwatch audit verify` finds it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from borderwatch.store.audit import audit_log, verify
from tests.service.access.conftest import add, bearer, error_of, sign_in, token_for


def test_an_intact_chain_reports_its_head_and_a_tampered_one_its_first_break(
    store: Engine, client: TestClient
) -> None:
    add(store, "yun.analyst", "analyst")
    add(store, "ri.yc", "officer", "dandong")
    _, token = token_for(store, "yun.analyst", None)
    sign_in(client, "ri.yc")  # appends session.sign_in
    state = client.get("/v1/audit/verify", headers=bearer(token))
    assert state.status_code == 200, state.text
    check = verify(store)
    assert state.json() == {
        "intact": True,
        "count": check.count,
        "head_seq": check.head_seq,
        "head_hash": check.head_hash,
        "first_break": None,
    }
    anchor = f"{check.head_seq}:{check.head_hash}"
    noted = client.get("/v1/audit/verify", params={"anchor": anchor}, headers=bearer(token))
    assert noted.json()["intact"] is True
    wrong = f"{check.head_seq}:{'0' * 64}"
    rewritten = client.get("/v1/audit/verify", params={"anchor": wrong}, headers=bearer(token))
    assert rewritten.json()["first_break"]["seq"] == check.head_seq
    malformed = client.get("/v1/audit/verify", params={"anchor": "12"}, headers=bearer(token))
    assert error_of(malformed, 422)["problems"][0]["field"] == "anchor.0"

    with store.begin() as conn:  # someone edits record 2 by hand
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="cli:nobody"))
    broken = client.get("/v1/audit/verify", headers=bearer(token)).json()
    assert broken["intact"] is False and broken["first_break"]["seq"] == 2
    assert "does not match its hash" in broken["first_break"]["problem"]
    assert broken["count"] == 1
