"""The main pages in a real browser, all over one served store: axe-core's accessibility
rules (the copy axe-playwright-python ships, nothing fetched), and the screenshots the
README shows, and hostile text sent through the API and the forms, which every page must
show as text and never run. Debian's chromium, driven by Playwright; one server and one browser for
the module, so the suite stays quick.

Skipped on a workstation without chromium; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Dialog, Page, Response, sync_playwright

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.service.pages.check import MAX_LINE_CHARS
from borderwatch.store.accounts import add_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.database import open_database
from tests.browsing import chromium
from tests.service.conftest import PASSWORD
from tests.service.serving import in_thread
from tests.store.declaring import LAPTOP, RICE, raw

SCREENSHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"
pytestmark = pytest.mark.browser

#: the impacts axe reports that fail the test ("minor" and "moderate" are left to review)
FAILING_IMPACTS = {"serious", "critical"}
KOREAN_ITEMS = ["전기밥솥 1개", "노트북 두 대", "쌀 10kg"]


@dataclass(frozen=True)
class Served:
    base: str
    #: the store's URL, for fixtures that add to it
    database: str
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


def _on_the_bus(ident: str, **changes: Any) -> dict[str, Any]:
    """A worker of one managing company on one bus home from Dandong."""
    worker = {
        "name": f"Worker {ident}",
        "category": "returning_worker",
        "employer": "Sinhung Trading Co.",
    }
    bus = {"kind": "bus", "id": "辽F-37412"}
    return raw(ident, traveller=worker, conveyance=bus, **changes)


@pytest.fixture(scope="module")
def served(goods_screener: Screener, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The application on a free loopback port, with an officer of Dandong and a queue of
    four declarations there submitted through the API (three bags of one bus, one with a
    seizure recorded, and a freight train)."""
    folder = tmp_path_factory.mktemp("pages-browser")
    database = f"sqlite:///{folder / 's.sqlite'}"
    engine = open_database(database)
    with engine.begin() as conn:
        add_user(conn, "ri.yc", PASSWORD, role="officer", crossing="dandong", actor="cli:test")
        add_user(conn, "pak.sv", PASSWORD, role="supervisor", crossing="dandong", actor="cli:test")
        token = issue_token(conn, "ri.yc", crossing="dandong", label="t", actor="cli:test").token
    app = create_app(goods_screener, database=engine)
    with in_thread(app) as base:
        handbags = {"id": "3", "description": "leather handbags", "hs": "420221", "quantity": 4}
        carried = _on_the_bus("BUS-7", items=[RICE, LAPTOP, handbags])
        seized = _post(base, "/v1/declarations", token, carried, "BUS-7")["id"]
        appliances = [
            {"id": "1", "description": "rice cooker", "hs": "851660"},
            {"id": "2", "description": "electric kettle", "hs": "851671"},
        ]
        _post(base, "/v1/declarations", token, _on_the_bus("BUS-8", items=appliances), "BUS-8")
        luxury = _on_the_bus("BUS-9", items=[LAPTOP, handbags])
        _post(base, "/v1/declarations", token, luxury, "BUS-9")
        cargo = raw("TRK-31", channel="cargo", traveller=None, items=[RICE])
        _post(base, "/v1/declarations", token, cargo, "TRK-31")
        decision = {
            "outcome": "seized",
            "item": LAPTOP["id"],
            "found": "two laptops under the rice sack",
            "reason": "UN 2397 OP7: industrial machinery may not be exported to the DPRK",
        }
        _post(base, f"/v1/declarations/{seized}/decisions", token, decision, "BUS-7-seized")
        yield Served(base, database, seized)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def _sign_in(page: Page, base: str, username: str = "ri.yc") -> None:
    page.goto(f"{base}/bench/sign-in")
    page.fill("input[name=username]", username)
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
        _check_dandong(page, served.base)
        found += _violations(page, axe)
        page.goto(f"{served.base}/bench/sign-in")
        found += _violations(page, axe)
        _sign_in(page, served.base)
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
        _sign_in(page, served.base, "pak.sv")
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


#: what an attacker types where a page later shows it: markup, a script URL, a template
#: expression, and a long run of right-to-left overrides and zero-width characters
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    ("\u202eexe.txt\u200b\u200d\u2067שלום مرحبا\u2069\ufeff" * 20).strip(),
]


def _script_src(policy: str) -> list[str]:
    """The sources the policy allows scripts from (``script-src``, else ``default-src``)."""
    directives = {}
    for directive in policy.split(";"):
        words = directive.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives.get("script-src", directives.get("default-src", ["*"]))


class Watched:
    """A page whose dialogs and document responses are recorded, to assert on at the end."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.policies: dict[str, str | None] = {}
        page.on("dialog", self._dialog)
        page.on("response", self._response)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _response(self, response: Response) -> None:
        if response.request.resource_type == "document":
            self.policies[response.url] = response.headers.get("content-security-policy")

    def assert_inert(self) -> None:
        """Nothing the attacker wrote became an element on the open page."""
        page = self.page
        assert page.locator("script").count() == 0, page.url
        assert page.locator("img").count() == 0, page.url
        assert page.locator("[onerror], [onload], a[href^='javascript']").count() == 0, page.url


@pytest.fixture(scope="module")
def hostile(served: Served) -> int:
    """A declaration at Hunchun (its own officer, apart from Dandong's queue) whose declared
    id, traveller and descriptions are hostile, with a decision whose found and reason are."""
    engine = open_database(served.database)
    with engine.begin() as conn:
        add_user(conn, "kim.hs", PASSWORD, role="officer", crossing="hunchun", actor="cli:test")
        token = issue_token(conn, "kim.hs", crossing="hunchun", label="t", actor="cli:test").token
    engine.dispose()
    items = [
        {"id": str(n), "description": text, "hs": "851660"} for n, text in enumerate(HOSTILE, 1)
    ]
    declaration = raw(
        HOSTILE[1],
        crossing="hunchun",
        traveller={"name": HOSTILE[0], "category": "returning_worker"},
        items=items,
    )
    ident: int = _post(served.base, "/v1/declarations", token, declaration, "HOSTILE-1")["id"]
    decision = {"outcome": "seized", "item": "1", "found": HOSTILE[3], "reason": HOSTILE[0]}
    _post(served.base, f"/v1/declarations/{ident}/decisions", token, decision, "HOSTILE-1-d")
    return ident


def test_hostile_text_is_shown_literally_and_never_runs(
    served: Served, hostile: int, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    watched = Watched(context.new_page())
    page = watched.page
    try:
        # the public check: every hostile line through the form, answered row by row
        page.goto(f"{served.base}/check/dandong?lang=en")
        page.fill("textarea[name=items]", "\n".join(HOSTILE))
        page.click("button[type=submit]")
        page.wait_for_selector("#result")
        checked = page.eval_on_selector_all(
            "td.line", "cells => cells.map(c => c.firstChild.textContent)"
        )
        kept = page.input_value("textarea[name=items]")
        watched.assert_inert()
        page.click("p.link a")  # the answer's own link, the lines in its query
        page.wait_for_selector("#result")
        linked = page.eval_on_selector_all(
            "td.line", "cells => cells.map(c => c.firstChild.textContent)"
        )
        watched.assert_inert()

        # the bench: Hunchun's queue and the declaration, then a decision through its form
        _sign_in(page, served.base, "kim.hs")
        queued = page.text_content(f'a[href="/bench/declarations/{hostile}"]')
        watched.assert_inert()
        page.goto(f"{served.base}/bench/declarations/{hostile}")
        heading = page.text_content("h1")
        descriptions = page.locator("span.description").all_text_contents()
        watched.assert_inert()
        form = page.locator("#item-2 form.decide")
        form.locator("select[name=outcome]").select_option("seized")
        form.locator("textarea[name=found]").fill(HOSTILE[4])
        form.locator("textarea[name=reason]").fill(HOSTILE[1])
        form.locator("button[type=submit]").click()
        page.wait_for_url("**#history")
        found = page.locator("ol.history p.found").all_text_contents()
        reasons = page.locator("ol.history p.reason").all_text_contents()
        watched.assert_inert()
        # and the policy holds in the browser: a script element put in the page does not run
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = true'; document.body.append(s); }"
        )
        ran = page.evaluate("() => window.injected === true")
    finally:
        context.close()
    assert watched.dialogs == [], f"a hostile text ran as script: {watched.dialogs}"
    # the check keeps a line's first MAX_LINE_CHARS characters, its spaces collapsed
    lines = [" ".join(text.split())[:MAX_LINE_CHARS] for text in HOSTILE]
    assert checked == lines and linked == lines and kept == "\n".join(HOSTILE)
    assert queued is not None and queued.strip() == HOSTILE[1]
    assert heading is not None and HOSTILE[1] in heading
    assert descriptions == HOSTILE
    # each after its label ("What was found: ", "Reason: ")
    assert sorted(f.split(": ", 1)[1] for f in found) == sorted([HOSTILE[3], HOSTILE[4]])
    assert sorted(r.split(": ", 1)[1] for r in reasons) == sorted([HOSTILE[0], HOSTILE[1]])
    assert not ran, "an inline script ran despite the Content-Security-Policy"
    assert len(watched.policies) >= 6, watched.policies
    for url, policy in watched.policies.items():
        assert policy, f"{url} has no Content-Security-Policy"
        sources = _script_src(policy)
        assert "'unsafe-inline'" not in sources and "*" not in sources, (url, policy)


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
        _check_dandong(page, served.base)
        shots = _screenshots(page, "check-dandong-ko")
        refused = page.locator("tr.outcome-refused").count()
        _sign_in(page, served.base)
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
