"""History features use labels from earlier rows only: a scored split's own labels never count."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from borderwatch.targeting.customs_data import CustomsSplit, read_customs_csv
from borderwatch.targeting.customs_features import (
    FeaturePlan,
    key_codes,
    scored_features,
    training_features,
)
from tests.targeting.synthetic import row, write_csv

PLAN = FeaturePlan(folds=3)


def _split(tmp_path: Path, name: str, rows: list[dict[str, object]]) -> CustomsSplit:
    path = write_csv(tmp_path / name, rows)
    with path.open(encoding="utf-8", newline="") as stream:
        return read_customs_csv(stream, name)


def _relabelled(split: CustomsSplit, fraud: np.ndarray) -> CustomsSplit:
    fraud = fraud.astype(np.int8)
    return dataclasses.replace(split, fraud=fraud, critical=fraud.copy())


def _data(tmp_path: Path) -> tuple[CustomsSplit, CustomsSplit]:
    # importer I1 always commits fraud in the history; I2 never does. In the scored
    # split the labels are the other way round: leaking them would show at once.
    history = [
        row(Importer_ID=f"I{1 + i % 2}", Fraud=str(1 - i % 2), Critical_Fraud=str(1 - i % 2))
        for i in range(40)
    ]
    scored = [
        row(
            Date="2021-01-01",
            Importer_ID=f"I{1 + i % 2}",
            Fraud=str(i % 2),
            Critical_Fraud=str(i % 2),
        )
        for i in range(20)
    ]
    return _split(tmp_path, "history.csv", history), _split(tmp_path, "scored.csv", scored)


def _rate_column(plan: FeaturePlan, key: str) -> int:
    return plan.names().index(f"fraud rate: {key}")


def test_a_scored_split_gets_its_rates_from_history_only(tmp_path: Path) -> None:
    history, scored = _data(tmp_path)
    features = scored_features(history, scored, PLAN)
    rate = features[:, _rate_column(PLAN, "Importer ID")]
    assert (rate[0::2] > 0.5).all() and (rate[1::2] < 0.5).all()  # I1 risky, as in history
    flipped = scored_features(history, _relabelled(scored, 1 - scored.fraud), PLAN)
    np.testing.assert_array_equal(features, flipped)


def test_history_labels_do_count(tmp_path: Path) -> None:
    history, scored = _data(tmp_path)
    features = scored_features(history, scored, PLAN)
    other = scored_features(_relabelled(history, 1 - history.fraud), scored, PLAN)
    assert not np.array_equal(features, other)


def test_a_training_row_never_sees_its_own_label(tmp_path: Path) -> None:
    history, _ = _data(tmp_path)
    features = training_features(history, PLAN, seed=3)
    for i in range(len(history)):
        fraud = history.fraud.copy()
        fraud[i] = 1 - fraud[i]
        changed = training_features(_relabelled(history, fraud), PLAN, seed=3)
        np.testing.assert_array_equal(changed[i], features[i])
    assert features.shape == (len(history), len(PLAN.names()))


def test_compound_keys_match_only_when_every_field_does(tmp_path: Path) -> None:
    split = _split(
        tmp_path,
        "k.csv",
        [
            row(Importer_ID="A", HS6_Code="440890"),
            row(Importer_ID="A", HS6_Code="440811"),
            row(Importer_ID="B", HS6_Code="440890"),
            row(Importer_ID="A", HS6_Code="440890"),
        ],
    )
    codes = key_codes(split, ("Importer ID", "HS6 Code")).tolist()
    assert codes[0] == codes[3] and len({codes[0], codes[1], codes[2]}) == 3
    hs4 = key_codes(split, ("HS4",)).tolist()
    assert hs4[0] == hs4[1] == hs4[2]
