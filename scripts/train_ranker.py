"""Train the goods classifier's ranker and calibrate its scores; write them into the package.

Split by source, never at random (rows of one source never train and test at once):

- train: CBP ruling phrases outside the held-back fold 0 (benchmarks/classify.py keeps
  fold 0 to measure on), the project's own tuning sets (benchmarks/data/goods-dev.csv
  split=tune, goods-listings-tune.csv) and the Korean decisions' regression sample;
- dev: the HMRC parcel descriptions' dev half (calibration only: the model never
  trains on HMRC), the GACC decisions (Chinese) and the Korean decisions' test sample
  (features and parameters were chosen looking at them in benchmarks/classify.py);
- test, never read here: the HMRC test half, CBP fold 0, goods-blind.csv and
  goods-dev.csv split=heldout.

Each CBP fold is featured with an officers' learning store seeded from the other
training folds, so the model learns what a confirmation of similar wording is worth
(the project's own sets and the Korean sample are featured with an empty store). The calibration is fitted on
out-of-fold predictions (five folds by a hash of the description): the chance that the
best candidate is right from its score and lead (logistic), and the knot placing the
confidence setting where at least :data:`TARGET` of best answers above it were right on the out-of-fold rows. (Placing it on the HMRC dev
half as well does not reach 95% there either and costs clear descriptions their
confidence: see docs/classification.md.)

Deterministic: LightGBM with a fixed seed and one thread.

Usage: python scripts/train_ranker.py [--shared ../shared/data] [--rounds 120]
"""

from __future__ import annotations

import argparse
import csv
import pickle
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import lightgbm
import numpy as np
import yaml

from borderwatch.goods.built import build_shipped_labels, build_shipped_parts
from borderwatch.goods.classifier import HSClassifier
from borderwatch.goods.evaluation import LabelledDescription, read_labelled
from borderwatch.goods.learned import LearnedExamples
from borderwatch.goods.ranker import FEATURE_NAMES, CandidateTable
from borderwatch.goods.ranker_model import MODEL_FORMAT, RankerCalibration, best_values
from borderwatch.goods.wording_sets import fold_of, read_wording_set
from borderwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "borderwatch" / "goods" / "data" / "ranker"
BENCH = ROOT / "benchmarks" / "data"
SEED = 20261207
#: share of confident best answers that must be right on out-of-fold predictions
TARGET = 0.95
#: what the calibration reads of the best candidate (see goods/ranker_model.py)
CALIBRATED = (
    "top",
    "margin",
    "strength",
    "lexicon",
    "learned",
    "labels_relative_sum",
    "unexplained",
    "tokens_known",
    "words",
    "generic",
)
PARAMS = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "ndcg_eval_at": [1, 5],
    "learning_rate": 0.1,
    "num_leaves": 15,
    "max_depth": 5,  # the classifier walks every tree to the deepest one's depth
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambdarank_truncation_level": 20,
    "seed": SEED,
    "deterministic": True,
    "num_threads": 1,
    "verbose": -1,
}


def _own(path: Path, split: str | None = None) -> list[LabelledDescription]:
    with path.open(encoding="utf-8", newline="") as stream:
        if split is None:
            return read_labelled(stream, source=str(path))
        rows = list(csv.DictReader(stream))
    return [LabelledDescription(r["description"], r["hs6"]) for r in rows if r["split"] == split]


class Table:
    """Feature rows, graded relevance and query groups for LightGBM."""

    def __init__(self) -> None:
        self.rows: list[tuple[float, ...]] = []
        self.relevance: list[int] = []
        self.groups: list[int] = []
        self.folds: list[int] = []
        self.codes: list[list[str]] = []
        self.answers: list[str] = []

    def add(self, classifier: HSClassifier, row: LabelledDescription) -> None:
        table = classifier.candidates(row.description)
        relevance = [
            2 if hs == row.hs6 else 1 if hs[:4] == row.hs6[:4] else 0 for hs in table.codes
        ]
        if not any(relevance):
            return  # nothing to learn from: the right heading is no candidate
        self.rows.extend(table.rows)
        self.relevance.extend(relevance)
        self.groups.append(len(table.codes))
        self.folds.append(fold_of(row.description))
        self.codes.append(list(table.codes))
        self.answers.append(row.hs6)

    def select(self, keep: Sequence[bool]) -> tuple[np.ndarray, np.ndarray, list[int]]:
        mask, groups = [], []
        for size, kept in zip(self.groups, keep, strict=True):
            mask.extend([kept] * size)
            if kept:
                groups.append(size)
        chosen = np.asarray(mask)
        return np.asarray(self.rows)[chosen], np.asarray(self.relevance)[chosen], groups


def featured(classifier: HSClassifier, rows: list[LabelledDescription], table: Table) -> None:
    for number, row in enumerate(rows, start=1):
        table.add(classifier, row)
        if number % 500 == 0:
            print(f"  {number}/{len(rows)}", flush=True)


def train(x: np.ndarray, y: np.ndarray, groups: list[int], rounds: int) -> lightgbm.Booster:
    data = lightgbm.Dataset(x, y, group=groups, feature_name=list(FEATURE_NAMES))
    return lightgbm.train(PARAMS, data, num_boost_round=rounds)


Point = tuple[dict[str, float], bool]


def point(
    scores: np.ndarray,
    table: CandidateTable | None,
    rows: list[tuple[float, ...]],
    codes: list[str],
    answer: str,
) -> Point:
    """What the calibration reads of the best candidate, and whether it is right."""
    raw = [float(v) for v in scores]
    order = sorted(range(len(raw)), key=lambda i: (-raw[i], codes[i]))
    values = best_values(CandidateTable(tuple(codes), tuple(rows), {}, {}), raw, order)
    return values, codes[order[0]] == answer


def out_of_fold(table: Table, rounds: int) -> list[Point]:
    """The best candidate of every query, predicted by a model that never saw it."""
    found: list[Point] = []
    starts = np.cumsum([0, *table.groups])
    for fold in range(5):
        model = train(*table.select([f != fold for f in table.folds]), rounds)
        for q, f in enumerate(table.folds):
            if f != fold:
                continue
            rows = table.rows[starts[q] : starts[q + 1]]
            scores = model.predict(np.asarray(rows), num_threads=1)
            found.append(point(scores, None, rows, table.codes[q], table.answers[q]))
    return found


def unfamiliar(
    model: lightgbm.Booster, classifier: HSClassifier, rows: list[LabelledDescription]
) -> list[Point]:
    """The best candidate of every row of a source the model never trained on."""
    found: list[Point] = []
    for row in rows:
        table = classifier.candidates(row.description)
        if not table.rows:
            continue
        scores = model.predict(np.asarray(table.rows), num_threads=1)
        found.append(point(scores, table, list(table.rows), list(table.codes), row.hs6))
    return found


def fit_logistic(points: list[Point]) -> tuple[float, dict[str, float]]:
    """Intercept and weights of :data:`CALIBRATED`, by Newton's method (a small L2 penalty)."""
    x = np.asarray([[1.0, *(v[k] for k in CALIBRATED)] for v, _ in points])
    y = np.asarray([1.0 if r else 0.0 for _, r in points])
    w = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (p - y) + 1e-2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-2 * np.eye(x.shape[1])
        w -= np.linalg.solve(hessian, gradient)
    return float(w[0]), {k: round(float(v), 6) for k, v in zip(CALIBRATED, w[1:], strict=True)}


def confident_knot(chances: list[tuple[float, bool]]) -> float:
    """The lowest chance above which at least TARGET of best answers were right."""
    ranked = sorted(chances, key=lambda c: -c[0])
    right, knot = 0, 1.0
    for number, (chance, ok) in enumerate(ranked, start=1):
        right += ok
        if number >= 20 and right / number >= TARGET:
            knot = chance
    return knot


@cache
def _plain_classifier() -> HSClassifier:
    """The classifier's candidates and features, without a ranker and learned examples."""
    parts = build_shipped_parts()
    return HSClassifier(
        codes=parts.codes, index=parts.index, matcher=parts.matcher, labels=build_shipped_labels()
    )


def featured_training_rows(shared: Path) -> Table:
    """The training rows' candidates and features."""
    plain = _plain_classifier()
    cbp = [r for r in read_wording_set("cbp", shared) if r.extra["fold"] != "0"]
    kcs = read_wording_set("kcs", shared)
    own = _own(BENCH / "goods-dev.csv", "tune") + _own(BENCH / "goods-listings-tune.csv")
    table = Table()
    print("featuring the training rows")
    for fold in "1234":  # each fold featured with the others' rulings as officers' decisions
        store = LearnedExamples((r.description, r.hs6) for r in cbp if r.extra["fold"] != fold)
        featured(plain.with_learned(store), [r for r in cbp if r.extra["fold"] == fold], table)
    featured(plain, own + [r for r in kcs if r.extra["part"] == "regression"], table)
    return table


def fit_and_write(table: Table, rounds: int, out: Path, dev: list[LabelledDescription]) -> None:
    """Train on all rows; calibrate on out-of-fold predictions and on the dev source
    (descriptions of a source the model never saw); write both files."""
    points = out_of_fold(table, rounds)
    model = train(*table.select([True] * len(table.groups)), rounds)
    plain = _plain_classifier()
    dev_points = unfamiliar(model, plain, dev)
    intercept, weights = fit_logistic(points + dev_points)
    calibration = RankerCalibration(weights, intercept, ((0.0, 0.0), (1.0, 1.0)))
    for name, chosen in (("out-of-fold", points), ("dev source", dev_points)):
        chances = sorted(((calibration.chance(v), ok) for v, ok in chosen), key=lambda c: -c[0])
        right = sum(ok for _, ok in chosen) / len(chosen)
        best = ", ".join(
            f"top {n} {sum(ok for _, ok in chances[:n]) / n:.0%}" for n in (10, 20, 50, 100)
        )
        print(f"{name}: {len(chosen)} rows, best right {right:.1%}; most likely: {best}")
    knot = confident_knot([(calibration.chance(v), ok) for v, ok in points])
    pooled = confident_knot([(calibration.chance(v), ok) for v, ok in points + dev_points])
    print(f"knot {knot:.3f} (out-of-fold; with the dev source it would be {pooled:.3f})")
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.txt").write_text(model.model_to_string(), encoding="utf-8")
    written = {
        "format": MODEL_FORMAT,
        "features": list(FEATURE_NAMES),
        "trained_on": "CBP rulings folds 1-4, goods-dev tune, goods-listings-tune, KCS regression",
        "calibrated_on": "out-of-fold predictions of the training rows; HMRC parcel items, dev half",
        "logistic": {"intercept": round(intercept, 6), "weights": weights},
        "knots": [[0.0, 0.0], [round(knot, 6), Settings().classify_confidence], [1.0, 1.0]],
    }
    header = "# Written by scripts/train_ranker.py; see goods/ranker_model.py for the meaning.\n"
    text = header + yaml.safe_dump(written, sort_keys=False, allow_unicode=True)
    (out / "calibration.yaml").write_text(text, encoding="utf-8")
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--rounds", type=int, default=120)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--features", type=Path, help="a file to keep the featured rows in between runs"
    )
    args = parser.parse_args()
    if args.features and args.features.exists():
        table = pickle.loads(args.features.read_bytes())
    else:
        table = featured_training_rows(args.shared)
        if args.features:
            args.features.write_bytes(pickle.dumps(table))
    print(f"{len(table.groups)} queries, {len(table.rows)} candidate rows")
    dev = [r for r in read_wording_set("hmrc", args.shared) if r.extra["half"] == "dev"]
    fit_and_write(table, args.rounds, args.out, dev)


if __name__ == "__main__":
    main()
