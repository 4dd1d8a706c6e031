"""The description normaliser: quantities out, words and CJK runs in, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderwatch.goods.text import STOP_WORDS, char_bigrams, normalise, script_of, stem


@pytest.mark.parametrize(
    ("description", "words", "quantities"),
    [
        ("2x Samsung 32in TV", ("samsung", "tv"), ("2x", "32in")),
        ("frozen squid 20kg", ("frozen", "squid"), ("20kg",)),
        ("5L rice cooker", ("rice", "cooker"), ("5l",)),
        ("Men's cotton trousers x3", ("man", "cotton", "trousers"), ("x3",)),
        ("Batteries, lithium-ion", ("battery", "lithium", "ion"), ()),
        ("ＬＥＤ ＴＶ", ("led", "tv"), ()),
    ],
)
def test_english_examples(
    description: str, words: tuple[str, ...], quantities: tuple[str, ...]
) -> None:
    text = normalise(description)
    assert text.words == words
    assert text.quantities == quantities
    assert text.script == "en"


def test_chinese_and_korean_keep_their_runs_and_drop_counted_units() -> None:
    zh = normalise("冷冻鱿鱼 20公斤")
    assert zh.cjk_runs == ("冷冻鱿鱼",) and zh.quantities == ("20公斤",) and zh.script == "zh"
    ko = normalise("가죽 핸드백 2개")
    assert ko.cjk_runs == ("가죽", "핸드백") and ko.quantities == ("2개",) and ko.script == "ko"


def test_stem_removes_plural_endings_only() -> None:
    assert [stem(w) for w in ("shoes", "watches", "batteries", "knives", "glass", "bus")] == [
        "shoe",
        "watch",
        "battery",
        "knife",
        "glass",
        "bus",
    ]


def test_bigrams_and_script() -> None:
    assert char_bigrams("电饭煲") == ["电饭", "饭煲"]
    assert char_bigrams("米") == ["米"]
    assert script_of("Samsung 电视") == "zh"
    assert script_of("삼성 tv") == "ko"


@given(st.text(max_size=200))
def test_normalise_never_fails_and_its_tokens_are_clean(description: str) -> None:
    text = normalise(description)
    assert text.original == description
    for word in text.words:
        assert word == word.lower() and word not in STOP_WORDS and " " not in word
    for run in text.cjk_runs:
        assert run and not any(ch.isspace() for ch in run)
    assert text.is_empty == (not text.words and not text.cjk_runs)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_normalising_twice_gives_the_same_tokens(description: str) -> None:
    once = normalise(description)
    twice = normalise(once.text)
    assert twice.words == once.words
    assert twice.cjk_runs == once.cjk_runs


@given(
    st.integers(min_value=1, max_value=999), st.sampled_from(["kg", "L", "pcs", "x", "ml", "GB"])
)
def test_quantities_never_become_words(number: int, unit: str) -> None:
    text = normalise(f"rice cooker {number}{unit}")
    assert text.words == ("rice", "cooker")


def test_head_of_an_english_title_ends_before_for_and_with() -> None:
    text = normalise("Replacement Laptop Battery for Dell Latitude")
    assert text.words[: text.head_end] == ("replacement", "laptop", "battery")
    assert normalise("rice cooker").head_end == 2
    assert normalise("for men: cotton socks with logo").head_end == 3  # a leading "for" is no cut


def test_listing_words_model_numbers_and_colours_leave_a_long_title() -> None:
    text = normalise("Hot Sale 2024 New Women Summer Dress Red Floral V-Neck Free Shipping XL")
    assert "red" not in text.words and "shipping" not in text.words and "sale" not in text.words
    assert "dress" in text.words
    assert normalise("Samsung Galaxy S23 SM-S911B 128GB Smartphone").words == (
        "samsung",
        "galaxy",
        "smartphone",
    )


def test_colours_quantities_and_chemical_names_stay_where_they_mean_something() -> None:
    assert normalise("black tea").words == ("black", "tea")
    assert normalise("frozen squid 20kg").quantities == ("20kg",)
    assert "tetrafluoroethane" in normalise("1,1,1,2-Tetrafluoroethane").text
    assert normalise("KF94 mask").words == ("kf", "mask")  # as the lexicon name "kf94" reads
