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

Usage: python benchmarks/calibrate.py [--shared ../shared/data] [--write]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import yaml

from borderwatch.goods.classifier import FEATURES, HSClassifier, calibration_features
from borderwatch.goods.learned import LearnedExamples
from classify import DEV, LISTINGS_TUNE, ROOT, _cbp_rows, _labelled

OUT = ROOT / "src" / "borderwatch" / "goods" / "data" / "calibration.yaml"


def _examples(
    classifier: HSClassifier, rows: list[tuple[str, str]]
) -> list[tuple[list[float], int]]:
    examples = []
    for description, gold in rows:
        found = classifier.evidence(description)[:5]
        for rank, ev in enumerate(found):
            rival = (
                (found[1].strength if len(found) > 1 else 0.0) if rank == 0 else found[0].strength
            )
            feats = calibration_features(ev, rival)
            examples.append(([feats[k] for k in FEATURES], int(ev.hs == gold)))
    return examples


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = 1e-3, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method; the last weight is the intercept."""
    x1 = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x1.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x1 @ w))
        grad = x1.T @ (p - y) + l2 * w
        hess = (x1 * (p * (1 - p))[:, None]).T @ x1 + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--write", action="store_true", help="write calibration.yaml")
    args = parser.parse_args()
    plain = HSClassifier()
    with DEV.open(encoding="utf-8", newline="") as stream:
        dev = [(r["description"], r["hs6"]) for r in csv.DictReader(stream) if r["split"] == "tune"]
    examples = _examples(plain, dev)
    examples += _examples(plain, [(r.description, r.hs6) for r in _labelled(LISTINGS_TUNE)])
    if not (args.shared / "hs-descriptions").is_dir():
        print(f"skipped: no shared data at {args.shared}; the calibration needs the CBP phrases")
        return
    train, _ = _cbp_rows(args.shared)
    cbp = [(r.description, r.hs6) for r in train]
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
    w = fit(x, y)
    p = 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))
    print(
        f"{len(y)} candidate examples, {int(y.sum())} right; Brier score {np.mean((p - y) ** 2):.4f}"
    )
    weights = {k: round(float(v), 4) for k, v in zip(FEATURES, w[:-1], strict=True)}
    print("weights", weights, "intercept", round(float(w[-1]), 4))
    if args.write:
        header = (
            "# Logistic calibration of classifier scores: score = sigmoid(sum(weight * feature)"
            " + intercept).\n# Written by benchmarks/calibrate.py from the dev set's tune split,"
            " the listing tuning set\n# and the CBP phrases outside the held-back 20%;"
            " never from held-out or blind rows.\n"
        )
        body = yaml.safe_dump(
            {"weights": weights, "intercept": round(float(w[-1]), 4)}, sort_keys=False
        )
        OUT.write_text(header + body, encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
