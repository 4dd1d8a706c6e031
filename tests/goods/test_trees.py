"""The numpy walk of the ranker's trees gives LightGBM's own scores."""

from __future__ import annotations

import lightgbm
import numpy as np
import pytest

from borderwatch.errors import ReferenceDataError
from borderwatch.goods.trees import TreeEnsemble


def _trained(seed: int) -> lightgbm.Booster:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(400, 6))
    x[rng.random(400) < 0.2, 2] = 0.0  # zeros, where a split may treat them as missing
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(int) + (x[:, 3] > 1).astype(int)
    data = lightgbm.Dataset(x, y, group=[20] * 20)
    params = {
        "objective": "lambdarank",
        "num_leaves": 7,
        "max_depth": 4,
        "verbose": -1,
        "seed": seed,
    }
    return lightgbm.train(params, data, num_boost_round=25)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scores_equal_lightgbm_scores(seed: int) -> None:
    model = _trained(seed)
    trees = TreeEnsemble(model.model_to_string())
    rows = np.random.default_rng(seed + 10).normal(size=(50, 6))
    rows[:10] = 0.0
    rows[10:15, 2] = np.nan  # never in the ranker's rows, but sent the default way all the same
    assert trees.features == 6 and trees.trees == 25
    assert np.allclose(trees.predict(rows), model.predict(rows), atol=1e-9)


def test_a_file_that_is_no_model_is_refused_with_its_name() -> None:
    with pytest.raises(ReferenceDataError, match=r"model\.txt: .*max_feature_idx"):
        TreeEnsemble("tree\nversion=v4\n", name="model.txt")
