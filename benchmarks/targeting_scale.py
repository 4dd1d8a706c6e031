"""Targeting at scale: training time and scoring throughput on 1,000,000 rows, ours beside a
plain LightGBM in the same run.

Two models, each on one thread:

* **customs** — the ranker of ``borderwatch eval targeting``: the public
  Customs Import Declaration Datasets' train + valid rows drawn with
  replacement to ``--rows`` (history features out of fold, 600 rounds), then
  the test rows drawn to ``--rows`` and scored with their history features;
  beside the plain LightGBM on the raw columns (100 rounds). The draw keeps
  the data's columns and labels; it only makes the data big.
* **baggage** — the model of ``borderwatch targeting train``: a simulated run's
  bags described once (declarations per second of the feature builder), the
  feature matrix then tiled to ``--rows`` to time training (200 rounds) and
  scoring; beside a plain LightGBM (defaults, 100 rounds) on the same matrix.

Peak memory (max RSS) is printed at the end. The figures are seconds and rows
per second; nothing here measures accuracy (``targeting_customs.py`` and
``targeting_baggage.py`` do).

Usage: python benchmarks/targeting_scale.py [--rows 1000000] [--data DIR] [--weeks 26]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import lightgbm as lgb  # after the thread setting
import numpy as np

from borderwatch.model import Declaration
from borderwatch.simulate import default_scenario, simulate
from borderwatch.targeting.baggage_features import baggage_features
from borderwatch.targeting.baggage_model import BaggageModel
from borderwatch.targeting.customs_data import CustomsSplit, load_customs_splits
from borderwatch.targeting.customs_features import concatenate
from borderwatch.targeting.customs_model import (
    fit_plain,
    fit_targeting,
    score_plain,
    score_targeting,
)

DEFAULT_DATA = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "customs-declarations"
)


def _drawn(split: CustomsSplit, rows: int, seed: int) -> CustomsSplit:
    """``rows`` rows of ``split`` drawn with replacement, in date order."""
    pick = np.random.default_rng(seed).integers(0, len(split), rows)
    pick = pick[np.argsort(split.day[pick], kind="stable")]
    return replace(
        split,
        source=f"{split.source} × {rows / len(split):.0f}",
        day=split.day[pick],
        text={k: v[pick] for k, v in split.text.items()},
        number={k: v[pick] for k, v in split.number.items()},
        fraud=split.fraud[pick],
        critical=split.critical[pick],
    )


def _timed(label: str, rows: int, work, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work(*args)
    seconds = time.perf_counter() - start
    print(f"  {label:<44}{seconds:>9.1f} s {rows / seconds:>14,.0f} rows/s")
    return result


def customs(data: Path, rows: int) -> None:
    splits = load_customs_splits(data)
    train = _drawn(concatenate([splits["train"], splits["valid"]], "train + valid"), rows, 1)
    test = _drawn(splits["test"], rows, 2)
    print(f"customs: {len(train):,} training rows, {len(test):,} scored rows")
    ours = _timed("ours: history features + train", rows, fit_targeting, train, 0)
    _timed("ours: history features + score", rows, score_targeting, ours, test)
    plain = _timed("plain LightGBM: train", rows, fit_plain, train, 0)
    _timed("plain LightGBM: score", rows, score_plain, plain, test)


def baggage(rows: int, weeks: int) -> None:
    bags, placed = [], []
    for row in simulate(default_scenario(), weeks=weeks, seed=1, legitimate_cargo=False):
        if row.declaration["channel"] == "baggage":
            bags.append(Declaration.model_validate(row.declaration))
            placed.append(any(t["role"] == "placed" for t in row.truth["items"]))
    print(f"baggage: {len(bags):,} simulated bags, features tiled to {rows:,} rows")
    features = _timed("ours: bag and bus features", len(bags), baggage_features, bags)
    tiles = -(-rows // len(bags))
    big = replace(
        features,
        values=np.tile(features.values, (tiles, 1))[:rows],
        group=(features.group * tiles)[:rows],
        shared_code=(features.shared_code * tiles)[:rows],
    )
    labels = np.tile(np.asarray(placed, dtype=np.float64), tiles)[:rows]
    model = _timed("ours: train", rows, BaggageModel.fit, big, labels)
    _timed("ours: score", rows, model.score, big)
    params = {"objective": "binary", "num_threads": 1, "verbose": -1}
    dataset = lgb.Dataset(big.values, label=labels)
    plain = _timed("plain LightGBM: train", rows, lgb.train, params, dataset, 100)
    _timed("plain LightGBM: score", rows, plain.predict, big.values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--weeks", type=int, default=26, help="simulated weeks of bags")
    args = parser.parse_args()
    customs(args.data, args.rows)
    baggage(args.rows, args.weeks)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
