"""Chinese and Korean material and audience words read as the nomenclature's English."""

from __future__ import annotations

import pytest

from borderwatch.goods.cjk_attributes import cjk_attributes_in
from borderwatch.goods.text import normalise


def _english(description: str) -> list[tuple[str, ...]]:
    text = normalise(description)
    return [a.english for a in sorted(cjk_attributes_in(text), key=lambda a: a.start)]


@pytest.mark.parametrize(
    ("description", "english"),
    [
        ("男士纯棉短袖T恤", [("man",), ("cotton",)]),  # 纯棉 whole, not 棉 inside it
        ("여성 폴리에스터 원피스", [("woman",), ("synthetic",)]),
        ("울 스웨터", [("wool",)]),  # 울 standing alone is wool
        ("겨울 코트", []),  # ...but not inside 겨울 (winter)
        ("不锈钢保温杯", [("stainless", "steel")]),
        ("frozen squid", []),
    ],
)
def test_attribute_words_found(description: str, english: list[tuple[str, ...]]) -> None:
    assert _english(description) == english
