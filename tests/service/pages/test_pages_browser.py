"""The main pages in a real browser, all over one served store: axe-core's accessibility
rules (the copy axe-playwright-python ships, nothing fetched), the screenshots the README
shows, and a traveller's check with the keyboard alone. One server and one browser for
the package (:mod:`tests.service.pages.served_site`), so the suite stays quick.

Skipped on a workstation without chromium; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.service.pages.served_site import KOREAN_ITEMS, Served, check_dandong, sign_in_page

SCREENSHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"
pytestmark = pytest.mark.browser

#: the impacts axe reports that fail the test ("minor" and "moderate" are left to review)
FAILING_IMPACTS = {"serious", "critical"}


#: the bench's rule-base page across the February → March 2019 change at Dandong
DANDONG_CHANGE = "crossing=dandong&date=2019-02-20&from=2019-02-20&to=2019-03-20"


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
        check_dandong(page, served.base)
        found += _violations(page, axe)
        page.goto(f"{served.base}/bench/sign-in")
        found += _violations(page, axe)
        sign_in_page(page, served.base)
        found += _violations(page, axe)
        page.goto(f"{served.base}/bench/declarations/{served.seized}")
        page.wait_for_selector("ol.history")
        found += _violations(page, axe)
        page.goto(f"{served.base}/bench/rules?{DANDONG_CHANGE}")
        page.wait_for_selector("#changes")
        found += _violations(page, axe)
        page.goto(f"{served.base}/bench/rules?crossing=dandong&date=2019-02-12&hs=8471.30")
        found += _violations(page, axe)
        page.context.clear_cookies()
        sign_in_page(page, served.base, "pak.sv")
        page.goto(f"{served.base}/bench/audit")
        page.wait_for_selector("table")
        found += _violations(page, axe)
        # the check itself must be able to fail: an unlabelled field is a critical violation
        page.set_content('<html lang="en"><title>t</title><main><input></main></html>')
        unlabelled = _violations(page, axe)
    finally:
        page.close()
    assert found == [], "\n".join(found)
    assert any(" label (critical)" in v for v in unlabelled), unlabelled


#: (name, width, height): the README's sizes, a desk's screen and a 10-inch tablet upright
SIZES = [("1280x800", 1280, 800), ("800x1280", 800, 1280)]


def _screenshots(page: Page, name: str) -> list[Path]:
    shots = []
    for size, width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        shot = SCREENSHOTS / f"pages-{name}-{size}.png"
        page.screenshot(path=str(shot), full_page=True)
        shots.append(shot)
    return shots


def test_screenshots_of_the_main_pages_for_the_readme(served: Served, browser: Browser) -> None:
    """The pages docs/screenshots/ holds (copied from build/screenshots/ by hand): a
    traveller's Korean items at Dandong in March 2019, Dandong's queue, and a declaration
    with a prohibited laptop and its seizure in the history."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        check_dandong(page, served.base)
        shots = _screenshots(page, "check-dandong-ko")
        refused = page.locator("tr.outcome-refused").count()
        sign_in_page(page, served.base)
        shots += _screenshots(page, "bench-queue")
        queued = page.locator("tr.queued").count()
        page.goto(f"{served.base}/bench/declarations/{served.seized}")
        shots += _screenshots(page, "bench-declaration")
        history = page.text_content("ol.history")
        group = page.text_content("#group")
    finally:
        page.close()
    assert refused >= 1
    assert queued == 4
    assert group is not None and "2 other bags, 1 with the same goods" in group
    assert history is not None and "two laptops under the rice sack" in history
    for shot in shots:
        assert shot.read_bytes()[:4] == b"\x89PNG" and shot.stat().st_size > 10_000


def _tab_to(page: Page, selector: str, most: int = 40) -> list[str]:
    """Press Tab until the element ``selector`` has the focus; the tags passed on the way."""
    passed = []
    for _ in range(most):
        page.keyboard.press("Tab")
        passed.append(page.evaluate("() => document.activeElement.tagName.toLowerCase()"))
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return passed
    raise AssertionError(f"Tab never reached {selector}; it passed {passed}")


def test_a_traveller_checks_items_with_the_keyboard_alone(served: Served, browser: Browser) -> None:
    """Tab to the date and type it, Tab to the items and type them, Tab to the button, Enter:
    the answer comes without a pointer, with the focus visible on the way."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{served.base}/check/dandong?lang=ko")
        _tab_to(page, "input[name=date]")
        page.keyboard.type("03202019")  # chromium's date field, month/day/year, en-US
        day = page.input_value("input[name=date]")
        _tab_to(page, "textarea[name=items]")
        page.keyboard.type("\n".join(KOREAN_ITEMS))
        passed = _tab_to(page, "button[type=submit]")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        page.keyboard.press("Enter")
        page.wait_for_selector("#result")
        written = page.eval_on_selector_all(
            "td.line", "cells => cells.map(c => c.firstChild.textContent)"
        )
        refused = page.locator("tr.outcome-refused").count()
    finally:
        page.close()
    assert day == "2019-03-20"
    assert passed == ["button"]  # nothing between the items and the button to trip over
    assert outline != "none", "the focused button shows no outline"
    assert written == KOREAN_ITEMS
    assert refused == 2
