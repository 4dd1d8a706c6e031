"""The public check in a real browser: Debian's chromium, driven by Playwright, against
the service served by uvicorn. A traveller fills the form in Korean, one line is hostile;
no script may run, the stylesheet must load under the page's Content-Security-Policy.
Screenshots at desktop and tablet widths go to build/screenshots/ (gitignored).

Skipped on a workstation without chromium; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.store.database import open_database
from tests.service.pages.served_site import watched_page
from tests.service.serving import in_thread

SCREENSHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(goods_screener: Screener, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The application on a free loopback port, in a thread of this process."""
    folder = tmp_path_factory.mktemp("browser")
    app = create_app(goods_screener, database=open_database(f"sqlite:///{folder / 's.sqlite'}"))
    with in_thread(app) as base:
        assert httpx.get(f"{base}/check").status_code == 200
        yield base


LINES = [
    "전기밥솥 1개",
    "노트북 두 대",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
]


def test_a_korean_traveller_checks_march_items_and_no_script_runs(
    served: str, browser: Browser
) -> None:
    with watched_page(browser, 1280, 900) as watched:
        page = watched.page
        page.goto(f"{served}/check/dandong?lang=ko")
        page.fill("input[name=date]", "2019-03-20")
        page.select_option("select[name=direction]", "export")
        page.fill("textarea[name=items]", "\n".join(LINES))
        page.click("button[type=submit]")
        page.wait_for_selector("#result")
        language = page.get_attribute("html", "lang")
        outcomes = page.eval_on_selector_all(
            "tr.item", "rows => rows.map(r => r.className.replace('item outcome-', ''))"
        )
        written = page.eval_on_selector_all(
            "td.line", "cells => cells.map(c => c.firstChild.textContent)"
        )
        images = page.locator("main img").count()
        refused = page.text_content("tr.item td.outcome")
        changes = page.locator("li.notice").count()
        masthead = page.eval_on_selector(".masthead", "e => getComputedStyle(e).backgroundColor")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        desktop = SCREENSHOTS / "check-dandong-ko-1280.png"
        page.screenshot(path=str(desktop), full_page=True)
        page.set_viewport_size({"width": 800, "height": 1280})
        tablet = SCREENSHOTS / "check-dandong-ko-800x1280.png"
        page.screenshot(path=str(tablet), full_page=True)
    dialogs, blocked = watched.dialogs, watched.errors
    assert dialogs == [], f"a script the traveller typed ran: {dialogs}"
    assert images == 0  # the hostile <img> is text, not an element
    assert language == "ko"
    assert outcomes == ["refused", "refused", "uncertain", "uncertain"]
    assert written == LINES
    assert refused == "통과 불가"
    assert changes == 2  # the March 2019 change at Dandong, listed below the answer
    assert masthead == "rgb(18, 53, 91)", "the stylesheet did not load under the CSP"
    assert not [m for m in blocked if "Content Security Policy" in m], blocked
    for shot in (desktop, tablet):
        assert shot.read_bytes()[:4] == b"\x89PNG" and shot.stat().st_size > 20_000
