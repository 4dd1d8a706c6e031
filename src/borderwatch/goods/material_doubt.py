"""The other materials an article could be made of, when its description names none.

A "watering can", a "clothesline" or "jar lids" is classified under one material's
chapter (plastics, 3924) because the lexicon has to put the name somewhere; the
same article of steel (7323) or wood (4419) is another subheading, and under the
DPRK measures often another verdict: metals and wood are banned where plastics are
not. Every confidently classified item of goods under UN measures that the
benchmarks saw put outside them escaped this way. Screening asks
:func:`other_materials` and refers the item when one of them would be stricter.

The materials offered are those everyday articles are commonly made of, each with
the subheading HS keeps for articles of it not named elsewhere (the same codes
``materials`` in ``data/words.yaml`` gives). A description names a material when the
title reader finds one (English, Chinese or Korean; :mod:`borderwatch.goods.titles`)
or a material rule of ``contradictions`` in ``data/words.yaml`` is said ("teak",
"不锈钢", "원목").
"""

from __future__ import annotations

from borderwatch.goods.contradictions import shipped_contradictions
from borderwatch.goods.text import normalise
from borderwatch.goods.titles import read_title

__all__ = ["HARD_MATERIALS", "names_material", "other_materials"]

#: material -> the subheading of its articles not named elsewhere
HARD_MATERIALS: dict[str, str] = {
    "plastics": "392690",
    "iron or steel": "732690",
    "aluminium": "761699",
    "copper": "741980",
    "wood": "442199",
    "glass": "702000",
    "ceramic": "691490",
    "rubber": "401699",
}
_CHAPTERS = frozenset(code[:2] for code in HARD_MATERIALS.values())


def names_material(description: str) -> bool:
    """True when the description says what the goods are made of."""
    if read_title(description).materials:
        return True
    text = normalise(description)
    return any(rule.group == "material" and rule.said_by(text) for rule in shipped_contradictions())


def other_materials(description: str, hs: str) -> list[tuple[str, str]]:
    """(material, subheading) of the same article in the other materials, when ``hs`` is
    in a material's chapter and the description names no material; else none."""
    if hs[:2] not in _CHAPTERS or names_material(description):
        return []
    return [(name, code) for name, code in HARD_MATERIALS.items() if code[:2] != hs[:2]]
