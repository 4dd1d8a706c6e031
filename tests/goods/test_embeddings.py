"""Embeddings of descriptions and label lines (WordLlama's token table, shipped in its package)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pytest
import yaml

from borderwatch.errors import ReferenceDataError
from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.embeddings import build_label_embeddings, shipped_word_vectors
from borderwatch.goods.ranker import FEATURE_NAMES
from borderwatch.goods.ranker_model import load_ranker, shipped_ranker


def test_a_description_always_gets_the_same_unit_vector() -> None:
    vectors = shipped_word_vectors()
    first = vectors.embed(["Stainless steel electric kettle 1.7L"])
    again = vectors.embed(["Stainless steel electric kettle 1.7L", "电饭锅"])
    assert first.shape == (1, vectors.dimensions)
    assert np.array_equal(first[0], again[0])
    assert np.isclose(np.linalg.norm(first[0]), 1.0, atol=1e-5)
    assert not np.array_equal(again[0], again[1])


def test_an_empty_text_is_the_zero_vector_and_has_no_neighbours() -> None:
    vector = shipped_word_vectors().embed([""])[0]
    assert not vector.any()
    embeddings = default_classifier().labels
    assert embeddings is not None and embeddings.embeddings is not None
    assert embeddings.embeddings.nearest(vector, 10) == []
    assert embeddings.embeddings.best_lines(vector, ["851660"], {"851660": 0}) == {}


def test_lines_are_grouped_by_subheading_and_centroids_are_their_unit_mean() -> None:
    vectors = shipped_word_vectors()
    texts = [
        ("851660", "Rice cookers"),
        ("100640", "Broken rice"),
        ("851660", "电饭锅"),
        ("999999", ""),
    ]
    built = build_label_embeddings(vectors, texts)
    assert built.codes == ("100640", "851660")  # sorted; the empty text is dropped
    assert built.starts.tolist() == [0, 1, 3]
    cooker = vectors.embed(["Rice cookers", "电饭锅"]).sum(axis=0)
    assert np.allclose(built.centroids[1], cooker / np.linalg.norm(cooker), atol=1e-5)
    query = vectors.embed(["电饭锅"])[0]
    assert built.best_lines(query, ["851660", "100640"], built.position)["851660"] > 0.99


def test_the_neighbours_of_an_electric_rice_cooker_include_8516_60() -> None:
    labels = default_classifier().labels
    assert labels is not None and labels.embeddings is not None
    vector = shipped_word_vectors().embed(["electric rice cooker"])[0]
    assert "851660" in [hs for hs, _ in labels.embeddings.nearest(vector, 10)]


def test_a_chinese_line_is_closest_to_its_own_subheading() -> None:
    labels = default_classifier().labels
    assert labels is not None and labels.embeddings is not None
    found = labels.embeddings.best_lines(
        shipped_word_vectors().embed(["电饭锅"])[0],
        ["851660", "100640", "732111"],
        labels.embeddings.position,
    )
    assert max(found, key=lambda hs: found[hs]) == "851660"


@pytest.mark.parametrize("description", ["", "!!!", "12345", "\u200b", "x" * 2000])
def test_garbage_gets_candidates_rows_without_a_crash(description: str) -> None:
    table = default_classifier().candidates(description)
    assert all(len(row) == len(FEATURE_NAMES) for row in table.rows)
    assert all(np.isfinite(row).all() for row in table.rows)
    default_classifier().with_ranker(shipped_ranker()).classify(description)


def test_a_model_of_another_feature_list_reads_only_its_own_columns(tmp_path: Path) -> None:
    data = resources.files("borderwatch.goods") / "data" / "ranker"
    raw = yaml.safe_load((data / "calibration.yaml").read_text("utf-8"))
    raw["features"] = list(reversed(FEATURE_NAMES))
    (tmp_path / "calibration.yaml").write_text(yaml.safe_dump(raw), "utf-8")
    (tmp_path / "model.txt").write_text((data / "model.txt").read_text("utf-8"), "utf-8")
    with pytest.raises(ReferenceDataError, match="does not match"):
        load_ranker(tmp_path)
    other = load_ranker(tmp_path, exact=False)
    assert shipped_ranker().columns == list(range(len(FEATURE_NAMES)))
    assert other.columns == list(reversed(range(len(FEATURE_NAMES))))
    table = default_classifier().candidates("Men's cotton knitted T-shirt")
    assert len(other.raw_scores(table)) == len(table.codes)
