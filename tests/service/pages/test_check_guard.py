"""What the public check keeps and what it refuses: nothing stored, at most 30 checks a
minute per address, and quantities read from the traveller's own words."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, inspect, select, table

from borderwatch.engine.screener import Screener
from borderwatch.service.app import create_app
from borderwatch.service.pages.check import MAX_LINE_CHARS, read_line
from borderwatch.service.pages.guard import CHECKS_PER_MINUTE, RateLimit
from borderwatch.store.database import open_database
from tests.service.conftest import StoredApi
from tests.service.pages.conftest import outcomes


def rows_per_table(engine: Engine) -> dict[str, int]:
    """Every table of the store and its row count."""
    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        return {
            name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in names
        }


def test_a_check_writes_nothing_to_the_store(api: StoredApi) -> None:
    api.token("officer")  # a store with a user and a token in it, as a live one has
    before = rows_per_table(api.engine)
    assert before and sum(before.values()) > 0
    for day in ("2019-02-20", "2019-03-20"):
        response = api.client.post(
            "/check/dandong",
            data={"date": day, "items": "rice cooker\n2 laptops\n전기밥솥", "lang": "en"},
        )
        assert response.status_code == 200, response.text
        assert len(outcomes(response.text)) == 3
        assert "set-cookie" not in response.headers
    assert api.client.get("/check/dandong?date=2019-03-20&items=laptop").status_code == 200
    assert rows_per_table(api.engine) == before


def test_the_31st_check_in_a_minute_is_a_429_page_with_retry_after(
    code_screener: Screener, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("limited")
    app = create_app(code_screener, database=open_database(f"sqlite:///{folder / 's.sqlite'}"))
    client = TestClient(app, raise_server_exceptions=False)
    form = {"date": "2019-03-20", "items": "laptop", "lang": "ko"}
    for _ in range(CHECKS_PER_MINUTE):
        assert client.post("/check/dandong", data=form).status_code == 200
    refused = client.post("/check/dandong", data=form)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "확인 요청이 너무 많습니다" in refused.text
    assert refused.headers["content-security-policy"].startswith("default-src 'self'")
    # the form itself, without items, is not a check and still opens
    assert client.get("/check/dandong").status_code == 200


def test_the_limit_is_per_address_and_slides_with_time() -> None:
    limit = RateLimit(limit=2, window=60)
    assert limit.retry_after("10.0.0.1", now=0) == 0
    assert limit.retry_after("10.0.0.1", now=10) == 0
    assert limit.retry_after("10.0.0.1", now=20) == 40  # the first check leaves at 60
    assert limit.retry_after("10.0.0.2", now=20) == 0  # another address is not held back
    assert limit.retry_after("10.0.0.1", now=60.5) == 0


def test_idle_addresses_are_forgotten() -> None:
    limit = RateLimit(limit=1, window=60)
    for n in range(2000):
        limit.retry_after(f"10.0.{n // 256}.{n % 256}", now=0)
    limit.retry_after("10.9.9.9", now=61)
    assert len(limit._seen) <= 1025


@pytest.mark.parametrize(
    ("line", "description", "quantity"),
    [
        ("전기밥솥 1개", "전기밥솥", 1),
        ("노트북 2대", "노트북", 2),
        ("노트북 두 대", "노트북", 2),
        ("笔记本电脑", "笔记本电脑", 1),
        ("两台笔记本电脑", "笔记本电脑", 2),
        ("笔记本电脑 三台", "笔记本电脑", 3),
        ("rice cooker", "rice cooker", 1),
        ("2 laptops", "laptops", 2),
        ("laptop x2", "laptop", 2),
        ("3x shirts", "shirts", 3),
        ("3 x shirts", "shirts", 3),
        ("shirt ×3", "shirt", 3),
        ("2 xbox", "xbox", 2),  # not "2x box"
        ("mix2", "mix2", 1),
        ("2 대형 TV", "대형 TV", 2),  # 대형 is "large", not the counter 대
        ("2개 노트북", "노트북", 2),
        ("2台笔记本", "笔记本", 2),
        ("iphone 12", "iphone 12", 1),  # a model number is not a count
        ("十字架", "十字架", 1),  # a numeral without a counter is part of the name
        ("0 laptops", "0 laptops", 1),
        ("  rice   cooker  ", "rice cooker", 1),
    ],
)
def test_quantities_read_from_the_line(line: str, description: str, quantity: int) -> None:
    assert read_line(line) == (description, quantity)


@given(st.text(max_size=300))
def test_any_line_reads_as_some_goods_and_a_positive_count(line: str) -> None:
    description, quantity = read_line(line)
    assert quantity >= 1
    assert len(description) <= MAX_LINE_CHARS
    assert bool(description) == bool(line.split())  # only a blank line reads as nothing


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz 전기밥솥笔记本电脑", min_size=1, max_size=40)


@given(st.integers(min_value=1, max_value=9999), WORDS.filter(lambda w: w.strip()))
def test_a_leading_count_is_read_and_the_goods_kept(count: int, goods: str) -> None:
    first = goods.split()[0].lower()
    assume(first not in ("x", "pcs", "piece", "pieces", "units"))  # "2 x laptop": a count
    assert read_line(f"{count} {goods}") == (" ".join(goods.split()), count)
