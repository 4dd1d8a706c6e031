"""Fixtures for the store's declaration and decision tests."""

from __future__ import annotations

import pytest

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.engine.screener import Screener


@pytest.fixture(scope="session")
def code_screener() -> Screener:
    """Goods screened by their declared codes only: quick to build, same verdict every time."""
    return build_screener(ScreeningChoices(classify=False, learned=False, parties=False))
