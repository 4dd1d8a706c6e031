"""On the real public data set: ours beats the plain LightGBM on VALID (trained on train).

The test split is not used here: its figures come from ``borderwatch eval
targeting`` and ``benchmarks/targeting_customs.py``, once, after every choice
was made on train → valid.
"""

from __future__ import annotations

import os

import pytest

from borderwatch.targeting.customs_data import load_customs_splits
from borderwatch.targeting.customs_eval import evaluate
from tests.conftest import SHARED_DATA

FOLDER = SHARED_DATA / "customs-declarations"


def test_ours_beats_the_plain_baseline_at_5_percent_on_valid() -> None:
    if not FOLDER.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the shared data is missing at {FOLDER}; CI must have it")
        pytest.skip(f"shared data not found at {FOLDER}")
    splits = load_customs_splits(FOLDER)
    assert [len(splits[name]) for name in ("train", "valid", "test")] == [37_385, 8_134, 8_481]
    result = evaluate(splits["train"], splits["valid"], seeds=[0])
    ours, plain = result.mean("ours", "precision"), result.mean("baseline", "precision")
    assert ours["5"] > plain["5"], (ours, plain)
    assert ours["10"] > plain["10"], (ours, plain)
