"""The public check page over the real assembly with the classifier, and a store of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.store.database import open_database


@pytest.fixture(scope="module")
def public(goods_screener: Screener, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The service with no caller signed in, as a traveller reaches it."""
    folder: Path = tmp_path_factory.mktemp("public")
    engine = open_database(f"sqlite:///{folder / 'store.sqlite'}")
    return TestClient(create_app(goods_screener, database=engine), raise_server_exceptions=False)


def outcomes(html: str) -> list[str]:
    """The outcome of each item row, in order (pass, refused, inspect or uncertain)."""
    return re.findall(r'<tr class="item outcome-(\w+)">', html)


def rows(html: str) -> list[str]:
    """The HTML of each item row, in order."""
    return re.findall(r'<tr class="item outcome-\w+">(.*?)</tr>', html, flags=re.S)
