"""The HTML report in a real browser: Debian's chromium driven by Playwright.

Skipped on a workstation without chromium; in CI (CI=true) a missing browser
fails the test instead, so the check cannot silently disappear.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright  # a dev dependency: never skipped for want of it

from borderwatch.analytics.report import Report, write_report
from tests.browsing import chromium

pytestmark = pytest.mark.browser


def test_the_report_opens_in_chromium_with_every_chart_drawn(
    report: Report, tmp_path: Path
) -> None:
    executable = chromium()
    page_path = write_report(report, tmp_path / "report")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            sizes = page.eval_on_selector_all(
                "img.chart",
                "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.naturalHeight])",
            )
            heading = page.text_content("h1")
            findings = page.locator(".finding").count()
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert heading == "Displacement and baggage report"
    assert len(sizes) == 5
    assert all(done and width > 300 and height > 150 for done, width, height in sizes)
    assert findings >= 1
    assert shot.read_bytes()[:4] == b"\x89PNG" and shot.stat().st_size > 50_000
    keep = os.environ.get("BORDERWATCH_TEST_ARTIFACTS")
    if keep:  # CI can upload the screenshot for a human to look at
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report-in-chromium.png")
