"""Schemathesis over the whole OpenAPI document: whatever a client sends, the service
answers with no 5xx, every response matches its schema, and every error is the one
error body.

One check is left out: "schema-valid data is accepted". The schema cannot say
everything the service checks — that the crossing exists, that an HS code is of
the version in force on the declaration's date, that a declared national line
stands for the code given — so some schema-valid declarations are rightly
refused, with a 422 in the error body naming the field.

Every request carries an admin's API token, so the routes of access (tokens,
the audit chain) are exercised past their 401. So "invalid authentication is
refused" is left out too: schemathesis would replay the request with the same,
valid, token; tests/service/access holds every route to its 401 and 403.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.service.app import create_app
from borderwatch.store.accounts import add_user, find_user
from borderwatch.store.api_tokens import issue_token
from tests.service.conftest import SAMPLE_LIST

APP = create_app(lambda: build_screener(ScreeningChoices(learned=False, lists=(str(SAMPLE_LIST),))))
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)


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
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert body["error"]["status"] == response.status_code
