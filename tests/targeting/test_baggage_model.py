"""The baggage model: it learns placed bags, explains itself, and refuses foreign model files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from borderwatch.model import Declaration
from borderwatch.simulate import default_scenario, simulate
from borderwatch.targeting.baggage_features import BaggageFeatures, baggage_features
from borderwatch.targeting.baggage_model import (
    FORMAT_VERSION,
    BaggageModel,
    ModelFormatError,
    reasons,
)


@pytest.fixture(scope="module")
def labelled() -> tuple[BaggageFeatures, np.ndarray]:
    declarations, labels = [], []
    for row in simulate(default_scenario(), weeks=4, seed=2, legitimate_cargo=False):
        if row.declaration["channel"] == "baggage":
            declarations.append(Declaration.model_validate(row.declaration))
            labels.append(any(t["role"] == "placed" for t in row.truth["items"]))
    return baggage_features(declarations), np.asarray(labels)


@pytest.fixture(scope="module")
def model(labelled: tuple[BaggageFeatures, np.ndarray]) -> BaggageModel:
    features, labels = labelled
    return BaggageModel.fit(features, labels, rows=np.arange(200), seed=0)


def test_placed_bags_score_higher_than_own_ones_on_bags_not_trained_on(
    model: BaggageModel, labelled: tuple[BaggageFeatures, np.ndarray]
) -> None:
    features, labels = labelled
    scores = model.score(features)[200:]
    held = labels[200:]
    assert held.any() and (~held).any()
    assert np.median(scores[held]) > np.quantile(scores[~held], 0.9)


def test_explanations_name_features_that_raised_the_score_in_words(
    model: BaggageModel, labelled: tuple[BaggageFeatures, np.ndarray]
) -> None:
    features, labels = labelled
    explained = model.explain(features, top=3)
    placed = int(np.flatnonzero(labels)[0])
    assert 0 < len(explained[placed]) <= 3
    assert all(c.push > 0 and c.feature in model.features for c in explained[placed])
    said = reasons(features, explained)[placed]
    assert "(+" in said and "_" not in said.split("(")[0]  # words, not column names


def test_a_saved_model_scores_the_same_after_loading(
    model: BaggageModel, labelled: tuple[BaggageFeatures, np.ndarray], tmp_path: Path
) -> None:
    path = tmp_path / "baggage.model"
    model.save(path)
    header = json.loads(path.read_text().splitlines()[0])
    assert header["format_version"] == FORMAT_VERSION and header["features"] == list(model.features)
    loaded = BaggageModel.load(path)
    np.testing.assert_allclose(loaded.score(labelled[0]), model.score(labelled[0]))


def test_a_model_file_of_another_format_version_is_refused_with_the_reason(
    model: BaggageModel, tmp_path: Path
) -> None:
    path = tmp_path / "baggage.model"
    model.save(path)
    header_line, _, body = path.read_text().partition("\n")
    header = json.loads(header_line) | {"format_version": FORMAT_VERSION + 1}
    path.write_text(json.dumps(header) + "\n" + body)
    with pytest.raises(ModelFormatError, match=f"format version {FORMAT_VERSION + 1}.*retrain"):
        BaggageModel.load(path)
    path.write_text(body)
    with pytest.raises(ModelFormatError, match="header"):
        BaggageModel.load(path)


def test_a_model_reads_its_own_columns_and_needs_both_labels(
    labelled: tuple[BaggageFeatures, np.ndarray],
) -> None:
    features, labels = labelled
    alone = BaggageModel.fit(features, labels, features=["luxury_lines", "area_m2"])
    assert alone.score(features).shape == (len(labels),)
    with pytest.raises(ValueError, match="both"):
        BaggageModel.fit(features, np.zeros(len(labels)))
