"""Goods classification on real-world wording: this code beside the previous release and BM25.

One run, every set reported on its own (source x language x kind), for:

- ``ranker``: the opt-in classifier (``BORDERWATCH_CLASSIFY_RANKER``: lexicon + BM25
  candidates, national tariff label texts, the learned LightGBM ranker and its
  calibration);
- ``lexicon``: the default classifier of this code (lexicon and nomenclature evidence,
  noisy-OR, logistic calibration);
- ``baseline``: with ``--baseline``, the default classifier of an earlier revision or
  checkout (the previous release) on the same rows, run in a child process of its own
  (``benchmarks/earlier_code.py``);
- ``bm25``: a plain peer, BM25 over the four national schedules' label texts
  (sum of each schedule's score relative to its best); it claims no confidence.

Sets and their role (see scripts/train_ranker.py for the split): test sources never
trained or tuned on — ``hmrc`` parcel and till descriptions (test half), ``blind`` (the project's
blind set, by language and kind), ``dev-heldout``; ``cbp`` fold 0 (held back from a
training source); dev sources — ``hmrc`` dev half (the calibration is fitted on it), ``gacc``,
``kcs`` test sample (features and parameters were looked at on them); and, for reference, the training sets ``dev-tune`` and
``listings-tune``.

Columns: top-1 at 2/4/6 digits, top-5 at 6 digits, how many best answers were
confident (score >= the confidence setting) and the share of those right, and how
many rows of goods under UN measures were confidently put outside them.
Then p50/p99 milliseconds per description on one core (answers not remembered), by
the wall clock and by this process's CPU time (the machine may be shared).

Usage: python benchmarks/classify.py [--shared ../shared/data] [--only hmrc,cbp]
       [--baseline 1a8b700 | --baseline /tmp/base/src]
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from collections.abc import Callable
from pathlib import Path

from borderwatch.goods.built import build_shipped_labels, build_shipped_parts
from borderwatch.goods.classifier import HSClassifier
from borderwatch.goods.evaluation import LabelledDescription, evaluate, measure_coverage
from borderwatch.goods.label_texts import LABEL_SOURCES, LabelIndexes
from borderwatch.goods.ranker_model import shipped_ranker
from borderwatch.goods.retrieval import query_tokens
from borderwatch.goods.text import normalise
from borderwatch.goods.wording_sets import read_wording_set
from borderwatch.model.verdict import HSCandidate
from borderwatch.rules.loader import shipped_rule_base
from borderwatch.settings import get_settings
from earlier_code import baseline_answers

CONFIDENT = get_settings().classify_confidence
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"

Classify = Callable[..., list[HSCandidate]]


class LabelBM25:
    """The plain peer: BM25 over the national schedules' label texts, no lexicon, no model."""

    def __init__(self, labels: LabelIndexes) -> None:
        self.labels = labels

    def classify(self, description: str, *, top_k: int = 5) -> list[HSCandidate]:
        text = normalise(description)
        tokens = query_tokens(text.words, text.cjk_runs)
        total: dict[str, float] = {}
        for source in LABEL_SOURCES:
            found = self.labels.indexes[source].search(tokens, limit=30)
            for hit in found:
                total[hit.hs] = total.get(hit.hs, 0.0) + hit.score / found[0].score
        best = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:top_k]
        return [HSCandidate(hs=hs, score=0.0, explanation="bm25") for hs, _ in best]


def _own(name: str, **where: str) -> list[LabelledDescription]:
    with (DATA / name).open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return [
        LabelledDescription(
            r["description"], r["hs6"], {"lang": r.get("lang", ""), "kind": r.get("kind", "")}
        )
        for r in rows
        if all(r.get(k) == v for k, v in where.items())
    ]


def _by_language_and_kind(
    name: str, rows: list[LabelledDescription]
) -> list[tuple[str, list[LabelledDescription]]]:
    keys = sorted({(r.extra.get("lang", ""), r.extra.get("kind", "")) for r in rows})
    found = []
    for lang, kind in keys:
        chosen = [
            r for r in rows if (r.extra.get("lang", ""), r.extra.get("kind", "")) == (lang, kind)
        ]
        found.append((f"{name} {lang} {kind}".rstrip(), chosen))
    return found


def sets(shared: Path) -> list[tuple[str, str, list[LabelledDescription]]]:
    """(role, name, rows) of every set reported."""
    found: list[tuple[str, str, list[LabelledDescription]]] = []
    if (shared / "parcel-descriptions").is_dir():
        hmrc = read_wording_set("hmrc", shared)
        found.append(
            ("test", "hmrc en parcel test", [r for r in hmrc if r.extra["half"] == "test"])
        )
        found.append(("dev", "hmrc en parcel dev", [r for r in hmrc if r.extra["half"] == "dev"]))
        cbp = read_wording_set("cbp", shared)
        found.append(("held", "cbp en ruling fold0", [r for r in cbp if r.extra["fold"] == "0"]))
        kcs = read_wording_set("kcs", shared)
        found.append(
            ("dev", "kcs ko decision test", [r for r in kcs if r.extra["part"] == "testset"])
        )
        found.append(("dev", "gacc zh decision", read_wording_set("gacc", shared)))
    else:
        print(f"(no shared data at {shared}: only the project's own sets)")
    found += [("test", n, r) for n, r in _by_language_and_kind("blind", _own("goods-blind.csv"))]
    heldout = _own("goods-dev.csv", split="heldout")
    found += [
        ("test", f"dev-heldout {lang}", [r for r in heldout if r.extra["lang"] == lang])
        for lang in ("en", "zh", "ko")
    ]
    found.append(("train", "dev-tune", _own("goods-dev.csv", split="tune")))
    found.append(("train", "listings-tune", _own("goods-listings-tune.csv")))
    return found


def _cells(
    rows: list[LabelledDescription], classify: Classify, covering: Callable[[str], frozenset[str]]
) -> str:
    result = evaluate(rows, classify, covering=covering, confident=CONFIDENT)
    top1 = " ".join(f"{result.rate(1, d):6.1%}" for d in (2, 4, 6))
    right = (
        (result.confident - result.confident_wrong) / result.confident if result.confident else 0.0
    )
    outside = f"{len(result.escaped)}/{result.covered}" if result.covered else "-"
    return (
        f"{top1} {result.rate(5, 6):6.1%}  conf {result.confident:>4} "
        f"right {right:6.1%}  UN-out {outside:>6}"
    )


def latency(name: str, classifier: HSClassifier, texts: list[str]) -> None:
    """Per description: wall-clock time, and this process's CPU time (which other work
    sharing the machine does not inflate)."""
    wall, cpu = [], []
    for text in texts:
        start, start_cpu = time.perf_counter(), time.process_time()
        classifier._classify(text, 5)  # the work itself, not a remembered answer
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    cells = []
    for label, timings in (("wall", wall), ("cpu", cpu)):
        timings.sort()
        p50, p99 = timings[len(timings) // 2] * 1000, timings[int(len(timings) * 0.99)] * 1000
        cells.append(f"{label} p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    print(f"  {name:<9} {len(texts)} descriptions: " + "; ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--only", default="", help="comma-separated start of set names")
    parser.add_argument(
        "--baseline",
        help="the previous release, as a git revision (e.g. 1a8b700) or the src folder of "
        "another checkout: its default classifier is measured on the same rows in the same "
        "run (benchmarks/earlier_code.py)",
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    start = time.perf_counter()
    parts, labels = build_shipped_parts(), build_shipped_labels()
    built = time.perf_counter()
    ranker_model = shipped_ranker()
    print(f"build: parts {built - start:.1f} s, ranker model {time.perf_counter() - built:.2f} s")
    common = {"codes": parts.codes, "index": parts.index, "matcher": parts.matcher}
    ranker = HSClassifier(**common, labels=labels, ranker=ranker_model)
    lexicon = HSClassifier(**common)
    peer = LabelBM25(labels)
    covering = measure_coverage(shipped_rule_base())
    wanted = [w for w in args.only.split(",") if w]
    print(
        f"{'role':<5} {'set':<24} {'rows':>5} {'classifier':<9} "
        f"{'2-dig':>6} {'4-dig':>6} {'6-dig':>6} {'top-5':>6}"
    )
    chosen = [
        (role, name, rows)
        for role, name, rows in sets(args.shared)
        if not wanted or any(name.startswith(w) for w in wanted)
    ]
    classifiers: list[tuple[str, Classify]] = [
        ("ranker", ranker.classify),
        ("lexicon", lexicon.classify),
    ]
    if args.baseline is not None:
        answers = baseline_answers(
            args.baseline, [r.description for _, _, rows in chosen for r in rows]
        )
        classifiers.append(("baseline", lambda text, **_: answers[text]))
    classifiers.append(("bm25", peer.classify))
    texts: list[str] = []
    for role, name, rows in chosen:
        texts += [r.description for r in rows[:300]]
        for label, classify in classifiers:
            print(
                f"{role:<5} {name:<24} {len(rows):>5} {label:<9} {_cells(rows, classify, covering)}",
                flush=True,
            )
    print(f"speed, one core, {len(texts)} descriptions of the sets above")
    latency("ranker", ranker, texts)
    latency("lexicon", lexicon, texts)


if __name__ == "__main__":
    main()
