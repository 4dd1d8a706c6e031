"""Goods classification: accuracy and speed, on one core.

Prints
  (1) the index build time (lexicon, nomenclature, BM25);
  (2) accuracy (top-1/top-5 at 2, 4, 6 digits) on benchmarks/data/goods-dev.csv,
      the tuning part and the held-out part separately, and per language;
      then on the blind set benchmarks/data/goods-blind.csv (shop listings and
      customs wording written without sight of the classifier; totals only, never
      used for tuning — see goods-blind.md), beside the peer of this run (the same
      classifier without its lexicon: BM25 over the HS 2022 texts), and on the
      listing-style tuning set benchmarks/data/goods-listings-tune.csv;
  (3) accuracy on a held-back 20% of the CBP rulings phrases in
      ../shared/data/hs-descriptions/, without learning and with the learning
      store seeded from the other 80% (the peer comparison of this run);
  (4) descriptions per second and p50/p99 latency per description.

Run on one core: `taskset -c 0 python benchmarks/classify.py` (the script also
pins itself to one core where the OS allows).

Usage: python benchmarks/classify.py [--shared ../shared/data] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import time
from pathlib import Path

from borderwatch.goods.classifier import HSClassifier
from borderwatch.goods.evaluation import LEVELS, LabelledDescription, evaluate, read_labelled
from borderwatch.goods.learned import LearnedExamples
from borderwatch.goods.lexicon import Lexicon, shipped_lexicon
from borderwatch.goods.retrieval import build_index
from borderwatch.reference.hs import nomenclature
from borderwatch.settings import get_settings

#: the confidence screening uses, as set in the environment
CONFIDENT = get_settings().classify_confidence

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "benchmarks" / "data" / "goods-dev.csv"
BLIND = ROOT / "benchmarks" / "data" / "goods-blind.csv"
LISTINGS_TUNE = ROOT / "benchmarks" / "data" / "goods-listings-tune.csv"


def _row(name: str, rows: list[LabelledDescription], classifier: HSClassifier) -> None:
    result = evaluate(rows, classifier.classify, confident=CONFIDENT)
    cells = "  ".join(f"{result.rate(1, d):6.1%}" for d in LEVELS)
    cells5 = "  ".join(f"{result.rate(5, d):6.1%}" for d in LEVELS)
    print(
        f"{name:<34} {result.total:>5}  top-1 {cells}   top-5 {cells5}   "
        f"confident-wrong {result.confident_wrong}/{result.confident}"
    )


def _dev_rows() -> list[LabelledDescription]:
    with DEV.open(encoding="utf-8", newline="") as stream:
        return [
            LabelledDescription(
                r["description"], r["hs6"], {k: r[k] for k in ("lang", "group", "split")}
            )
            for r in csv.DictReader(stream)
        ]


def _labelled(path: Path) -> list[LabelledDescription]:
    with path.open(encoding="utf-8", newline="") as stream:
        return read_labelled(stream, source=str(path))


def _by(name: str, rows: list[LabelledDescription], column: str, classifier: HSClassifier) -> None:
    _row(name, rows, classifier)
    for value in sorted({r.extra.get(column, "") for r in rows}):
        _row(f"  {column}={value}", [r for r in rows if r.extra.get(column) == value], classifier)


def held_back(ruling: str) -> bool:
    """The CBP rows evaluated (20%), chosen by a hash of the ruling number."""
    return int(hashlib.sha256(ruling.encode()).hexdigest(), 16) % 5 == 0


def _cbp_rows(shared: Path) -> tuple[list[LabelledDescription], list[LabelledDescription]]:
    path = shared / "hs-descriptions" / "cbp_cross_rulings_hs6.jsonl"
    train, test = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        row = LabelledDescription(record["subject"].strip(), record["hs6"])
        (test if held_back(record["ruling"]) else train).append(row)
    return train, test


def _latency(classifier: HSClassifier, texts: list[str], repeat: int) -> None:
    timings = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            classifier.classify(text)
            timings.append(time.perf_counter() - start)
    timings.sort()
    p50 = timings[len(timings) // 2] * 1000
    p99 = timings[int(len(timings) * 0.99)] * 1000
    rate = len(timings) / sum(timings)
    print(
        f"  {len(timings)} classifications: {rate:,.0f} descriptions/s; p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    start = time.perf_counter()
    codes, lexicon = nomenclature(), shipped_lexicon()
    loaded = time.perf_counter()
    index = build_index(codes, lexicon)
    built = time.perf_counter()
    classifier = HSClassifier(codes=codes, lexicon=lexicon, index=index)
    ready = time.perf_counter()
    print("(1) build")
    print(
        f"  nomenclature + lexicon {loaded - start:.2f} s, BM25 index {built - loaded:.2f} s, "
        f"matcher {ready - built:.2f} s; {len(lexicon)} lexicon entries"
    )

    print("(2) development set (benchmarks/data/goods-dev.csv), 2/4/6 digits")
    dev = _dev_rows()
    _row("all", dev, classifier)
    for split in ("tune", "heldout"):
        _row(f"split={split}", [r for r in dev if r.extra["split"] == split], classifier)
    for lang in ("en", "zh", "ko"):
        _row(
            f"heldout lang={lang}",
            [r for r in dev if r.extra["split"] == "heldout" and r.extra["lang"] == lang],
            classifier,
        )
    for group in ("traveller", "cargo"):
        _row(
            f"heldout group={group}",
            [r for r in dev if r.extra["split"] == "heldout" and r.extra["group"] == group],
            classifier,
        )

    print("(2b) blind set (benchmarks/data/goods-blind.csv; totals only, never tuned on)")
    blind = _labelled(BLIND)
    _by("blind, by kind", blind, "kind", classifier)
    _by("blind, by language", blind, "lang", classifier)
    # the peer of this run: the same retrieval and calibration without the lexicon
    peer = HSClassifier(codes=codes, lexicon=Lexicon([]))
    _by("peer: BM25 over HS texts only", blind, "kind", peer)
    if LISTINGS_TUNE.exists():
        print("(2c) listing-style tuning set (benchmarks/data/goods-listings-tune.csv)")
        _by("listings tune", _labelled(LISTINGS_TUNE), "lang", classifier)

    if (args.shared / "hs-descriptions").is_dir():
        print("(3) CBP rulings phrases, held-back 20%")
        train, test = _cbp_rows(args.shared)
        _row("no learning", test, classifier)
        _row("peer: BM25 over HS texts only", test, peer)
        seeded = classifier.with_learned(LearnedExamples((r.description, r.hs6) for r in train))
        _row(f"learning store from 80% ({len(train)})", test, seeded)
    else:
        print(f"(3) skipped: no shared data at {args.shared}")

    print("(4) speed, one core, development set descriptions")
    texts = [r.description for r in dev]
    _latency(classifier, texts, args.repeat)


if __name__ == "__main__":
    main()
