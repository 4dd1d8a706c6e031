"""The public pre-departure check: the February and March answers at Dandong in each
language, the notice of the change, and what the page must never do — run script a
traveller typed, guess "may pass", or be framed."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from borderwatch.service.pages.messages import LANGUAGES, MESSAGES, language_of, translator
from tests.service.pages.conftest import outcomes, rows

#: the same three electronic items, one in each language (the rule base's Dandong measures:
#: CN-PORT-DANDONG-two-electronic-items to 2019-02-28, then CN-PORT-DANDONG-no-electronic-items)
ITEMS = "전기밥솥 1개\n笔记本电脑\nrice cooker"
TWO_ALLOWED = "CN-PORT-DANDONG-two-electronic-items"
NONE_ALLOWED = "CN-PORT-DANDONG-no-electronic-items"


def check(client: TestClient, day: str, items: str, **extra: str) -> str:
    response = client.post(
        "/check/dandong", data={"date": day, "direction": "export", "items": items, **extra}
    )
    assert response.status_code == 200, response.text
    return response.text


def allowance(page: str, measure: str) -> str:
    start = page.index(f'data-measure="{measure}">')
    return page[start : page.index("</li>", start)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_february_two_items_are_tolerated_in_practice_and_refused_in_law(
    public: TestClient, lang: str
) -> None:
    t = translator(lang)
    page = check(public, "2019-02-20", ITEMS, lang=lang)
    assert f'<html lang="{lang}">' in page
    # the engine follows UNSCR 2397 OP7 and MOFCOM/GACC 2018 No. 4 over the port's practice:
    # never "may pass"; the first two are within the practice's two-item allowance
    assert outcomes(page) == ["refused", "refused", "refused"]
    first, second, third = rows(page)
    for row in (first, second, third):
        assert html.escape(t("outcome_refused"), quote=True) in row
        assert "UN-2397-OP7-industrial-machinery" in row and "UNSCR 2397 (2017) OP7" in row
        assert TWO_ALLOWED in row and NONE_ALLOWED not in row
    for row in (first, second):  # tolerated by the practice, prohibited by law: both said
        assert html.escape(t("why_tolerated"), quote=True) in row
    assert html.escape(t("why_exceeds_allowance"), quote=True) not in first
    counted = allowance(page, TWO_ALLOWED)
    assert html.escape(t("allowance_row", goods="x", allowed=2, used=3))[1:] in counted
    assert NONE_ALLOWED not in page.split('id="changes"')[1]  # nothing changed yet
    assert t("changes_none") in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_march_no_electronic_item_and_the_page_lists_the_change(
    public: TestClient, lang: str
) -> None:
    t = translator(lang)
    page = check(public, "2019-03-20", ITEMS, lang=lang)
    assert outcomes(page) == ["refused", "refused", "refused"]
    for row in rows(page):
        assert NONE_ALLOWED in row and TWO_ALLOWED not in row
        assert html.escape(t("why_prohibited"), quote=True) in row
        assert html.escape(t("why_tolerated"), quote=True) not in row
    counted = allowance(page, NONE_ALLOWED)
    assert html.escape(t("allowance_none", goods="x", used=3))[1:] in counted
    changes = page.split('id="changes"')[1]
    assert html.escape(t("changes_heading", date="2019-03-20")) in changes
    # each change dated and in all three languages, whatever the page's language
    assert "2019-03-01부터 시행" in changes and "2019-03-01부터 적용 중단" in changes
    assert "自2019-03-01起施行" in changes and "自2019-03-01起停止执行" in changes
    assert "From 2019-03-01: came into force" in changes
    assert "From 2019-03-01: no longer applies" in changes
    assert (
        f'data-measure="{NONE_ALLOWED}"' in changes and f'data-measure="{TWO_ALLOWED}"' in changes
    )


@pytest.mark.parametrize(
    ("items", "lang"),
    [
        ("전기밥솥 1개\n노트북", "ko"),
        ("电饭煲\n两台笔记本电脑", "zh"),
        ("rice cooker\n2 laptops", "en"),
    ],
)
def test_the_answer_is_in_the_language_written_in(
    public: TestClient, items: str, lang: str
) -> None:
    page = check(public, "2019-03-20", items)
    assert f'<html lang="{lang}">' in page
    assert html.escape(MESSAGES["outcome_refused"][lang]) in page
    assert outcomes(page) == ["refused", "refused"]


def test_language_by_script() -> None:
    assert language_of("전기밥솥") == "ko"
    assert language_of("笔记本电脑 电饭煲") == "zh"
    assert language_of("노트북 笔记本") == "ko"  # Korean may quote Han characters
    assert language_of("rice cooker x2") == "en"


def test_a_result_is_linkable_with_get_and_the_link_gives_the_same_answer(
    public: TestClient,
) -> None:
    posted = check(public, "2019-03-20", "2 laptops\nsocks")
    link = html.unescape(posted.split('<p class="link"><a href="')[1].split('"')[0])
    assert link.startswith("/check/dandong?")
    fetched = public.get(link)
    assert fetched.status_code == 200
    assert outcomes(fetched.text) == outcomes(posted) == ["refused", "inspect"]
    assert '<td class="quantity">2</td>' in fetched.text


def test_an_item_the_classifier_cannot_place_is_never_said_to_pass(public: TestClient) -> None:
    page = check(public, "2019-03-20", "zqxj vlorp\nasdf qwer", lang="en")
    assert outcomes(page) == ["uncertain", "uncertain"]
    assert "Could not be identified with certainty — declare it; an officer will decide." in page
    assert MESSAGES["outcome_pass"]["en"] not in page


HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def test_hostile_descriptions_come_back_as_text(public: TestClient) -> None:
    page = check(public, "2019-03-20", "\n".join(HOSTILE), lang="en")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # in the table and the textarea
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert len(outcomes(page)) == 2


def test_a_hostile_crossing_or_language_is_text_too(public: TestClient) -> None:
    response = public.get("/check/%3Cimg%20src=x%20onerror=alert(1)%3E")
    assert response.status_code == 404
    assert "<img" not in response.text and "&lt;img src=x onerror=alert(1)&gt;" in response.text
    page = public.get('/check/dandong?lang="><script>x</script>&date=2019-03-20').text
    assert "<script" not in page


@pytest.mark.parametrize(
    "path", ["/check", "/check/dandong", "/check/nowhere", "/static/check.css"]
)
def test_security_headers(public: TestClient, path: str) -> None:
    response = public.get(path)
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "script-src" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "set-cookie" not in response.headers


def test_the_pages_carry_no_script_and_no_inline_style(public: TestClient) -> None:
    for path in ("/check", "/check/dandong?date=2019-03-20&items=laptop"):
        page = public.get(path).text
        assert "<script" not in page and "style=" not in page and "<style" not in page
        assert '<link rel="stylesheet" href="/static/check.css">' in page
    css = public.get("/static/check.css")
    assert css.headers["content-type"].startswith("text/css") and "@media print" in css.text


def test_head_answers_like_get_without_a_body(public: TestClient) -> None:
    for path in ("/check", "/check/dandong"):
        response = public.head(path)
        assert response.status_code == 200 and response.content == b""
        assert response.headers["x-frame-options"] == "DENY"


def test_the_api_pages_keep_their_own_headers(public: TestClient) -> None:
    assert "content-security-policy" not in public.get("/openapi.json").headers


def test_an_unknown_crossing_is_a_404_page_listing_the_crossings(public: TestClient) -> None:
    response = public.get("/check/atlantis?lang=zh")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "未知口岸" in response.text and 'href="/check/dandong?lang=zh"' in response.text


def test_the_crossing_list_links_each_check_page(public: TestClient) -> None:
    page = public.get("/check?lang=ko").text
    for crossing in ("dandong", "hunchun", "changbai"):
        assert f'href="/check/{crossing}?lang=ko"' in page
    assert "통관지" in page


def test_a_date_not_iso_is_refused_with_the_form_again(public: TestClient) -> None:
    response = public.post("/check/dandong", data={"date": "20/03/2019", "items": "laptop"})
    assert response.status_code == 400
    assert MESSAGES["bad_date"]["en"] in response.text and "<form" in response.text


def test_submitting_no_item_asks_for_one(public: TestClient) -> None:
    response = public.post("/check/dandong", data={"date": "2019-03-20", "items": " \n "})
    assert response.status_code == 400
    assert MESSAGES["no_items"]["en"] in response.text
