"""Goods classification time against description length, 1 KB to 1 MB, on one core.

Prints one row per length: the time of ``classify()`` (which reads at most
``MAX_DESCRIPTION_CHARS`` characters), the time of the untruncated path (the
whole text through the same evidence gathering) where that is still feasible,
and whether the two agree on the best candidate.

Before the linear rewrite (commit 72a0c1f) the untruncated path grew
quadratically: 64 KB took ~7 s, 128 KB ~13.6 s, 1 MB did not finish in 600 s.

Usage: python benchmarks/classify_long.py [--untruncated-up-to 262144] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from borderwatch.goods.classifier import HSClassifier, default_classifier
from borderwatch.goods.features import gather_evidence
from borderwatch.goods.limits import MAX_DESCRIPTION_CHARS
from borderwatch.goods.text import normalise

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "benchmarks" / "data" / "goods-dev.csv"
LENGTHS = [1 << k for k in range(10, 21)]  # 1 KB ... 1 MB


def long_description(length: int) -> str:
    """Development-set descriptions (three scripts) joined by commas, cut to ``length``."""
    with DEV.open(encoding="utf-8", newline="") as stream:
        rows = [r["description"] for r in csv.DictReader(stream)]
    parts, total, i = [], 0, 0
    while total < length:
        parts.append(rows[(i * 37) % len(rows)])
        total += len(parts[-1]) + 2
        i += 1
    return ", ".join(parts)[:length]


def _best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def _untruncated(classifier: HSClassifier, text: str) -> str:
    found = gather_evidence(
        normalise(text), classifier.matcher, classifier.index, classifier.learned, classifier.codes
    )
    return found[0].hs if found else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--untruncated-up-to", type=int, default=1 << 18)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    classifier = default_classifier()
    classifier.classify("warm up")
    print(f"classify() reads at most {MAX_DESCRIPTION_CHARS:,} characters")
    print(f"{'length':>10}  {'classify()':>11}  {'untruncated':>11}  best (capped / whole)")
    for length in LENGTHS:
        text = long_description(length)
        capped, found = _best_of(args.repeat, partial(classifier.classify, text))
        best = found[0].hs if isinstance(found, list) and found else "-"
        if length <= args.untruncated_up_to:
            repeat = 1 if length > 65536 else args.repeat
            whole, whole_best = _best_of(repeat, partial(_untruncated, classifier, text))
            cells = f"{whole * 1000:9.1f} ms  {best} / {whole_best}"
        else:
            cells = f"{'(skipped)':>12}  {best}"
        print(f"{length:>10,}  {capped * 1000:8.1f} ms  {cells}")


if __name__ == "__main__":
    main()
