"""Fallback evidence from material and chemical nature, and origin phrases taken out."""

from __future__ import annotations

from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.fallbacks import chemical_words, material_feature
from borderwatch.goods.text import normalise, strip_origin


def test_origin_phrases_are_taken_out() -> None:
    assert normalise("Cable protection system from the United Kingdom").words == (
        "cable",
        "protection",
        "system",
    )
    assert normalise("origin of frozen squid").words == ("frozen", "squid")
    assert "turkey" in normalise("frozen turkey from Turkey").words
    assert strip_origin("made from cotton") == "made from cotton"


def test_a_material_points_at_its_other_articles_or_ornaments() -> None:
    assert "732690" in material_feature(("steel", "receptacle"))
    assert "830629" in material_feature(("decorative", "copper", "plaque"))
    assert material_feature(("receptacle",)) == {}


def test_chemical_names_are_long_unknown_words_with_a_chemical_ending() -> None:
    vocabulary = frozenset({"machine", "hydrochloride"})
    assert chemical_words(("omeprazole", "machine", "gemstone"), vocabulary) == ["omeprazole"]


def test_a_cas_number_puts_a_substance_in_the_chemical_chapters_not_chocolate() -> None:
    best = default_classifier().classify("Omeprazole (CAS No. 73590-58-6) in bulk powder form")[0]
    assert best.hs[:2] == "29"


def test_a_named_drug_in_dosage_form_is_a_medicament() -> None:
    best = default_classifier().classify("Clonidine hydrochloride tablets in dosage form")[0]
    assert best.hs[:2] == "30"
