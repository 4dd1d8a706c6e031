"""Bad input to the routes that store: refused in the error body, and nothing stored
half-way. Text that looks like SQL or HTML is data: stored and returned as sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from borderwatch.service.limits import MAX_REQUEST_BYTES
from borderwatch.store.audit import audit_log, verify
from borderwatch.store.declaration_rows import declaration_items
from tests.service.conftest import StoredApi
from tests.service.test_api import _error
from tests.store.declaring import counts, raw

SQL = "'; DROP TABLE declarations; --"
SQL_TOO = "Robert'); DELETE FROM decisions WHERE ('1'='1"
HTML = "<script>alert(document.cookie)</script>"
HTML_TOO = '"><img src=x onerror="alert(1)">'
#: every one of these in every free-text field; the client id is visible ASCII without spaces
NASTY = (SQL, SQL_TOO, HTML, HTML_TOO, "%s %d {0} ${x} \\ \" ' ` ; --", "表 ' OR 1=1 --")
CLIENT_IDS = ("';DROP-TABLE-declarations;--", "<script>alert(1)</script>")


def _everything(engine: Any) -> dict[str, int]:
    """Rows the store holds, the audit log included."""
    with engine.connect() as conn:
        logged = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    return counts(engine) | {"audit": logged}


@pytest.fixture
def unchanged(api: StoredApi) -> Iterator[None]:
    """The test's requests are all refused: the store holds afterwards what it held before."""
    api.token("officer")  # the user and token are written before the snapshot
    before = _everything(api.engine)
    yield
    assert _everything(api.engine) == before


def _post(api: StoredApi, body: Any, key: str = "K1", **headers: str) -> Any:
    return api.client.post(
        "/v1/declarations", json=body, headers=api.headers("officer", key=key) | headers
    )


@pytest.mark.usefixtures("unchanged")
def test_an_oversized_body_is_refused_with_413_before_it_is_read(api: StoredApi) -> None:
    big = raw(items=[{"id": "1", "description": "x" * MAX_REQUEST_BYTES, "hs": "100630"}])
    error = _error(_post(api, big), 413)
    assert error["code"] == "request_too_large" and f"{MAX_REQUEST_BYTES:,}" in error["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"declarations": [' + b" " * (64 * 1024)
        for _ in range(MAX_REQUEST_BYTES // (64 * 1024) + 1):
            yield b" " * (64 * 1024)

    response = api.client.post(
        "/v1/declarations/batch",
        content=chunks(),
        headers=api.headers("officer") | {"content-type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    _error(response, 413)
    # just under the limit is read, and refused for what it is
    near = json.dumps(raw(id="x" * (MAX_REQUEST_BYTES - 1000))).encode()
    response = api.client.post(
        "/v1/declarations",
        content=near,
        headers=api.headers("officer", key="K1") | {"content-type": "application/json"},
    )
    _error(response, 422)


#: bodies refused, with the field named in the refusal (None: the store's own check)
BAD: list[tuple[bytes, str | None]] = [
    (b"{not json", None),
    (b'{"id": "B1", ', None),
    (json.dumps(raw(surprise=1)).encode(), "surprise"),
    (
        json.dumps(raw(items=[{"id": "1", "hs": "100630", "colour": "red"}])).encode(),
        "items.0.colour",
    ),
    (json.dumps(raw(items=[{"id": "1", "hs": "999999"}])).encode(), "items.0.hs"),
    (json.dumps(raw(items=[{"id": "1", "hs": "8471.3"}])).encode(), "items.0.hs"),
    (json.dumps(raw(date="2019-02-30")).encode(), "date"),
    (json.dumps(raw(date="12/02/2019")).encode(), "date"),
    (json.dumps(raw(date=20190212)).encode(), "date"),
    (json.dumps(raw(country="XX")).encode(), "country"),
    (json.dumps(raw(items=[])).encode(), "items"),
    (b'{"id": "B\\ud800", "date": "2019-02-12"}', "id"),  # a lone surrogate
    (
        json.dumps(raw(items=[{"id": "1", "hs": "100630"}, {"id": "1", "hs": "100630"}])).encode(),
        None,
    ),
    (
        json.dumps(raw(items=[{"id": "1", "description": "rice\x00", "hs": "100630"}])).encode(),
        None,
    ),
]


@pytest.mark.usefixtures("unchanged")
def test_a_bad_declaration_is_refused_with_its_field_alone_and_in_a_batch(
    api: StoredApi,
) -> None:
    headers = api.headers("officer", key="K1") | {"content-type": "application/json"}
    for body, field in BAD:
        response = api.client.post("/v1/declarations", content=body, headers=headers)
        error = _error(response, 422)
        if field is not None:
            assert field in [p["field"] for p in error["problems"]], (body[:80], error)
        try:
            declaration = json.loads(body)
        except ValueError:
            continue
        batch = {"declarations": [{"client_id": "K1", "declaration": declaration}]}
        response = api.client.post(
            "/v1/declarations/batch", content=json.dumps(batch).encode(), headers=headers
        )
        if response.status_code == 200:  # refused by the reader: reported for the entry
            (entry,) = response.json()["results"]
            assert entry["status"] == 422 and entry["declaration"] is None, entry
        else:  # refused by the schema: the whole batch
            _error(response, 422)


def test_a_bad_decision_is_refused_and_nothing_recorded(api: StoredApi) -> None:
    stored = api.submit(raw(), "K1")
    before = _everything(api.engine)
    at = f"/v1/declarations/{stored['id']}/decisions"
    headers = api.headers("officer")
    for body in (
        {"outcome": "vaporised", "reason": "x"},
        {"outcome": "seized"},
        {"outcome": "seized", "reason": ""},
        {"outcome": "seized", "reason": "   "},
        {"outcome": "seized", "reason": "x" * 2001},
        {"outcome": "seized", "reason": "x", "found": "y" * 4001},
        {"outcome": "seized", "reason": "nul \x00 inside"},
        {"outcome": "seized", "reason": "x", "item": "no such item"},
        {"outcome": "seized", "reason": "x", "officer": "someone else"},
        {"outcome": "seized", "reason": "x", "role": "supervisor"},
    ):
        _error(api.client.post(at, json=body, headers=headers), 422)
    assert _everything(api.engine) == before


def test_sql_and_html_in_every_free_text_field_are_stored_and_returned_as_sent(
    api: StoredApi,
) -> None:
    for n, (text, client_id) in enumerate(zip(NASTY, CLIENT_IDS * 3, strict=False)):
        declaration = raw(
            f"{text} #{n}",
            traveller={
                "name": text,
                "category": "returning_worker",
                "employer": text,
                "id_number": text,
                "birth_date": text,
            },
            consignor={"name": text, "schema": "Organization"},
            consignee={"name": text, "id_number": text},
            exemptions=[{"id": "UN-1718-committee-exemption", "reference": text}],
            items=[
                {"id": text, "description": text, "hs": "100630", "unit": text},
                {"id": "2", "description": f"{text} laptop", "hs": "847130"},
            ],
        )
        key = f"{client_id}{n}"
        stored = api.submit(declaration, key)
        assert stored["client_id"] == key
        record = api.client.get(
            f"/v1/declarations/{stored['id']}", headers=api.headers("analyst", None)
        )
        assert record.headers["content-type"] == "application/json"
        sent = json.loads(json.dumps(declaration))
        returned = record.json()["declaration"]
        for path in (
            ("id",),
            ("traveller", "name"),
            ("traveller", "employer"),
            ("traveller", "id_number"),
            ("traveller", "birth_date"),
            ("consignor", "name"),
            ("consignee", "name"),
            ("consignee", "id_number"),
            ("exemptions", 0, "reference"),
            ("items", 0, "id"),
            ("items", 0, "description"),
            ("items", 0, "unit"),
            ("items", 1, "description"),
        ):
            want, got = sent, returned
            for step in path:
                want, got = want[step], got[step]
            assert got == want, (path, got, want)
        with api.engine.connect() as conn:
            rows = conn.execute(
                select(declaration_items.c.item_id, declaration_items.c.description)
                .where(declaration_items.c.declaration_id == stored["id"])
                .order_by(declaration_items.c.position)
            ).all()
        assert [tuple(r) for r in rows] == [(text, text), ("2", f"{text} laptop")]

        decided = api.client.post(
            f"/v1/declarations/{stored['id']}/decisions",
            json={"outcome": "seized", "item": text, "found": text, "reason": text},
            headers=api.headers("officer"),
        )
        assert decided.status_code == 201, decided.text
        listed = api.client.get(
            f"/v1/declarations/{stored['id']}/decisions", headers=api.headers("officer")
        ).json()
        assert {k: listed["items"][text][k] for k in ("item", "found", "reason")} == {
            "item": text,
            "found": text,
            "reason": text,
        }
    with api.engine.connect() as conn:
        assert {"declarations", "decisions", "declaration_items"} <= set(
            inspect(conn).get_table_names()
        )
    assert counts(api.engine) == {
        "declarations": len(NASTY),
        "items": 2 * len(NASTY),
        "screenings": len(NASTY),
        "decisions": len(NASTY),
    }
    assert verify(api.engine).first_break is None
