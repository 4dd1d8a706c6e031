"""The rule-base page: what applies at a crossing on a date, to one HS code, and what
changed between two dates — the answers of GET /v1/measures, /v1/commodities/{code}
and /v1/measures/changes, each measure with its legal basis."""

from __future__ import annotations

import re

import pytest

from tests.service.conftest import StoredApi
from tests.service.pages.bench_signing import officer_client

TWO_ITEMS = "CN-PORT-DANDONG-two-electronic-items"
NO_ITEMS = "CN-PORT-DANDONG-no-electronic-items"


def _section(html: str, ident: str) -> str:
    return html.split(f'id="{ident}"')[1].split("</table>")[0]


def _ids(html: str) -> list[str]:
    return re.findall(r'<td class="measure-id">([^<]+)</td>', html)


def test_what_changed_at_dandong_when_the_electronics_practice_tightened(
    api: StoredApi,
) -> None:
    browser = officer_client(api)
    page = browser.get(
        "/bench/rules?crossing=dandong&date=2019-02-20&from=2019-02-20&to=2019-03-20"
    )
    assert page.status_code == 200, page.text
    in_force = _ids(_section(page.text, "in-force"))
    assert TWO_ITEMS in in_force and NO_ITEMS not in in_force
    changes = _section(page.text, "changes")
    rows = re.findall(
        r'<tr class="change change-(\w+)"><td>[^<]*</td>\s*<td class="measure-id">([^<]+)</td>',
        changes,
    )
    assert rows == [("came_into_force", NO_ITEMS), ("ceased", TWO_ITEMS)]
    # the same answer as the API's
    api_changes = api.client.get(
        "/v1/measures/changes?crossing=dandong&from=2019-02-20&to=2019-03-20",
        headers=api.headers("officer", "dandong"),
    ).json()
    assert [(c["change"], c["measure"]["id"]) for c in api_changes] == rows
    api_in_force = api.client.get(
        "/v1/measures?crossing=dandong&as_of=2019-02-20", headers=api.headers("officer", "dandong")
    ).json()
    assert sorted(in_force) == sorted(m["id"] for m in api_in_force)
    assert "reported_practice" in changes


def test_one_code_with_its_legal_basis_and_link(api: StoredApi) -> None:
    page = officer_client(api, "analyst", None).get(
        "/bench/rules?crossing=dandong&date=2019-02-12&hs=8471.30"
    )
    assert page.status_code == 200
    commodity = _section(page.text, "commodity")
    assert "What applies to HS 847130 at dandong on 2019-02-12" in page.text
    assert '<a href="https://undocs.org/S/RES/2397(2017)" rel="noreferrer noopener">' in commodity
    api_page = api.client.get(
        "/v1/commodities/847130?crossing=dandong&as_of=2019-02-12",
        headers=api.headers("analyst", None),
    ).json()
    assert _ids(commodity) == [a["measure"]["id"] for a in api_page["measures"]]


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("crossing=atlantis&date=2019-02-20", "Unknown crossing atlantis"),
        ("crossing=dandong&date=20-02-2019", "date: 20-02-2019 is not a date"),
        ("crossing=dandong&date=2019-02-20&hs=999999", "HS 2022 has no code"),
        ("crossing=dandong&date=2019-02-20&hs=abc", "is not an HS code"),
    ],
)
def test_what_cannot_be_read_is_said(api: StoredApi, query: str, problem: str) -> None:
    page = officer_client(api).get(f"/bench/rules?{query}")
    assert page.status_code == 422 and problem in page.text


def test_every_signed_in_role_reads_it_and_the_signed_out_sign_in(api: StoredApi) -> None:
    for role, crossing in (("officer", "hunchun"), ("supervisor", "dandong"), ("admin", None)):
        page = officer_client(api, role, crossing).get("/bench/rules")
        assert page.status_code == 200 and 'class="bench rules"' in page.text
    signed_out = api.client.get("/bench/rules", follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/bench/sign-in"
