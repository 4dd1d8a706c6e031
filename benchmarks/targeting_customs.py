"""Inspection targeting on the public Customs Import Declaration Datasets: ours vs plain LightGBM.

Prints, for the honest protocol (train 2020 + valid 2021 Q1 → test 2021 Q2,
chronological, scored once), the mean ± sd over seeds of precision, recall,
seized value (Item Price of the fraud caught, as a share of all fraud value;
the synthetic set has no revenue column) and critical frauds caught at 1, 2, 5
and 10% inspected, for our model and a plain LightGBM on the raw columns run
side by side, with the paper's published figures as the peer reference
(Jeong et al., arXiv:2208.02484, table of baselines: precision at 5% / 10%).
Also the seconds to train and score one seed, and the train → valid figures
every choice was made on (``--valid``).

Usage: python benchmarks/targeting_customs.py [--data ../shared/data/customs-declarations]
       [--seeds 5] [--valid]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from borderwatch.targeting.customs_data import load_customs_splits
from borderwatch.targeting.customs_eval import MODELS, Evaluation, evaluate
from borderwatch.targeting.customs_features import concatenate

#: the paper's baselines on the same test split: precision at 5% and at 10%
PAPER = {"LightGBM": (0.762, 0.641), "XGBoost": (0.675, 0.579), "CatBoost": (0.621, 0.520)}
DEFAULT_DATA = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "customs-declarations"
)


def _print(title: str, evaluation: Evaluation) -> None:
    print(
        f"\n{title}  ({evaluation.train_rows:,} → {evaluation.scored_rows:,} rows, "
        f"{len(evaluation.seeds)} seeds)"
    )
    print(f"{'figure':<18}{'at':>5}" + "".join(f"{m:>20}" for m in MODELS))
    for metric in ("precision", "recall", "value", "critical"):
        for share in evaluation.mean("ours", metric):
            cells = "".join(
                f"{evaluation.mean(m, metric)[share]:>12.3f} ± {evaluation.sd(m, metric)[share]:.3f}"
                for m in MODELS
            )
            print(f"{metric:<18}{share + '%':>5}{cells}")
    for model in MODELS:
        print(f"seconds per seed to train and score, {model}: {evaluation.seconds(model):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument(
        "--valid", action="store_true", help="also train → valid (the choosing run)"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    splits = load_customs_splits(args.data)
    print(
        f"loaded {sum(len(s) for s in splits.values()):,} declarations in "
        f"{time.perf_counter() - start:.1f} s"
    )
    seeds = list(range(args.seeds))
    if args.valid:
        _print(
            "train → valid (where every choice was made)",
            evaluate(splits["train"], splits["valid"], seeds),
        )
    history = concatenate([splits["train"], splits["valid"]], "train+valid")
    _print(
        "train+valid → test, chronological (scored once)", evaluate(history, splits["test"], seeds)
    )
    print("\npeer reference, the paper's baselines on the same test split (precision at 5% / 10%):")
    for name, (five, ten) in PAPER.items():
        print(f"  {name:<10}{five:.3f} / {ten:.3f}")


if __name__ == "__main__":
    main()
