"""Schemathesis over the whole OpenAPI document: whatever a client sends, the service
answers with no 5xx, every response matches its schema, and every error is the one
error body.

The routes over the store run in a test of their own, with the real token of a
supervisor of Dandong in a fresh store holding declarations and decisions, so
requests get past authentication to the records; schemathesis also sends them
without the token, and checks that they are refused (401).

The document is read from the application object, not requested from it:
requesting it would start the application while the tests are collected, before
the session fixture moves the data folder, and open the user's own store. The
store here is a temporary one, made when the tests run.

One check is left out: "schema-valid data is accepted". The schema cannot say
everything the service checks — that the crossing exists, that an HS code is of
the version in force on the declaration's date, that a declared national line
stands for the code given, that a token may act at a crossing — so some
schema-valid requests are rightly refused, in the error body naming why.

Every request to the other routes carries an admin's API token, so the routes of
access (tokens, the audit chain) are exercised past their 401. So "invalid
authentication is refused" is left out there: schemathesis would replay the
request with the same, valid, token; tests/service/access holds every route to
its 401 and 403.
"""

from __future__ import annotations

import functools
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.service.app import create_app
from borderwatch.store.accounts import add_user, find_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.database import connect, open_database
from tests.conftest import _postgres_database
from tests.service.conftest import PASSWORD, SAMPLE_LIST
from tests.store.declaring import raw

#: removed when the interpreter exits; nothing is written to it until the tests run
_FOLDER = tempfile.TemporaryDirectory(prefix="borderwatch-fuzz-")
STORE_URL = f"sqlite:///{Path(_FOLDER.name) / 'store.sqlite'}"

APP = create_app(
    lambda: build_screener(ScreeningChoices(learned=False, lists=(str(SAMPLE_LIST),))),
    database=connect(STORE_URL),  # an engine connects on first use: migrated by the fixture
)
STORED_APP = create_app(
    lambda: build_screener(ScreeningChoices(classify=False, learned=False, parties=False)),
    database=connect(STORE_URL),
)
#: the routes that need a token: submissions, decisions, queues and reports
STORED = r"^/v1/(declarations|decisions|crossings|reports)"


def _schema(app: FastAPI) -> Any:
    schema = schemathesis.openapi.from_dict(app.openapi())
    schema.app = app
    return schema


SCHEMA = _schema(APP).exclude(path_regex=STORED)
STORED_SCHEMA = _schema(STORED_APP).include(path_regex=STORED)


@functools.cache
def _supervisor() -> str:
    """The store migrated and the Authorization header of a supervisor of Dandong, made on
    first use: schemathesis asks for it as it collects the tests (explicit examples)."""
    engine = open_database(STORE_URL)
    with engine.begin() as conn:
        add_user(conn, "sup.dandong", PASSWORD, role="supervisor", crossing="dandong", actor="t")
        issued = issue_token(conn, "sup.dandong", crossing="dandong", label="fuzz", actor="t")
    engine.dispose()
    return f"Bearer {issued.token}"


@STORED_SCHEMA.auth()
class SupervisorToken:
    """The supervisor's token, given as authentication: requests schemathesis makes without
    it on purpose (to check that they are refused) stay without it."""

    def get(self, case: Any, context: Any) -> str:
        return _supervisor()

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": data}


def _add_records(app: FastAPI, headers: dict[str, str]) -> None:
    """The supervisor's two declarations and two decisions, through the API."""
    with TestClient(app) as client:
        stored = [
            client.post("/v1/declarations", json=raw(n), headers=headers | {"Idempotency-Key": n})
            for n in ("B1", "B2")
        ]
        assert [r.status_code for r in stored] == [201, 201], stored[0].text
        decided = client.post(
            f"/v1/declarations/{stored[0].json()['id']}/decisions",
            json={"outcome": "seized", "item": "2", "reason": "UN 2397 OP7"},
            headers=headers,
        )
        amended = client.post(
            f"/v1/decisions/{decided.json()['id']}/amendments",
            json={"outcome": "released", "reason": "a calculator"},
            headers=headers,
        )
        assert amended.status_code == 201, amended.text


@pytest.fixture(scope="module", autouse=True)
def _store() -> Iterator[None]:
    """The supervisor's records in the SQLite store."""
    _add_records(STORED_APP, {"Authorization": _supervisor()})
    yield


def _answers_in_the_error_body(response: Any) -> None:
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert body["error"]["status"] == response.status_code


@pytest.fixture
def admin() -> dict[str, str]:
    """A fresh token of an admin of the service's store (the test session's data folder)."""
    engine = APP.state.borderwatch.database()
    with engine.begin() as conn:
        if find_user(conn, "fuzz.admin") is None:
            add_user(conn, "fuzz.admin", "fuzzing all day long", role="admin", actor="cli:test")
        issued = issue_token(conn, "fuzz.admin", crossing=None, label="fuzz", actor="cli:test")
    return {"Authorization": f"Bearer {issued.token}"}


@SCHEMA.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_contract(case: Any, admin: dict[str, str]) -> None:
    # in place of whatever credentials were generated for the security schemes
    case.headers = {**(case.headers or {}), **admin}
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance, ignored_auth])
    _answers_in_the_error_body(response)


@STORED_SCHEMA.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_stored_routes_keep_their_contract_for_a_signed_in_caller(case: Any) -> None:
    _answers_in_the_error_body(case.call_and_validate(excluded_checks=[positive_data_acceptance]))


#: the supervisor's Authorization header in the PostgreSQL store of the test below
_POSTGRES_CALLER: dict[str, str] = {}


@pytest.fixture(scope="module")
def stored_schema_on_postgres() -> Iterator[Any]:
    """The stored routes over a new PostgreSQL database holding the same records."""
    for url in _postgres_database():
        engine = open_database(url)
        with engine.begin() as conn:
            add_user(
                conn, "sup.dandong", PASSWORD, role="supervisor", crossing="dandong", actor="t"
            )
            issued = issue_token(conn, "sup.dandong", crossing="dandong", label="fuzz", actor="t")
        app = create_app(
            lambda: build_screener(ScreeningChoices(classify=False, learned=False, parties=False)),
            database=engine,
        )
        _POSTGRES_CALLER["Authorization"] = f"Bearer {issued.token}"
        _add_records(app, dict(_POSTGRES_CALLER))
        yield _schema(app).include(path_regex=STORED)
        engine.dispose()


@pytest.mark.postgres
def test_the_stored_routes_keep_their_contract_on_postgresql(
    stored_schema_on_postgres: Any,
) -> None:
    """The same over PostgreSQL, whose errors differ from SQLite's (an aborted transaction,
    a value too long for its column, a serialisation failure): none may become a 5xx.
    Every request carries the token (refusals without one are checked over SQLite).
    Each operation is driven by hypothesis here, not by ``schemathesis.pytest``: its
    fixture loader does not run under pytest 9."""
    operations = [result.ok() for result in stored_schema_on_postgres.get_all_operations()]
    assert len(operations) >= 8, [op.label for op in operations]
    answered: Counter[int] = Counter()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def keeps_its_contract(case: Any) -> None:
            case.headers = {**(case.headers or {}), **_POSTGRES_CALLER}
            excluded = [positive_data_acceptance, ignored_auth]
            response = case.call_and_validate(excluded_checks=excluded)
            answered[response.status_code] += 1
            _answers_in_the_error_body(response)

        keeps_its_contract()
    # past authentication to the records, and refusing what it must
    assert answered[200] and answered[201] and answered[404] and answered[422], answered
