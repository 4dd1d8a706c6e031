"""API tokens over HTTP: issued once, listed without the secret, revoked at once, audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from borderwatch.store.api_tokens import api_tokens, token_digest
from tests.service.access.conftest import add, audited, bearer, error_of, token_for


def test_an_admin_issues_a_token_that_works_once_shown_and_is_kept_hashed(
    store: Engine, client: TestClient
) -> None:
    add(store, "kim", "admin")
    add(store, "ri.yc", "officer", "dandong")
    _, admin = token_for(store, "kim", None)
    body = {"username": "Ri.YC", "crossing": "dandong", "label": "inspection tablet 3"}
    response = client.post("/v1/tokens", json=body, headers=bearer(admin))
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    issued = response.json()
    assert {k: issued[k] for k in ("username", "role", "crossing", "label")} == {
        "username": "ri.yc",
        "role": "officer",
        "crossing": "dandong",
        "label": "inspection tablet 3",
    }
    token = issued["token"]
    assert token.startswith("bw_")
    with store.connect() as conn:
        kept = conn.execute(
            select(api_tokens.c.token_hash).where(api_tokens.c.id == issued["id"])
        ).scalar_one()
    assert kept == token_digest(token)
    who = client.get("/v1/session", headers=bearer(token)).json()
    assert (who["username"], who["crossing"], who["via"]) == ("ri.yc", "dandong", "token")

    listed = client.get("/v1/tokens", headers=bearer(admin))
    assert listed.status_code == 200
    assert token not in listed.text and admin not in listed.text
    assert all("token" not in t and "token_hash" not in t for t in listed.json())
    assert [t["username"] for t in listed.json()] == ["kim", "ri.yc"]
    only = client.get("/v1/tokens", params={"username": "ri.yc"}, headers=bearer(admin)).json()
    assert [t["id"] for t in only] == [issued["id"]]
    assert only[0]["created_at"].endswith("Z") and only[0]["revoked_at"] is None

    (record,) = audited(store)
    assert (record.actor, record.action, record.subject) == (
        "api:kim",
        "token.issue",
        f"token:{issued['id']}",
    )
    assert token not in str(record)


def test_a_revoked_token_is_refused_from_the_next_request(
    store: Engine, client: TestClient
) -> None:
    add(store, "kim", "admin")
    add(store, "ri.yc", "officer", "dandong")
    _, admin = token_for(store, "kim", None)
    token_id, token = token_for(store, "ri.yc", "dandong")
    assert client.get("/v1/session", headers=bearer(token)).status_code == 200
    revoked = client.delete(f"/v1/tokens/{token_id}", headers=bearer(admin))
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_at"] is not None
    error_of(client.get("/v1/session", headers=bearer(token)), 401)
    again = client.delete(f"/v1/tokens/{token_id}", headers=bearer(admin))
    assert again.json() == revoked.json()  # nothing changes, nothing more is written
    assert [(r.actor, r.action, r.subject) for r in audited(store)] == [
        ("api:kim", "token.revoke", f"token:{token_id}")
    ]


def test_issuing_is_refused_with_the_reason(store: Engine, client: TestClient) -> None:
    add(store, "kim", "admin")
    add(store, "ri.yc", "officer", "dandong")
    _, admin = token_for(store, "kim", None)
    headers = bearer(admin)

    def issue(**body: object) -> dict[str, object]:
        return client.post("/v1/tokens", json={"label": "x", **body}, headers=headers).json()

    # an officer's token is for their own crossing only
    assert "dandong only" in str(issue(username="ri.yc", crossing="hunchun"))
    assert "dandong only" in str(issue(username="ri.yc"))
    assert "unknown crossing" in str(issue(username="kim", crossing="atlantis"))
    assert issue(username="nobody")["error"]["status"] == 404  # type: ignore[index]
    bad = client.post(
        "/v1/tokens", json={"username": "kim", "label": "tab\x00let"}, headers=headers
    )
    assert error_of(bad, 422)["problems"][0]["field"] == "label"
    error_of(client.delete("/v1/tokens/999999", headers=headers), 404)
    error_of(client.delete("/v1/tokens/99999999999", headers=headers), 422)
    assert audited(store) == []
