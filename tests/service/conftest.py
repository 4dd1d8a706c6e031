"""The service under test: the real application over a real assembly, called in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app

SAMPLE_LIST = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"


@pytest.fixture(scope="session")
def listed_screener() -> Screener:
    """Every regime, the classifier, and parties matched on the sample UN list."""
    return build_screener(ScreeningChoices(learned=False, lists=(str(SAMPLE_LIST),)))


@pytest.fixture(scope="session")
def client(listed_screener: Screener) -> TestClient:
    return TestClient(create_app(listed_screener), raise_server_exceptions=False)
