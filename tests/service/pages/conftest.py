"""The public check page over the real assembly with the classifier, and a store of its own;
one served Dandong queue and one browser for the package's browser tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.store.database import open_database
from tests.service.pages.served_site import Served, launched_chromium, serve_dandong_queue


@pytest.fixture(scope="module")
def public(goods_screener: Screener, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The service with no caller signed in, as a traveller reaches it."""
    folder: Path = tmp_path_factory.mktemp("public")
    engine = open_database(f"sqlite:///{folder / 'store.sqlite'}")
    return TestClient(create_app(goods_screener, database=engine), raise_server_exceptions=False)


@pytest.fixture(scope="package")
def served(goods_screener: Screener, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The Dandong queue served once for the package (a fixture imported into each test
    module would be built again for each). Tests add to it only at other crossings."""
    with serve_dandong_queue(goods_screener, tmp_path_factory.mktemp("pages-browser")) as site:
        yield site


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One chromium for every browser test of the package; each test opens its own page or
    context. A test here takes this one rather than starting Playwright itself: a second
    synchronous Playwright in the process fails while this one runs."""
    with launched_chromium() as launched:
        yield launched


def outcomes(html: str) -> list[str]:
    """The outcome of each item row, in order (pass, refused, inspect or uncertain)."""
    return re.findall(r'<tr class="item outcome-(\w+)">', html)


def rows(html: str) -> list[str]:
    """The HTML of each item row, in order."""
    return re.findall(r'<tr class="item outcome-\w+">(.*?)</tr>', html, flags=re.S)
