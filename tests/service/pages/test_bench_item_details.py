"""What the declaration page tells an officer beyond the verdict: where regimes disagree
on an item (and which one the verdict follows), and the classifier's candidates for an
item declared in words only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.service.app import create_app
from borderwatch.store.database import open_database
from tests.service.conftest import StoredApi
from tests.service.pages.bench_signing import officer_client
from tests.store.declaring import TWO_APPLIANCES


def _item(page: str, ident: str) -> str:
    """The section of item ``ident`` on a declaration page."""
    return page.split(f'id="item-{ident}"')[1].split("</section>")[0]


def test_a_conflict_between_regimes_is_shown_with_the_measure_followed(api: StoredApi) -> None:
    stored = api.submit(TWO_APPLIANCES, "K1")
    conflicts = [c for c in stored["result"]["conflicts"] if c["item"] == "1"]
    assert conflicts, "the February practice at Dandong tolerates what the law prohibits"
    page = officer_client(api).get(f"/bench/declarations/{stored['id']}").text
    rice_cooker = _item(page, "1")
    assert "Conflicts between regimes" in rice_cooker
    for conflict in conflicts:
        assert conflict["tolerated_by"]["measure"] in rice_cooker
        assert conflict["prohibited_by"]["measure"] in rice_cooker
        assert conflict["followed"] in rice_cooker


@pytest.fixture
def classifying(tmp_path: Path) -> Iterator[StoredApi]:
    """The service with the goods classifier, over a fresh SQLite store."""
    engine = open_database(f"sqlite:///{tmp_path / 'store.sqlite'}")
    screener = build_screener(ScreeningChoices(learned=False, parties=False))
    with TestClient(create_app(screener, database=engine), raise_server_exceptions=False) as c:
        yield StoredApi(c, engine)
    engine.dispose()


def test_an_item_declared_in_words_shows_the_classifier_s_candidates(
    classifying: StoredApi,
) -> None:
    words_only = TWO_APPLIANCES | {"items": [{"id": "1", "description": "rice cooker"}]}
    stored = classifying.submit(words_only, "K1")
    candidates = stored["result"]["items"][0]["classification"]
    assert candidates[0]["hs"] == "851660"
    page = officer_client(classifying).get(f"/bench/declarations/{stored['id']}").text
    item = _item(page, "1")
    assert "Classification candidates" in item
    listed = re.findall(r"<li>(\d{6}) <small>([\d.]+)", item.split('class="candidates"')[1])
    assert listed == [(c["hs"], f"{c['score']:.2f}") for c in candidates]
