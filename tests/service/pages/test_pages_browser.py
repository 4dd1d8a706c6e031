"""The main pages in a real browser, all over one served store: axe-core's accessibility
rules (the copy axe-playwright-python ships, nothing fetched), and the screenshots the
README shows. Debian's chromium, driven by Playwright; one server and one browser for
the module, so the suite stays quick.

Skipped on a workstation without chromium; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.store.accounts import add_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.database import open_database
from tests.browsing import chromium
from tests.service.conftest import PASSWORD
from tests.service.serving import free_port
from tests.store.declaring import LAPTOP, RICE, raw

pytestmark = pytest.mark.browser

#: the impacts axe reports that fail the test ("minor" and "moderate" are left to review)
FAILING_IMPACTS = {"serious", "critical"}
KOREAN_ITEMS = ["전기밥솥 1개", "노트북 두 대", "쌀 10kg"]


@dataclass(frozen=True)
class Served:
    base: str
    #: a returning worker's baggage at Dandong: rice, and a laptop seized
    seized: int


def _post(base: str, path: str, token: str, body: dict[str, Any], key: str) -> Any:
    response = httpx.post(
        f"{base}{path}",
        json=body,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture(scope="module")
def served(goods_screener: Screener, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The application on a free loopback port, with an officer of Dandong and a queue of
    three declarations there submitted through the API, one with a seizure recorded."""
    folder = tmp_path_factory.mktemp("pages-browser")
    engine = open_database(f"sqlite:///{folder / 's.sqlite'}")
    with engine.begin() as conn:
        add_user(conn, "ri.yc", PASSWORD, role="officer", crossing="dandong", actor="cli:test")
        token = issue_token(conn, "ri.yc", crossing="dandong", label="t", actor="cli:test").token
    app = create_app(goods_screener, database=engine)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    seized = _post(base, "/v1/declarations", token, raw("BUS-7"), "BUS-7")["id"]
    appliances = [
        {"id": "1", "description": "rice cooker", "hs": "851660"},
        {"id": "2", "description": "electric kettle", "hs": "851671"},
    ]
    _post(base, "/v1/declarations", token, raw("BUS-8", items=appliances), "BUS-8")
    cargo = raw("TRK-31", channel="cargo", traveller=None, items=[RICE])
    _post(base, "/v1/declarations", token, cargo, "TRK-31")
    decision = {
        "outcome": "seized",
        "item": LAPTOP["id"],
        "found": "two laptops under the rice sack",
        "reason": "UN 2397 OP7: industrial machinery may not be exported to the DPRK",
    }
    _post(base, f"/v1/declarations/{seized}/decisions", token, decision, "BUS-7-seized")
    yield Served(base, seized)
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/bench/sign-in")
    page.fill("input[name=username]", "ri.yc")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/bench/queue")


def _check_dandong(page: Page, base: str) -> None:
    """The check at Dandong in March 2019, answered for a traveller's Korean items."""
    page.goto(f"{base}/check/dandong?lang=ko")
    page.fill("input[name=date]", "2019-03-20")
    page.select_option("select[name=direction]", "export")
    page.fill("textarea[name=items]", "\n".join(KOREAN_ITEMS))
    page.click("button[type=submit]")
    page.wait_for_selector("#result")


def _violations(page: Page, axe: Axe) -> list[str]:
    """axe's serious and critical violations on the open page, one line per element."""
    results = axe.run(page)
    found = []
    for rule in results.response["violations"]:
        if rule["impact"] not in FAILING_IMPACTS:
            continue
        for node in rule["nodes"]:
            found.append(
                f"{page.url}: {rule['id']} ({rule['impact']}) at {node['target']}: {rule['help']}"
            )
    return found


def test_the_main_pages_have_no_serious_accessibility_violations(
    served: Served, browser: Browser
) -> None:
    axe = Axe()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    found: list[str] = []
    try:
        page.goto(f"{served.base}/check")
        found += _violations(page, axe)
        _check_dandong(page, served.base)
        found += _violations(page, axe)
        page.goto(f"{served.base}/bench/sign-in")
        found += _violations(page, axe)
        _sign_in(page, served.base)
        found += _violations(page, axe)
        page.goto(f"{served.base}/bench/declarations/{served.seized}")
        page.wait_for_selector("ol.history")
        found += _violations(page, axe)
        # the check itself must be able to fail: an unlabelled field is a critical violation
        page.set_content('<html lang="en"><title>t</title><main><input></main></html>')
        unlabelled = _violations(page, axe)
    finally:
        page.close()
    assert found == [], "\n".join(found)
    assert any(" label (critical)" in v for v in unlabelled), unlabelled
