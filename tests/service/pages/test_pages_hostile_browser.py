"""Hostile text sent through the API and the forms, in a real browser: every page shows
it as text, no script runs and no element is injected, and every page's policy forbids
inline scripts. Debian's chromium, driven by Playwright.

Skipped on a workstation without chromium; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Dialog, Page, Response

from borderwatch.service.pages.check import MAX_LINE_CHARS
from borderwatch.store.accounts import add_user
from borderwatch.store.api_tokens import issue_token
from borderwatch.store.database import open_database
from tests.service.conftest import PASSWORD
from tests.service.pages.served_site import Served, post, sign_in_page
from tests.store.declaring import raw

pytestmark = pytest.mark.browser


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
    ident: int = post(served.base, "/v1/declarations", token, declaration, "HOSTILE-1")["id"]
    decision = {"outcome": "seized", "item": "1", "found": HOSTILE[3], "reason": HOSTILE[0]}
    post(served.base, f"/v1/declarations/{ident}/decisions", token, decision, "HOSTILE-1-d")
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
        sign_in_page(page, served.base, "kim.hs")
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
