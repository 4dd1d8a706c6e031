"""Reading shop titles: the goods' own words, what they are used with, material, audience.

The titles are written for this test (not taken from the lexicon, the benchmark
sets or the generator of benchmarks/classify_titles.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.titles import read_title

#: a vocabulary for the brand test: every word of the titles below but the brands
KNOWN = frozenset({"usb", "c", "cable", "nylon", "braided", "dress", "cotton", "woman"})


def test_an_english_title_is_split_into_its_parts() -> None:
    title = read_title(
        "Electronics > Cables > VOKMER USB C Cable for iPhone 15 Pro, Nylon Braided, Black, S-XXL",
        known=KNOWN,
    )
    assert title.category == ("electronics", "cables")
    assert "VOKMER" in title.dropped
    assert title.used_with == ("iphone 15 pro",)
    assert title.head_noun == "cable"
    assert "black" in title.dropped and "s-xxl" in title.dropped
    assert "iphone" not in title.goods and "black" not in title.goods
    assert title.text.endswith("for iphone 15 pro cables")


def test_material_audience_and_construction_are_read_as_the_nomenclature_says_them() -> None:
    title = read_title("Women's Knitted Polyester Dress, Long Sleeve")
    assert title.materials == ("synthetic",)
    assert title.audience == ("woman",)
    assert title.construction == ("knitted",)
    assert title.head_noun == "dress"


def test_for_an_audience_is_not_what_the_goods_are_used_with() -> None:
    title = read_title("Leather Gloves for Women, Brown")
    assert title.used_with == ()
    assert title.audience == ("woman",)
    assert title.head_noun == "glove"
    assert "brown" in title.dropped


def test_a_chinese_title_names_its_device_after_the_used_with_word() -> None:
    title = read_title("适用于苹果iPhone15手机壳硅胶保护套 2024新款 包邮")
    assert title.used_with == ("苹果iphone15",)
    assert title.goods.startswith("手机壳")  # the case keeps its own "phone"
    assert "silicone" in title.materials
    assert "新款" in title.dropped and "包邮" in title.dropped


def test_a_chinese_title_reads_material_and_audience() -> None:
    title = read_title("2024新款女装纯棉连衣裙")
    assert title.materials == ("cotton",)
    assert title.audience == ("woman",)


def test_a_korean_title_names_its_device_before_the_used_with_word() -> None:
    assert read_title("갤럭시 S24 호환 충전 케이블").used_with == ("갤럭시 s24",)
    assert read_title("가죽 케이스 휴대폰용").used_with == ("휴대폰",)
    assert read_title("플라스틱 용기").used_with == ()  # 용기 is a container, not "for"


def test_a_korean_title_reads_material_and_audience() -> None:
    title = read_title("여성 니트 원피스 순면")
    assert "cotton" in title.materials
    assert title.audience == ("woman",)


@pytest.mark.parametrize(
    "description",
    ["men's cotton shirts", "black tea", "frozen squid 20kg", "Dried Green Peas", "冷冻鱿鱼"],
)
def test_a_plain_description_is_read_as_written(description: str) -> None:
    assert read_title(description, known=frozenset({"dried", "green", "pea"})).text == description


@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text: str) -> None:
    title = read_title(text)
    assert isinstance(title.text, str)
    assert all(part.strip() for part in title.used_with)


#: (title, the code its head noun names)
HEAD_NOUN_WINS = [
    ("Silicone Phone Case for iPhone 15 Pro Max, Shockproof", "392690"),
    ("USB C Cable for iPhone 15, 6ft Nylon Braided Fast Charging Cord", "854442"),
    ("65W Charger for Laptop, USB C Power Adapter", "850440"),
    ("Dried Green Pea Flakes for Android Phone", "071310"),
    ("Tempered Glass Screen Protector for Samsung Galaxy S24, 2 Pack", "700719"),
    ("Mountain E-Bike for Adults, 36V Battery, Pedal Assist", "871160"),
    ("Running Shoes for Men, Breathable Mesh, Black", "640411"),
    ("适用于苹果iPhone15手机壳硅胶保护套", "392690"),
    ("갤럭시 S24 호환 충전 케이블", "854442"),
]


@pytest.mark.parametrize(("description", "expected"), HEAD_NOUN_WINS)
def test_the_head_noun_wins_over_what_the_goods_are_used_with(
    description: str, expected: str
) -> None:
    assert default_classifier().classify(description, top_k=1)[0].hs == expected


#: (title, a code only its "for" part names)
USED_WITH_ONLY = [
    ("Dried Green Pea Flakes for Android Phone", "851713"),
    ("USB C Cable for iPhone 15, 6ft Nylon Braided", "851713"),
    ("Leather Sofa Cover for Tesla Model 3", "870380"),
    ("갤럭시 S24 호환 충전 케이블", "851713"),
]


@pytest.mark.parametrize(("description", "device"), USED_WITH_ONLY)
def test_what_the_goods_are_used_with_is_weak_evidence(description: str, device: str) -> None:
    found = default_classifier().evidence(description)
    best, named = found[0], [ev for ev in found if ev.hs == device]
    assert named, f"{device} is not even a candidate"
    assert any("only in what it is used with" in reason for reason in named[0].reasons)
    assert named[0].strength < best.strength / 3


def test_the_explanation_names_head_noun_material_and_audience() -> None:
    best = default_classifier().classify("Men's Cotton T-Shirt, Crew Neck, Navy Blue")[0]
    assert best.hs == "610910"
    for said in ("head noun 'shirt'", "material 'cotton'", "audience 'man'"):
        assert said in best.explanation


@pytest.mark.parametrize(
    ("plain", "noisy", "expected"),
    [
        ("kitchen knife set", "Kitchen Knife Set, Heavy Duty, Gift Idea, Rose Gold", "821110"),
        ("ceramic dinner plate", "Ceramic Dinner Plate, Gift Idea, White", "691200"),
        ("steel hammer", "Steel Hammer for Home Office, Heavy Duty", "820520"),
    ],
)
def test_listing_noise_does_not_decide_the_code(plain: str, noisy: str, expected: str) -> None:
    classify = default_classifier().classify
    assert classify(noisy, top_k=1)[0].hs == classify(plain, top_k=1)[0].hs == expected


def test_a_material_the_nomenclature_names_otherwise_moves_the_subheading() -> None:
    # HS says "synthetic fibres", shops say "polyester"
    best = default_classifier().classify("Women's Polyester Dress, Knitted", top_k=1)[0]
    assert best.hs == "610443"
