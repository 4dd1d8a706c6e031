"""The audit page, on SQLite and PostgreSQL: the newest records and the chain's state for
analysts and admins, a supervisor's own crossing only, and no page for officers."""

from __future__ import annotations

import re

from sqlalchemy import update

from borderwatch.store.audit import audit_log
from tests.service.conftest import StoredApi
from tests.service.pages.bench_signing import csrf_of, officer_client
from tests.store.declaring import raw


def _actions(html: str) -> list[str]:
    return re.findall(r'<td class="action">([\w.]+)</td>', html)


def _decide(api: StoredApi) -> int:
    ident = int(api.submit(raw("A1"), "A1")["id"])
    officer = officer_client(api)
    page = officer.get(f"/bench/declarations/{ident}")
    officer.post(
        f"/bench/declarations/{ident}/decisions",
        data={"csrf_token": csrf_of(page.text), "item": "2", "outcome": "seized", "reason": "r"},
    )
    return ident


def test_an_analyst_reads_the_newest_records_and_the_chain(api: StoredApi) -> None:
    _decide(api)
    page = officer_client(api, "analyst", None).get("/bench/audit")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "The hash chain is intact" in page.text
    actions = _actions(page.text)
    assert actions[0] == "session.sign_in"  # newest first: the analyst's own sign-in
    assert "decision.recorded" in actions and "user.add" in actions
    recorded = page.text.split('<td class="action">decision.recorded</td>')[1].split("</tr>")[0]
    assert "decision:" in recorded and "&#34;outcome&#34;:&#34;seized&#34;" in recorded
    assert "<form" not in page.text.split("<main>")[1]  # read-only


def test_a_break_in_the_chain_is_named(api: StoredApi) -> None:
    _decide(api)
    with api.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="api:someone"))
    admin = officer_client(api, "admin", None).get("/bench/audit")
    assert "The hash chain breaks at record 2: record 2 (" in admin.text
    supervisor = officer_client(api, "supervisor", "dandong").get("/bench/audit")
    assert "The hash chain breaks at record 2</p>" in supervisor.text
    assert "does not match its hash" not in supervisor.text


def test_a_supervisor_sees_their_own_crossing_s_users_only(api: StoredApi) -> None:
    _decide(api)
    officer_client(api, "officer", "hunchun")
    page = officer_client(api, "supervisor", "dandong").get("/bench/audit")
    assert page.status_code == 200
    actors = set(re.findall(r"<td>(api:[\w.]+)</td>", page.text))
    assert actors == {"api:officer.dandong", "api:supervisor.dandong"}
    assert "decision.recorded" in _actions(page.text)
    assert "Only the records of the users of dandong are shown." in page.text


def test_an_officer_gets_no_audit_page(api: StoredApi) -> None:
    refused = officer_client(api).get("/bench/audit")
    assert refused.status_code == 403 and "A officer may not do this." in refused.text
    assert "audit-record" not in refused.text
    signed_out = api.client.get("/bench/audit", follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/bench/sign-in"
