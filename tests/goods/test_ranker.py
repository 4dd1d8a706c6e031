"""The learned ranker: its features, the shipped model and calibration, its answers."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderwatch.goods.classifier import HSClassifier, default_classifier
from borderwatch.goods.ranker import FEATURE_NAMES
from borderwatch.goods.ranker_model import RankerCalibration, shipped_ranker
from borderwatch.settings import Settings


@cache
def _ranked() -> HSClassifier:
    """The shipped classifier ordering with the learned ranker (opt-in:
    ``BORDERWATCH_CLASSIFY_RANKER``)."""
    return default_classifier().with_ranker(shipped_ranker())


def test_the_shipped_model_reads_the_features_this_code_writes() -> None:
    model = shipped_ranker()
    assert model.trees.features == len(FEATURE_NAMES)
    table = default_classifier().candidates("Men's 100% cotton knitted T-shirt, short sleeve")
    assert table.rows and all(len(row) == len(FEATURE_NAMES) for row in table.rows)
    assert len(set(table.codes)) == len(table.codes)


def test_the_confidence_setting_sits_on_a_knot_of_the_calibration() -> None:
    knots = shipped_ranker().calibration.knots
    assert knots[0] == (0.0, 0.0) and knots[-1] == (1.0, 1.0)
    assert Settings().classify_confidence in [y for _, y in knots]
    assert [x for x, _ in knots] == sorted(x for x, _ in knots)


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0.01, 0.99))
def test_a_higher_chance_never_gets_a_lower_score(a: float, b: float, knot: float) -> None:
    calibration = RankerCalibration({"top": 1.0}, 0.0, ((0.0, 0.0), (knot, 0.6), (1.0, 1.0)))
    low, high = sorted((a, b))
    assert 0.0 <= calibration.score(low) <= calibration.score(high) <= 1.0


@pytest.mark.parametrize(
    "description",
    ["rice cooker", "电饭锅", "전기밥솥", "Gildan Men's Heavy Cotton T-Shirt G5000 Multipack"],
)
def test_answers_are_ordered_scored_and_explained(description: str) -> None:
    answer = _ranked().classify(description, top_k=5)
    assert 1 <= len(answer) <= 5
    scores = [c.score for c in answer]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert all(c.explanation for c in answer)


def test_a_national_tariff_line_makes_its_subheading_a_candidate() -> None:
    """Words only a national schedule uses reach the subheading: "改良种用" (pure-bred for
    breeding) is the Chinese tariff's wording for 0101.21 horses; the Chinese schedule's
    index puts it first, whatever the model then makes of it."""
    table = default_classifier().candidates("改良种用马")
    assert "010121" in table.codes
    row = dict(zip(FEATURE_NAMES, table.rows[table.codes.index("010121")], strict=True))
    assert row["cn_rank"] == 0.0 and row["cn_relative"] == 1.0
    assert "改良" in table.label_words["010121"]


def test_the_lexicon_classifier_stays_the_default_and_the_ranker_is_named_in_the_version() -> None:
    default = default_classifier()
    assert default.ranker is None and default.labels is not None
    ranked = _ranked()
    assert ranked.ranker is not None and ranked.labels is default.labels
    assert ranked.version != default.version
    assert default.with_ranker(None).version == default.version
    with_store = ranked.with_learned(ranked.learned)
    assert with_store.ranker is ranked.ranker and with_store.labels is ranked.labels
