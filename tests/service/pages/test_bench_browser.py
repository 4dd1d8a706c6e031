"""The officers' pages in a real browser: Debian's chromium, driven by Playwright, against
the service served by uvicorn. An officer signs in, opens the queue and a declaration whose
descriptions are hostile, and records a seizure with the keyboard alone (Tab, typing,
Enter); no script may run. Screenshots of the queue and the declaration at desktop and
tablet widths go to build/screenshots/ (gitignored), beside the public check's.

Skipped on a workstation without chromium; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.store.accounts import add_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.database import open_database
from tests.service.conftest import PASSWORD
from tests.service.pages.served_site import watched_page
from tests.service.serving import in_thread
from tests.store.declaring import LAPTOP, RICE, raw

SCREENSHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Served:
    base: str
    declaration: int


@pytest.fixture(scope="module")
def served(code_screener: Screener, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The application on a free loopback port, with an officer of Dandong and one declaration
    with hostile descriptions submitted through the API."""
    folder = tmp_path_factory.mktemp("bench-browser")
    engine = open_database(f"sqlite:///{folder / 's.sqlite'}")
    with engine.begin() as conn:
        add_user(conn, "ri.yc", PASSWORD, role="officer", crossing="dandong", actor="cli:test")
        token = issue_token(conn, "ri.yc", crossing="dandong", label="t", actor="cli:test").token
    app = create_app(code_screener, database=engine)
    with in_thread(app) as base:
        items = [RICE | {"description": HOSTILE[1]}, LAPTOP | {"description": HOSTILE[0]}]
        submitted = httpx.post(
            f"{base}/v1/declarations",
            json=raw("BUS-7", items=items),
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "BUS-7"},
        )
        assert submitted.status_code == 201, submitted.text
        yield Served(base, submitted.json()["id"])


def _tab_to(page: Page, selector: str, most: int = 60) -> None:
    """Press Tab until the element ``selector`` has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _screenshots(page: Page, name: str) -> list[Path]:
    shots = []
    for width, height in ((1280, 800), (800, 1280)):
        page.set_viewport_size({"width": width, "height": height})
        shot = SCREENSHOTS / f"bench-{name}-{width}x{height}.png"
        page.screenshot(path=str(shot), full_page=True)
        shots.append(shot)
    page.set_viewport_size({"width": 1280, "height": 800})
    return shots


def test_an_officer_records_a_seizure_with_the_keyboard_alone(
    served: Served, browser: Browser
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with watched_page(browser, 1280, 800) as watched:
        page = watched.page
        page.goto(f"{served.base}/bench/sign-in")
        # the username field has the focus when the page opens (autofocus; on a busy
        # machine it lands a moment after the load event, so wait for it, not type early)
        expect(page.locator('input[name="username"]')).to_be_focused()
        page.keyboard.type("ri.yc")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url("**/bench/queue")
        queued = page.locator("tr.queued").count()
        shots = _screenshots(page, "queue")

        _tab_to(page, f'a[href="/bench/declarations/{served.declaration}"]')
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/bench/declarations/{served.declaration}")
        descriptions = page.locator("span.description").all_text_contents()
        images = page.locator("main img").count()
        shots += _screenshots(page, "declaration")

        _tab_to(page, "#item-2 select[name=outcome]")
        page.keyboard.type("seized")  # a focused select picks the option typed
        page.keyboard.press("Tab")
        page.keyboard.type("a laptop in the rice sack")
        page.keyboard.press("Tab")
        page.keyboard.type("UN 2397 OP7")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**#history")
        history = page.text_content("ol.history")
        masthead = page.eval_on_selector(".masthead", "e => getComputedStyle(e).backgroundColor")
    dialogs, blocked = watched.dialogs, watched.errors
    assert dialogs == [], f"a script in a description ran: {dialogs}"
    assert images == 0  # the hostile <img> is text, not an element
    assert queued == 1
    assert descriptions == HOSTILE[::-1]
    assert history is not None
    assert "seized" in history and "ri.yc" in history and "UN 2397 OP7" in history
    assert masthead == "rgb(18, 53, 91)", "the stylesheet did not load under the CSP"
    assert not [m for m in blocked if "Content Security Policy" in m], blocked
    for shot in shots:
        assert shot.read_bytes()[:4] == b"\x89PNG" and shot.stat().st_size > 10_000
