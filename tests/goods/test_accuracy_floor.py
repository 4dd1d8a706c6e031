"""Accuracy floors on the development set (benchmarks/data/goods-dev.csv).

The floors sit just under the figures measured when they were set (see
docs/classification.md); they are never to be lowered to make a change pass.
The held-out split was not used to tune the lexicon or the calibration.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.evaluation import (
    LabelledDescription,
    evaluate,
    measure_coverage,
    read_labelled,
)
from borderwatch.goods.learned import LearnedExamples
from borderwatch.goods.wording_sets import read_wording_set
from borderwatch.rules.loader import shipped_rule_base
from borderwatch.settings import Settings

#: the confidence screening uses (the default of BORDERWATCH_CLASSIFY_CONFIDENCE)
CONFIDENT = Settings().classify_confidence

DEV = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "goods-dev.csv"

#: (split, digits) -> lowest acceptable top-1 accuracy
FLOORS = {  # measured 97.1 / 98.6 / 99.0 (held-out) and 95.0 / 98.0 / 98.8 (tune)
    ("heldout", 6): 0.95,
    ("heldout", 4): 0.97,
    ("heldout", 2): 0.97,
    ("tune", 6): 0.93,
    ("tune", 4): 0.96,
    ("tune", 2): 0.97,
}
LISTINGS = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "goods-listings-tune.csv"
#: digits -> lowest top-1 accuracy on the shop-title tuning set (measured 98.0 / 96.3 / 92.4
#: with the title reader; 97.6 / 95.7 / 91.5 before)
LISTING_FLOORS = {2: 0.97, 4: 0.95, 6: 0.91}
#: digits -> lowest top-1 accuracy on the HMRC parcel items' test half, a source nothing
#: was tuned on (measured 28.4 / 20.1 / 14.4 with the default lexicon classifier reading
#: till abbreviations, 25.3 / 17.5 / 12.4 before): abbreviated till wording is far from solved
PARCEL_FLOORS = {2: 0.28, 4: 0.20, 6: 0.14}


def _rows(split: str) -> list[LabelledDescription]:
    with DEV.open(encoding="utf-8", newline="") as stream:
        return [
            LabelledDescription(r["description"], r["hs6"], {"lang": r["lang"]})
            for r in csv.DictReader(stream)
            if r["split"] == split
        ]


def test_the_development_set_has_the_intended_shape() -> None:
    with DEV.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) >= 600
    share = {k: sum(1 for r in rows if r["lang"] == k) / len(rows) for k in ("en", "zh", "ko")}
    assert 0.6 < share["en"] < 0.8 and share["zh"] > 0.12 and share["ko"] > 0.12
    traveller = sum(1 for r in rows if r["group"] == "traveller") / len(rows)
    assert 0.5 < traveller < 0.7
    assert sum(1 for r in rows if r["split"] == "heldout") >= 150


@pytest.mark.parametrize("split", ["heldout", "tune"])
def test_top1_accuracy_floors(split: str) -> None:
    result = evaluate(_rows(split), default_classifier().classify, confident=CONFIDENT)
    for digits in (2, 4, 6):
        assert result.rate(1, digits) >= FLOORS[(split, digits)], (digits, result.as_dict())


def test_top1_accuracy_floors_on_shop_titles() -> None:
    with LISTINGS.open(encoding="utf-8", newline="") as stream:
        rows = read_labelled(stream, source=str(LISTINGS))
    result = evaluate(rows, default_classifier().classify, confident=CONFIDENT)
    for digits, floor in LISTING_FLOORS.items():
        assert result.rate(1, digits) >= floor, (digits, result.as_dict())


def test_no_confident_wrong_answer_on_goods_under_un_measures() -> None:
    """A description of goods a UN measure covers is never confidently put where it does not."""
    covering = measure_coverage(shipped_rule_base())
    result = evaluate(
        _rows("heldout") + _rows("tune"),
        default_classifier().classify,
        covering=covering,
        confident=CONFIDENT,
    )
    assert result.covered > 50  # the check has goods under UN measures to look at
    assert result.escaped == []


def _cbp(shared_data: Path) -> tuple[list[LabelledDescription], list[LabelledDescription]]:
    """The CBP rulings phrases split 80/20 by a hash of the ruling number (as benchmarks/)."""
    train, test = [], []
    path = shared_data / "hs-descriptions" / "cbp_cross_rulings_hs6.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        row = LabelledDescription(record["subject"].strip(), record["hs6"])
        held = int(hashlib.sha256(record["ruling"].encode()).hexdigest(), 16) % 5 == 0
        (test if held else train).append(row)
    return train, test


def test_officers_decisions_raise_accuracy_on_unseen_rulings(shared_data: Path) -> None:
    """Seeding the learning store with 80% of the CBP phrases helps on the other 20%."""
    train, test = _cbp(shared_data)
    base = default_classifier()
    seeded = base.with_learned(LearnedExamples((r.description, r.hs6) for r in train))
    without = evaluate(test, base.classify, confident=CONFIDENT)
    with_store = evaluate(test, seeded.classify, confident=CONFIDENT)
    assert without.rate(1, 2) >= 0.67 and without.rate(1, 6) >= 0.43  # measured 0.693, 0.443
    assert with_store.rate(1, 2) >= 0.71 and with_store.rate(1, 6) >= 0.50  # 0.738, 0.516
    # the store's gain shrank as the lexicon grew (+9.9 points at six digits with 706
    # subheadings, +7.3 with 3,249): what officers confirm still adds on top
    assert with_store.rate(1, 6) > without.rate(1, 6) + 0.05
    # unfamiliar wording scores low: measured 36 of 165 confident answers wrong
    assert without.confident_wrong <= 0.25 * without.confident


def test_top1_accuracy_floors_on_parcel_descriptions_never_trained_on(shared_data: Path) -> None:
    rows = [r for r in read_wording_set("hmrc", shared_data) if r.extra["half"] == "test"]
    assert len(rows) > 1000
    result = evaluate(rows, default_classifier().classify, confident=CONFIDENT)
    for digits, floor in PARCEL_FLOORS.items():
        assert result.rate(1, digits) >= floor, (digits, result.as_dict())
