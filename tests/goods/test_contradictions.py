"""Gender, knitted/woven and material words in a description rule out the subheadings that
say otherwise."""

from __future__ import annotations

import pytest

from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.contradictions import contradiction_of, shipped_contradictions, stated_by
from borderwatch.goods.text import normalise
from borderwatch.reference.hs import nomenclature


def _said(description: str) -> list[str]:
    return [r.name for r in shipped_contradictions() if r.said_by(normalise(description))]


@pytest.mark.parametrize(
    ("description", "said"),
    [
        ("Men's cotton jeans", ["men's"]),
        ("ladies knitted cardigan", ["women's", "knitted"]),
        ("女士针织连衣裙", ["women's", "knitted"]),
        ("남성 니트 스웨터", ["men's", "knitted"]),
        ("woven polyester blouse for girls", ["women's", "woven"]),
        ("jacket of man-made fibres", []),  # man-made says nothing of gender
        ("cotton jeans", []),
    ],
)
def test_what_a_description_says(description: str, said: list[str]) -> None:
    assert _said(description) == said


def test_codes_ruled_out_by_their_own_text() -> None:
    codes = nomenclature()
    mens = tuple(r for r in shipped_contradictions() if r.name == "men's")
    knitted = tuple(r for r in shipped_contradictions() if r.name == "knitted")
    assert contradiction_of("620462", mens, codes) is not None  # women's trousers
    assert contradiction_of("620342", mens, codes) is None  # men's trousers
    assert contradiction_of("610910", mens, codes) is None  # T-shirts: either gender
    assert contradiction_of("620520", knitted, codes) is not None  # woven shirts
    assert contradiction_of("611020", knitted, codes) is None


@pytest.mark.parametrize(
    ("description", "expected"),
    [("mens cotton jeans", "620342"), ("womens cotton jeans", "620462")],
)
def test_gender_decides_between_names_both_genders_share(description: str, expected: str) -> None:
    found = default_classifier().classify(description)
    assert found[0].hs == expected
    other = next((c for c in found if c.hs in {"620342", "620462"} - {expected}), None)
    assert other is None or "this code does not" in other.explanation


@pytest.mark.parametrize(
    ("description", "stated"),
    [
        ("bamboo mason jar lids", ["wood"]),
        ("plastic watering can", ["plastic"]),
        ("不锈钢保温杯", ["metal"]),
        ("원목 도마", ["wood"]),
        ("Wood Screws Assortment Steel Zinc Plated", []),  # the use and the material
        ("watering can", []),
    ],
)
def test_a_material_is_stated_only_when_it_is_the_only_one(
    description: str, stated: list[str]
) -> None:
    assert [r.name for r in stated_by(normalise(description))] == stated


def test_a_stated_material_rules_out_codes_of_another() -> None:
    codes = nomenclature()
    rules = {r.name: (r,) for r in shipped_contradictions()}
    assert contradiction_of("830990", rules["wood"], codes) is not None  # lids of base metal
    assert contradiction_of("441919", rules["wood"], codes) is None  # tableware of wood
    assert contradiction_of("732399", rules["plastic"], codes) is not None  # of iron or steel
    assert contradiction_of("392490", rules["plastic"], codes) is None  # of plastics
    assert contradiction_of("392490", rules["metal"], codes) is not None
    assert contradiction_of("732393", rules["metal"], codes) is None  # of stainless steel
    assert contradiction_of("851310", rules["wood"], codes) is None  # lamps name no material
