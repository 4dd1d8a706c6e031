"""Schemathesis over the whole OpenAPI document: whatever a client sends, the service
answers with no 5xx, every response matches its schema, and every error is the one
error body.

One check is left out: "schema-valid data is accepted". The schema cannot say
everything the service checks — that the crossing exists, that an HS code is of
the version in force on the declaration's date, that a declared national line
stands for the code given — so some schema-valid declarations are rightly
refused, with a 422 in the error body naming the field.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.service.app import create_app
from tests.service.conftest import SAMPLE_LIST

APP = create_app(lambda: build_screener(ScreeningChoices(learned=False, lists=(str(SAMPLE_LIST),))))
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)


@SCHEMA.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_contract(case: Any) -> None:
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert body["error"]["status"] == response.status_code
