"""Till and parcel abbreviations: read as the known word they shorten, or left alone."""

from __future__ import annotations

import pytest

from borderwatch.goods.abbreviations import Abbreviations, skeleton
from borderwatch.goods.classifier import default_classifier

VOCABULARY = ("cream", "lipstick", "cooler", "collar", "colour", "mascara", "music", "street")
COUNTS = {"cream": 9, "lipstick": 3, "cooler": 4, "collar": 3, "colour": 3, "mascara": 2}


@pytest.fixture(scope="module")
def abbreviations() -> Abbreviations:
    return Abbreviations(VOCABULARY, COUNTS)


def test_a_skeleton_keeps_the_first_letter_and_the_consonants_once() -> None:
    assert skeleton("bronzer") == "brnzr"
    assert skeleton("glossy") == "glsy"
    assert skeleton("eyeliner") == "eylnr"


@pytest.mark.parametrize(
    ("token", "word"),
    [("crm", "cream"), ("lpstck", "lipstick"), ("mscr", "mascara"), ("masc", "mascara")],
)
def test_an_abbreviation_reads_as_the_word_it_shortens(
    abbreviations: Abbreviations, token: str, word: str
) -> None:
    assert abbreviations.expand(token) == word


@pytest.mark.parametrize(
    ("token", "why"),
    [
        ("clr", "cooler, collar and colour are about as common: no word stands out"),
        ("strt", "street is used by no name, so nothing says it is meant"),
        ("start", "a word with vowels is not read by its skeleton"),
        ("cr", "two letters say too little"),
        ("crè", "not plain letters"),
        ("cre", "a skeleton of two letters ('cr') says too little"),
        ("c3m", "not letters only"),
    ],
)
def test_no_reading_when_none_stands_out(
    abbreviations: Abbreviations, token: str, why: str
) -> None:
    assert abbreviations.expand(token) is None, why


def test_it_survives_the_classifier_cache_round_trip(abbreviations: Abbreviations) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(abbreviations))
    assert again.expand("crm") == "cream" and again.expand("clr") is None


@pytest.mark.parametrize(
    ("description", "hs", "read"),
    [
        ("hydrtng face crm", "330499", "'crm' as 'cream'"),
        ("lpstck", "330410", "'lpstck' as 'lipstick'"),
        ("brnzr", "330491", "'brnzr' as 'bronzer'"),
    ],
)
def test_till_wording_is_classified_with_the_reading_named(
    description: str, hs: str, read: str
) -> None:
    best = default_classifier().classify(description, top_k=3)[0]
    assert best.hs == hs
    assert read in best.explanation
