"""The officers' queue and declaration pages, on SQLite and PostgreSQL: the same store
functions and access checks as the API, CSRF on every form, every field escaped."""

from __future__ import annotations

import re

from borderwatch.store.audit import recent_records
from tests.service.conftest import StoredApi
from tests.service.pages.bench_signing import csrf_of, officer_client
from tests.store.declaring import LAPTOP, RICE, counts, raw

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def _declaration(api: StoredApi, ident: str = "B1", **changes: object) -> int:
    stored = api.submit(raw(ident, **changes), ident)
    return int(stored["id"])


def test_the_queue_lists_the_crossing_strictest_first(api: StoredApi) -> None:
    inspect_only = _declaration(api, "R1", items=[RICE])
    prohibited = _declaration(api, "B1")
    elsewhere = api.submit(raw("H1", crossing="hunchun"), "H1")["id"]
    browser = officer_client(api)
    page = browser.get("/bench/queue")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    links = re.findall(r'href="/bench/declarations/(\d+)"', page.text)
    assert links == [str(prohibited), str(inspect_only)]
    assert str(elsewhere) not in links
    rows = re.findall(r'<tr class="queued verdict-(\w+)">', page.text)
    assert rows == ["prohibited", "inspect"]
    # an officer cannot ask for another crossing's queue
    assert browser.get("/bench/queue?crossing=hunchun").status_code == 403
    # a supervisor sees their crossing's
    supervisor = officer_client(api, "supervisor", "dandong").get("/bench/queue")
    assert re.findall(r'href="/bench/declarations/(\d+)"', supervisor.text) == links


def test_an_analyst_picks_the_crossing(api: StoredApi) -> None:
    _declaration(api, "B1")
    analyst = officer_client(api, "analyst", None)
    assert "queued" not in analyst.get("/bench/queue").text
    page = analyst.get("/bench/queue?crossing=dandong")
    assert re.findall(r'<tr class="queued verdict-(\w+)">', page.text) == ["prohibited"]
    # analysts read, and record nothing
    declaration = analyst.get(f"/bench/declarations/{_declaration(api, 'B2')}")
    assert declaration.status_code == 200 and 'class="bench decide"' not in declaration.text


def test_signed_out_pages_send_the_browser_to_sign_in(api: StoredApi) -> None:
    ident = _declaration(api)
    for path in ("/bench/queue", f"/bench/declarations/{ident}"):
        answer = api.client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/bench/sign-in"
    posted = api.client.post(
        f"/bench/declarations/{ident}/decisions", data={}, follow_redirects=False
    )
    assert posted.status_code == 303 and counts(api.engine)["decisions"] == 0


def test_the_declaration_page_shows_items_verdicts_and_legal_basis(api: StoredApi) -> None:
    ident = _declaration(api)
    page = officer_client(api).get(f"/bench/declarations/{ident}")
    assert page.status_code == 200
    assert page.headers["x-frame-options"] == "DENY"
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'self'
    assert "<script" not in page.text
    items = re.findall(r'<section class="item verdict-(\w+)" id="item-(\w+)"', page.text)
    assert items == [("clear", "1"), ("prohibited", "2")]
    rice, laptop = page.text.split('id="item-1"')[1].split('id="item-2"')
    # declared in the HS version of 2019 (HS 2017), screened as HS 2022
    assert "100630" in rice and "converted from HS 2017 code 100630" in rice
    assert "847130" in laptop and "converted from HS 2017 code 8471.30" in laptop
    # the citations the engine gives, linked where the citation has a URL
    assert (
        '<a href="https://undocs.org/S/RES/2397(2017)" rel="noreferrer noopener">'
        "UNSCR 2397 (2017) OP7 (S/RES/2397 (2017))</a>" in laptop
    )
    assert "MOFCOM/GACC Announcement 2018 No. 4" in laptop
    assert laptop.split("</section>")[0].count('name="csrf_token"') == 1  # its own form


def test_recording_a_seizure_shows_in_the_history_and_the_audit_log(api: StoredApi) -> None:
    ident = _declaration(api)
    browser = officer_client(api)
    page = browser.get(f"/bench/declarations/{ident}")
    recorded = browser.post(
        f"/bench/declarations/{ident}/decisions",
        data={
            "csrf_token": csrf_of(page.text),
            "item": "2",
            "outcome": "seized",
            "found": "a laptop under the rice cooker's packing",
            "reason": "UN 2397 OP7",
        },
        follow_redirects=False,
    )
    assert recorded.status_code == 303
    assert recorded.headers["location"] == f"/bench/declarations/{ident}#history"
    after = browser.get(recorded.headers["location"])
    history = after.text.split('id="history"')[1]
    assert "seized" in history and "officer.dandong" in history and "UN 2397 OP7" in history
    assert (
        'action="/bench/declarations/'
        not in after.text.split('id="item-2"')[1].split("</section>")[0]
    )  # no second first decision offered
    audited = [r for r in recent_records(api.engine) if r.action == "decision.recorded"]
    assert [(r.actor, r.detail["outcome"]) for r in audited] == [("api:officer.dandong", "seized")]
    # the API reads the same decision
    listed = api.client.get(
        f"/v1/declarations/{ident}/decisions", headers=api.headers("officer", "dandong")
    ).json()
    assert listed["items"]["2"]["outcome"] == "seized"

    again = browser.post(
        f"/bench/declarations/{ident}/decisions",
        data={"csrf_token": csrf_of(page.text), "item": "2", "outcome": "released", "reason": "x"},
    )
    assert again.status_code == 409 and counts(api.engine)["decisions"] == 1


def test_a_decision_form_without_the_session_token_is_refused(api: StoredApi) -> None:
    ident = _declaration(api)
    browser = officer_client(api)
    fields = {"item": "2", "outcome": "seized", "reason": "UN 2397 OP7"}
    for token in ({}, {"csrf_token": "not-the-token"}):
        refused = browser.post(f"/bench/declarations/{ident}/decisions", data=fields | token)
        assert refused.status_code == 403 and "Nothing was stored" in refused.text
    assert counts(api.engine)["decisions"] == 0
    assert not [r for r in recent_records(api.engine) if r.action.startswith("decision.")]


def _unnamed(html: str, ident: int) -> str:
    """The page with the id asked for taken out (it is in the address and the message)."""
    for named in (f"/bench/declarations/{ident}", f"declaration {ident}."):
        html = html.replace(named, "")
    return html


def test_another_crossing_s_declaration_is_not_found(api: StoredApi) -> None:
    dandong = _declaration(api)
    hunchun = officer_client(api, "officer", "hunchun")
    theirs = hunchun.get(f"/bench/declarations/{dandong}")
    missing = hunchun.get("/bench/declarations/999999")
    assert theirs.status_code == missing.status_code == 404
    assert _unnamed(theirs.text, dandong) == _unnamed(missing.text, 999999)
    csrf = csrf_of(theirs.text)  # the sign-out form's: the session's token
    posted = hunchun.post(
        f"/bench/declarations/{dandong}/decisions",
        data={"csrf_token": csrf, "item": "2", "outcome": "released", "reason": "x"},
    )
    assert posted.status_code == 404 and counts(api.engine)["decisions"] == 0


def test_a_supervisor_amends_and_both_decisions_stay(api: StoredApi) -> None:
    ident = _declaration(api)
    officer = officer_client(api)
    page = officer.get(f"/bench/declarations/{ident}")
    assert 'class="bench amend"' not in page.text
    officer.post(
        f"/bench/declarations/{ident}/decisions",
        data={"csrf_token": csrf_of(page.text), "item": "2", "outcome": "seized", "reason": "r"},
    )
    supervisor = officer_client(api, "supervisor", "dandong")
    page = supervisor.get(f"/bench/declarations/{ident}")
    first = re.findall(r'action="/bench/decisions/(\d+)/amendments"', page.text)
    assert len(first) == 1
    amended = supervisor.post(
        f"/bench/decisions/{first[0]}/amendments",
        data={
            "csrf_token": csrf_of(page.text),
            "outcome": "inspected_released",
            "reason": "a school calculator",
        },
        follow_redirects=False,
    )
    assert amended.status_code == 303
    history = supervisor.get(f"/bench/declarations/{ident}").text.split('id="history"')[1]
    assert "amends decision" in history and 'class="decision amended"' in history
    assert counts(api.engine)["decisions"] == 2


def test_hostile_descriptions_are_shown_as_text(api: StoredApi) -> None:
    items = [LAPTOP | {"description": HOSTILE[0]}, RICE | {"id": "3", "description": HOSTILE[1]}]
    ident = _declaration(api, "X1", items=items)
    page = officer_client(api).get(f"/bench/declarations/{ident}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_the_language_is_chosen_remembered_and_guessed(api: StoredApi) -> None:
    browser = officer_client(api)
    assert "Inspection queue" in browser.get("/bench/queue").text
    korean = browser.get("/bench/queue?lang=ko")
    assert "검사 대기열" in korean.text and '<html lang="ko">' in korean.text
    assert "검사 대기열" in browser.get("/bench/queue").text  # remembered
    browser.cookies.delete("bw_lang")
    chinese_browser = {"Accept-Language": "zh-CN,zh;q=0.9"}
    assert "검사 대기열" in browser.get("/bench/queue", headers=chinese_browser).text  # stored
    newcomer = officer_client(api, "supervisor", "dandong")  # has chosen nothing yet
    assert "查验队列" in newcomer.get("/bench/queue", headers=chinese_browser).text


def test_the_language_an_officer_chose_follows_them_to_another_device(api: StoredApi) -> None:
    desk = officer_client(api)
    assert "검사 대기열" in desk.get("/bench/queue?lang=ko").text
    tablet = officer_client(api)  # the same officer, another browser: no cookie of its own
    assert "bw_lang" not in tablet.cookies
    english_browser = {"Accept-Language": "en-GB,en;q=0.9"}
    assert "검사 대기열" in tablet.get("/bench/queue", headers=english_browser).text
    assert "查验队列" in tablet.get("/bench/queue?lang=zh").text
    assert "查验队列" in desk.get("/bench/queue", headers=english_browser).text
    # another officer's choice is theirs alone
    other = officer_client(api, "supervisor", "dandong")
    assert "Inspection queue" in other.get("/bench/queue", headers=english_browser).text


def test_a_decision_the_store_refuses_records_nothing_and_says_why(api: StoredApi) -> None:
    ident = _declaration(api)
    browser = officer_client(api)
    csrf = csrf_of(browser.get(f"/bench/declarations/{ident}").text)
    for fields, status in (
        ({"item": "2", "outcome": "seized", "reason": " "}, 422),
        ({"item": "2", "outcome": "burnt", "reason": "r"}, 422),
        ({"item": "9", "outcome": "seized", "reason": "r"}, 422),
    ):
        refused = browser.post(
            f"/bench/declarations/{ident}/decisions", data=fields | {"csrf_token": csrf}
        )
        assert refused.status_code == status, (fields, refused.text)
        assert f'href="/bench/declarations/{ident}"' in refused.text
    assert counts(api.engine)["decisions"] == 0


def test_only_a_supervisor_of_the_crossing_amends(api: StoredApi) -> None:
    ident = _declaration(api)
    officer = officer_client(api)
    csrf = csrf_of(officer.get(f"/bench/declarations/{ident}").text)
    officer.post(
        f"/bench/declarations/{ident}/decisions",
        data={"csrf_token": csrf, "item": "2", "outcome": "seized", "reason": "r"},
    )
    decision = re.findall(r'id="decision-(\d+)"', officer.get(f"/bench/declarations/{ident}").text)
    fields = {"outcome": "released", "reason": "r"}
    own = officer.post(
        f"/bench/decisions/{decision[0]}/amendments", data=fields | {"csrf_token": csrf}
    )
    assert own.status_code == 403
    elsewhere = officer_client(api, "supervisor", "hunchun")
    theirs = elsewhere.post(
        f"/bench/decisions/{decision[0]}/amendments",
        data=fields | {"csrf_token": csrf_of(elsewhere.get("/bench/queue").text)},
    )
    assert theirs.status_code == 404 and "There is no decision" in theirs.text
    assert counts(api.engine)["decisions"] == 1
