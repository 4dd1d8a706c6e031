"""The queue page narrowed by channel, by the traveller's managing company and by the bus
or train, on SQLite and PostgreSQL: the same queue as GET /v1/inspection-queue, filtered in the store."""

from __future__ import annotations

import re

from tests.service.conftest import StoredApi
from tests.service.pages.bench_signing import officer_client
from tests.store.declaring import LAPTOP, raw

SINHUNG = "Sinhung Trading Co."


def _worker(company: str | None) -> dict[str, str | None]:
    return {"name": "Ri Yong Chol", "category": "returning_worker", "employer": company}


def _listed(html: str) -> list[str]:
    return re.findall(r'href="/bench/declarations/(\d+)"', html)


def _stored(api: StoredApi) -> dict[str, str]:
    return {
        name: str(api.submit(declaration, name)["id"])
        for name, declaration in [
            ("sinhung", raw("B1", traveller=_worker(SINHUNG))),
            ("none", raw("B2")),
            ("freight", raw("C1", channel="cargo", traveller=None)),
            ("hostile", raw("B3", traveller=_worker("<b>Ryongbong</b>"))),
        ]
    }


def test_the_queue_keeps_one_channel_or_company_and_shows_the_company(api: StoredApi) -> None:
    ids = _stored(api)
    browser = officer_client(api)
    everything = browser.get("/bench/queue").text
    assert _listed(everything) == [ids["sinhung"], ids["none"], ids["freight"], ids["hostile"]]
    assert f'<td class="company">{SINHUNG}</td>' in everything
    assert '<td class="company">&lt;b&gt;Ryongbong&lt;/b&gt;</td>' in everything
    assert _listed(browser.get("/bench/queue?channel=cargo").text) == [ids["freight"]]
    sinhung = browser.get("/bench/queue?company=sinhung&channel=baggage")
    assert _listed(sinhung.text) == [ids["sinhung"]]
    assert 'name="company" value="sinhung"' in sinhung.text
    assert '<option value="baggage" selected>' in sinhung.text
    # the language links keep the filters
    assert "/bench/queue?channel=baggage&amp;company=sinhung&amp;lang=ko" in sinhung.text
    assert _listed(browser.get("/bench/queue?company=nobody").text) == []
    # an unknown channel narrows nothing
    assert len(_listed(browser.get("/bench/queue?channel=pigeon").text)) == 4


def test_an_analyst_filters_the_crossing_they_chose(api: StoredApi) -> None:
    ids = _stored(api)
    analyst = officer_client(api, "analyst", None)
    page = analyst.get("/bench/queue?crossing=dandong&channel=cargo")
    assert _listed(page.text) == [ids["freight"]]
    assert 'name="crossing" value="dandong"' in page.text


def test_the_queue_keeps_one_bus_and_links_each_bus_to_its_own_queue(api: StoredApi) -> None:
    bus = {"kind": "bus", "id": "辽F-37412"}
    ids = {
        name: str(api.submit(declaration, name)["id"])
        for name, declaration in [
            ("first", raw("B1", traveller=_worker(SINHUNG), conveyance=bus)),
            ("train", raw("B2", conveyance={"kind": "train", "id": "K27 2026-03-02"})),
            ("second", raw("B3", traveller=_worker(SINHUNG), conveyance=bus)),
            ("unknown", raw("B4")),
        ]
    }
    browser = officer_client(api)
    everything = browser.get("/bench/queue").text
    assert '<td class="conveyance">—</td>' in everything
    link = "/bench/queue?conveyance=bus+%E8%BE%BDF-37412"
    assert everything.count(f'href="{link}"') == 2
    one_bus = browser.get(link).text
    assert _listed(one_bus) == [ids["first"], ids["second"]]
    assert 'name="conveyance" value="bus 辽F-37412"' in one_bus
    assert _listed(browser.get("/bench/queue?conveyance=k27").text) == [ids["train"]]
    # another filter is kept when a bus is chosen from the narrowed list
    narrowed = browser.get("/bench/queue?company=sinhung").text
    assert 'href="/bench/queue?company=sinhung&amp;conveyance=bus+%E8%BE%BDF-37412"' in narrowed


def test_the_declaration_page_links_to_the_queue_of_its_bus_and_company(api: StoredApi) -> None:
    bus = {"kind": "bus", "id": "辽F-37412"}
    stored = api.submit(raw("B1", traveller=_worker(SINHUNG), conveyance=bus), "first")
    page = officer_client(api).get(f"/bench/declarations/{stored['id']}").text
    assert '<dd class="traveller">Ri Yong Chol <small>(returning_worker)</small></dd>' in page
    assert 'href="/bench/queue?company=Sinhung+Trading+Co.">Sinhung Trading Co.</a>' in page
    assert 'href="/bench/queue?conveyance=bus+%E8%BE%BDF-37412">bus 辽F-37412</a>' in page


def test_the_declaration_page_shows_the_other_bags_of_the_bus_and_what_they_share(
    api: StoredApi,
) -> None:
    bus = {"kind": "bus", "id": "辽F-37412"}
    handbags = {"id": "9", "description": "leather handbags", "hs": "420221", "quantity": 4}
    noodles = {"id": "8", "description": "noodles", "hs": "190230"}
    stored = {
        name: str(api.submit(raw(name, items=items, conveyance=bus), name)["id"])
        for name, items in [
            ("B1", [LAPTOP, handbags, noodles]),
            ("B2", [LAPTOP, handbags]),
            ("B3", [LAPTOP, noodles]),
        ]
    }
    alone = api.submit(raw("B4", items=[LAPTOP, handbags]), "B4")  # no bus: not in the group
    page = officer_client(api).get(f"/bench/declarations/{stored['B1']}").text
    assert "Travelled with: bus 辽F-37412 2019-02-12 (2 other bags, 1 with the same goods)" in page
    rows = re.findall(r'<tr(?: class="shares")?><td><a href="/bench/declarations/(\d+)">', page)
    assert rows == [stored["B2"], stored["B3"]]  # the bag sharing handbags first
    assert '<td class="hs">420221</td>' in page  # noodles everyone carries are not shown
    assert 'id="group"' not in officer_client(api).get(f"/bench/declarations/{alone['id']}").text
