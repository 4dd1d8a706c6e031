"""The bench's menu: each role sees links to the pages it may open, in its language."""

from __future__ import annotations

import re

import pytest

from tests.service.conftest import StoredApi
from tests.service.pages.bench_signing import officer_client


def _links(html: str) -> list[str]:
    nav = html.split('<nav class="bench-nav"')[1].split("</nav>")[0]
    return re.findall(r'href="(/bench/\w+)"', nav)


@pytest.mark.parametrize(
    ("role", "crossing", "expected"),
    [
        ("officer", "dandong", ["/bench/queue", "/bench/rules"]),
        ("supervisor", "dandong", ["/bench/queue", "/bench/rules", "/bench/audit"]),
        ("analyst", None, ["/bench/queue", "/bench/rules", "/bench/audit"]),
        ("admin", None, ["/bench/rules", "/bench/audit"]),
    ],
)
def test_each_role_gets_links_to_the_pages_it_may_open(
    api: StoredApi, role: str, crossing: str | None, expected: list[str]
) -> None:
    browser = officer_client(api, role, crossing)
    page = browser.get("/bench/rules")
    assert _links(page.text) == expected
    for path in expected:
        assert browser.get(path).status_code == 200, path


def test_the_menu_speaks_the_officer_s_language(api: StoredApi) -> None:
    page = officer_client(api, "supervisor", "dandong").get("/bench/rules?lang=zh")
    nav = page.text.split('<nav class="bench-nav"')[1].split("</nav>")[0]
    assert "查验队列" in nav and "措施库" in nav and "审计日志" in nav
