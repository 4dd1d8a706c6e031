"""Fit the classifier's score calibration (logistic regression) and write calibration.yaml.

Training rows, never the held-out ones:
  - the `tune` split of benchmarks/data/goods-dev.csv, without learned examples;
  - the listing-style tuning set benchmarks/data/goods-listings-tune.csv (shop
    titles, whose low word coverage the other sets do not show);
  - the CBP rulings phrases outside the held-back 20% (see classify.py), once
    without learned examples and once split in halves, the second half
    classified with the first half as the learning store, so the weight of
    officers' decisions is fitted too.
Each of the top five candidates of a row is one example, labelled by whether it
is the right six-digit code. Prints the fitted weights and the Brier score.

Usage: python benchmarks/calibrate.py [--shared ../shared/data] [--fit NAME ...] [--write]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import yaml

from borderwatch.goods.calibration import FEATURES, shipped_calibration
from borderwatch.goods.classifier import HSClassifier
from borderwatch.goods.learned import LearnedExamples
from borderwatch.goods.wording_sets import read_wording_set

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
OUT = ROOT / "src" / "borderwatch" / "goods" / "data" / "calibration.yaml"
HEADER = """\
# Logistic calibration of classifier scores: score = sigmoid(sum(weight * feature) + intercept).
# Written by benchmarks/calibrate.py from the dev set's tune split, the listing tuning set and
# the CBP phrases outside the held-back 20%; never from held-out, blind or HMRC rows. The
# `unexplained` weight (share of words no lexicon name or nomenclature text knows) was set by
# hand on the same tuning rows: a refit of all weights gave more confident wrong answers
# (calibrate.py --fit NAME ... refits some weights and holds the others).
"""


def _examples(
    classifier: HSClassifier, rows: list[tuple[str, str]]
) -> list[tuple[list[float], int]]:
    examples = []
    for description, gold in rows:
        for ev, feats in classifier.calibrated(description, 5):
            examples.append(([feats[k] for k in FEATURES], int(ev.hs == gold)))
    return examples


def fit(
    x: np.ndarray,
    y: np.ndarray,
    *,
    l2: float = 1e-3,
    steps: int = 50,
    offset: np.ndarray | None = None,
    intercept: bool = True,
) -> np.ndarray:
    """Logistic regression by Newton's method; the last weight is the intercept (when
    fitted). ``offset`` is added to every row's sum: the part of the score held fixed."""
    x1 = np.hstack([x, np.ones((len(x), 1))]) if intercept else x
    w = np.zeros(x1.shape[1])
    fixed = np.zeros(len(x)) if offset is None else offset
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x1 @ w + fixed)))
        grad = x1.T @ (p - y) + l2 * w
        hess = (x1 * (p * (1 - p))[:, None]).T @ x1 + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--write", action="store_true", help="write calibration.yaml")
    parser.add_argument(
        "--fit",
        nargs="*",
        choices=FEATURES,
        default=[],
        help="fit only these weights, holding the others and the intercept as shipped",
    )
    args = parser.parse_args()
    plain = HSClassifier()
    with (DATA / "goods-dev.csv").open(encoding="utf-8", newline="") as stream:
        dev = [(r["description"], r["hs6"]) for r in csv.DictReader(stream) if r["split"] == "tune"]
    with (DATA / "goods-listings-tune.csv").open(encoding="utf-8", newline="") as stream:
        listings = [(r["description"], r["hs6"]) for r in csv.DictReader(stream)]
    examples = _examples(plain, dev) + _examples(plain, listings)
    if not (args.shared / "hs-descriptions").is_dir():
        print(f"skipped: no shared data at {args.shared}; the calibration needs the CBP phrases")
        return
    # fold 0 is held back for benchmarks/classify.py
    cbp = [
        (r.description, r.hs6)
        for r in read_wording_set("cbp", args.shared)
        if r.extra["fold"] != "0"
    ]
    examples += _examples(plain, cbp)
    half = len(cbp) // 2
    seeded = HSClassifier(
        lexicon=plain.lexicon,
        codes=plain.codes,
        index=plain.index,
        learned=LearnedExamples(cbp[:half]),
    )
    examples += _examples(seeded, cbp[half:])
    x = np.array([e[0] for e in examples])
    y = np.array([e[1] for e in examples], dtype=float)
    shipped = shipped_calibration()
    chosen = [k for k in FEATURES if not args.fit or k in args.fit]
    if args.fit:  # the other weights and the intercept are held as shipped
        held = [k for k in FEATURES if k not in chosen]
        columns = [FEATURES.index(k) for k in held]
        offset = x[:, columns] @ np.array([shipped.weights.get(k, 0.0) for k in held])
        offset += shipped.intercept
        fitted = fit(x[:, [FEATURES.index(k) for k in chosen]], y, offset=offset, intercept=False)
        weights = {**shipped.weights, **dict(zip(chosen, fitted.tolist(), strict=True))}
        intercept = shipped.intercept
    else:
        fitted = fit(x, y)
        weights = dict(zip(FEATURES, fitted[:-1].tolist(), strict=True))
        intercept = float(fitted[-1])
    weights = {k: round(float(weights.get(k, 0.0)), 4) for k in FEATURES}
    z = x @ np.array([weights[k] for k in FEATURES]) + intercept
    p = 1 / (1 + np.exp(-z))
    print(
        f"{len(y)} candidate examples, {int(y.sum())} right; Brier score {np.mean((p - y) ** 2):.4f}"
    )
    print("weights", weights, "intercept", round(intercept, 4), "fitted:", ", ".join(chosen))
    if args.write:
        body = yaml.safe_dump(
            {"weights": weights, "intercept": round(intercept, 4)}, sort_keys=False
        )
        OUT.write_text(HEADER + body, encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
