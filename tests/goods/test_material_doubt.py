"""The other materials an article could be of, asked only when its description names none."""

from __future__ import annotations

import pytest

from borderwatch.goods.material_doubt import HARD_MATERIALS, names_material, other_materials


@pytest.mark.parametrize(
    "description",
    [
        "plastic watering can",
        "stainless steel pot",
        "teak lantern",
        "不锈钢保温杯",
        "원목 도마",
        "PU leather wallet",
        "tempered glass jar",
    ],
)
def test_a_material_in_any_script_is_seen(description: str) -> None:
    assert names_material(description)


@pytest.mark.parametrize("description", ["watering can", "jar lids", "洒水壶", "물뿌리개"])
def test_no_material_is_seen_where_none_is_named(description: str) -> None:
    assert not names_material(description)


def test_the_other_materials_of_an_article_in_a_material_chapter() -> None:
    found = dict(other_materials("watering can", "392490"))
    assert "plastics" not in found  # its own chapter
    assert found["iron or steel"] == "732690" and found["wood"] == "442199"
    assert set(found.values()) == set(HARD_MATERIALS.values()) - {"392690"}


def test_nothing_is_asked_outside_the_material_chapters_or_when_a_material_is_named() -> None:
    assert other_materials("rice cooker", "851660") == []
    assert other_materials("plastic watering can", "392490") == []
