"""One served store and one browser for the browser tests of the pages: the application
on a loopback port with an officer and a supervisor of Dandong and a queue submitted
through the API, and Debian's chromium driven by Playwright. The fixtures ``served`` and
``browser`` (in this package's conftest) give each once for the whole package.

Skipped on a workstation without chromium; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.store.accounts import add_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.database import open_database
from tests.browsing import chromium
from tests.service.conftest import PASSWORD
from tests.service.serving import in_thread
from tests.store.declaring import LAPTOP, RICE, raw

__all__ = [
    "KOREAN_ITEMS",
    "Served",
    "Watched",
    "check_dandong",
    "launched_chromium",
    "post",
    "serve_dandong_queue",
    "sign_in_page",
    "watched_page",
]

KOREAN_ITEMS = ["전기밥솥 1개", "노트북 두 대", "쌀 10kg"]


@dataclass(frozen=True)
class Served:
    base: str
    #: the store's URL, for fixtures that add to it
    database: str
    #: a returning worker's baggage at Dandong: rice, and a laptop seized
    seized: int


def post(base: str, path: str, token: str, body: dict[str, Any], key: str) -> Any:
    response = httpx.post(
        f"{base}{path}",
        json=body,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )
    assert response.status_code == 201, response.text
    return response.json()


def _on_the_bus(ident: str, **changes: Any) -> dict[str, Any]:
    """A worker of one managing company on one bus home from Dandong."""
    worker = {
        "name": f"Worker {ident}",
        "category": "returning_worker",
        "employer": "Sinhung Trading Co.",
    }
    bus = {"kind": "bus", "id": "辽F-37412"}
    return raw(ident, traveller=worker, conveyance=bus, **changes)


@contextmanager
def serve_dandong_queue(screener: Screener, folder: Path) -> Iterator[Served]:
    """The application on a free loopback port, with an officer of Dandong and a queue of
    four declarations there submitted through the API (three bags of one bus, one with a
    seizure recorded, and a freight train); its store in ``folder``."""
    database = f"sqlite:///{folder / 's.sqlite'}"
    engine = open_database(database)
    with engine.begin() as conn:
        add_user(conn, "ri.yc", PASSWORD, role="officer", crossing="dandong", actor="cli:test")
        add_user(conn, "pak.sv", PASSWORD, role="supervisor", crossing="dandong", actor="cli:test")
        token = issue_token(conn, "ri.yc", crossing="dandong", label="t", actor="cli:test").token
    app = create_app(screener, database=engine)
    with in_thread(app) as base:
        handbags = {"id": "3", "description": "leather handbags", "hs": "420221", "quantity": 4}
        carried = _on_the_bus("BUS-7", items=[RICE, LAPTOP, handbags])
        seized = post(base, "/v1/declarations", token, carried, "BUS-7")["id"]
        appliances = [
            {"id": "1", "description": "rice cooker", "hs": "851660"},
            {"id": "2", "description": "electric kettle", "hs": "851671"},
        ]
        post(base, "/v1/declarations", token, _on_the_bus("BUS-8", items=appliances), "BUS-8")
        luxury = _on_the_bus("BUS-9", items=[LAPTOP, handbags])
        post(base, "/v1/declarations", token, luxury, "BUS-9")
        cargo = raw("TRK-31", channel="cargo", traveller=None, items=[RICE])
        post(base, "/v1/declarations", token, cargo, "TRK-31")
        decision = {
            "outcome": "seized",
            "item": LAPTOP["id"],
            "found": "two laptops under the rice sack",
            "reason": "UN 2397 OP7: industrial machinery may not be exported to the DPRK",
        }
        post(base, f"/v1/declarations/{seized}/decisions", token, decision, "BUS-7-seized")
        yield Served(base, database, seized)


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """Debian's chromium, launched through Playwright; one at a time in a process (Playwright's
    synchronous API runs one driver per thread)."""
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def sign_in_page(page: Page, base: str, username: str = "ri.yc") -> None:
    page.goto(f"{base}/bench/sign-in")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/bench/queue")


def check_dandong(page: Page, base: str) -> None:
    """The check at Dandong in March 2019, answered for a traveller's Korean items."""
    page.goto(f"{base}/check/dandong?lang=ko")
    page.fill("input[name=date]", "2019-03-20")
    page.select_option("select[name=direction]", "export")
    page.fill("textarea[name=items]", "\n".join(KOREAN_ITEMS))
    page.click("button[type=submit]")
    page.wait_for_selector("#result")


@dataclass
class Watched:
    """A page with what it did that it should not: dialogs a script opened (each
    dismissed) and errors on the console (a blocked stylesheet or script says so)."""

    page: Page
    dialogs: list[str]
    errors: list[str]


@contextmanager
def watched_page(browser: Browser, width: int, height: int) -> Iterator[Watched]:
    """A new page of ``width`` × ``height`` that records its dialogs and console errors,
    closed afterwards."""
    page = browser.new_page(viewport={"width": width, "height": height})
    watched = Watched(page, [], [])

    def on_dialog(dialog: Dialog) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    try:
        yield watched
    finally:
        page.close()
