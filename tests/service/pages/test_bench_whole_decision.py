"""A decision on the whole declaration from the declaration page, on SQLite and PostgreSQL:
recorded as POST /v1/declarations/{id}/decisions records one without an item."""

from __future__ import annotations

import re

from borderwatch.store.audit import recent_records
from tests.service.conftest import StoredApi
from tests.service.pages.bench_signing import csrf_of, officer_client
from tests.store.declaring import counts, raw

WHOLE_FORM = 'class="bench decide whole"'


def _declaration(api: StoredApi) -> int:
    return int(api.submit(raw("W1"), "W1")["id"])


def test_a_decision_on_the_whole_declaration_shows_in_the_history(api: StoredApi) -> None:
    ident = _declaration(api)
    browser = officer_client(api)
    page = browser.get(f"/bench/declarations/{ident}")
    assert page.text.count(WHOLE_FORM) == 1
    recorded = browser.post(
        f"/bench/declarations/{ident}/decisions",
        data={
            "csrf_token": csrf_of(page.text),
            "outcome": "refused",
            "found": "the whole load in one crate",
            "reason": "UN 2397 OP7 for the laptop",
        },
        follow_redirects=False,
    )
    assert recorded.status_code == 303
    assert recorded.headers["location"] == f"/bench/declarations/{ident}#history"
    after = browser.get(f"/bench/declarations/{ident}").text
    history = after.split('id="history"')[1]
    assert "whole declaration" in history and "UN 2397 OP7 for the laptop" in history
    assert WHOLE_FORM not in after  # one first decision on the whole declaration
    audited = [r for r in recent_records(api.engine) if r.action == "decision.recorded"]
    assert [(r.detail["item"], r.detail["outcome"]) for r in audited] == [(None, "refused")]
    listed = api.client.get(
        f"/v1/declarations/{ident}/decisions", headers=api.headers("officer", "dandong")
    ).json()
    assert listed["whole"]["outcome"] == "refused"
    # a whole decision takes the declaration out of the queue
    queue = browser.get("/bench/queue").text
    assert f"/bench/declarations/{ident}" not in queue


def test_a_whole_decision_without_the_session_token_is_refused(api: StoredApi) -> None:
    ident = _declaration(api)
    browser = officer_client(api)
    fields = {"outcome": "refused", "reason": "r"}
    for token in ({}, {"csrf_token": "not-the-token"}):
        refused = browser.post(f"/bench/declarations/{ident}/decisions", data=fields | token)
        assert refused.status_code == 403 and "Nothing was stored" in refused.text
    assert counts(api.engine)["decisions"] == 0
    assert WHOLE_FORM in browser.get(f"/bench/declarations/{ident}").text


def test_readers_who_do_not_decide_get_no_whole_form(api: StoredApi) -> None:
    ident = _declaration(api)
    for role, crossing in (("analyst", None), ("officer", "hunchun")):
        page = officer_client(api, role, crossing).get(f"/bench/declarations/{ident}")
        assert WHOLE_FORM not in page.text
        assert not re.search(r"Decision on the whole declaration", page.text)
