"""The default classifier on real labelled wording, plain and wrapped like a shop's title.

Rows: CBP ruling subjects of fold 0 (held back from training) and the HMRC parcel
descriptions of the test half, as ``benchmarks/classify.py`` reads them. Each is
also wrapped in marketplace noise (``data/title-noise.yaml``: brand-like words, model
numbers, sizes, colours, SEO adjectives, "for <device>" tails, category paths) by a
generator seeded from the description alone: it never sees the code.

One run measures the code in this checkout and, with ``--baseline``, an earlier
revision or checkout in a child process (``benchmarks/earlier_code.py``), on the same
rows with the same noise. Columns: top-1 at 2/4/6 digits and top-5 at 6 digits.

Usage: python benchmarks/classify_titles.py [--shared ../shared/data] [--baseline REV]
           [--show 0]  (how many wrapped rows to print that this checkout gets wrong)
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.evaluation import LabelledDescription, evaluate
from borderwatch.goods.wording_sets import read_wording_set
from borderwatch.model.verdict import HSCandidate
from borderwatch.settings import get_settings
from earlier_code import baseline_answers

ROOT = Path(__file__).resolve().parents[1]
NOISE = yaml.safe_load((ROOT / "benchmarks" / "data" / "title-noise.yaml").read_text("utf-8"))


def _brand(rng: random.Random) -> str:
    word = "".join(rng.choice(NOISE["brand_syllables"]) for _ in range(rng.randint(2, 3)))
    return word.upper() if rng.random() < 0.4 else word.capitalize()


def _model(rng: random.Random) -> str:
    letters = rng.choice(NOISE["model_letters"])
    return f"{letters}{rng.choice(('', '-'))}{rng.randint(10, 9999)}{rng.choice(('', 'B', 'S'))}"


def wrapped(description: str) -> str:
    """``description`` inside a shop's title; the noise depends on the description only."""
    rng = random.Random(int(hashlib.sha256(description.encode()).hexdigest()[:16], 16))
    before: list[str] = []
    if rng.random() < 0.25:
        before.append(rng.choice(NOISE["category_paths"]) + " >")
    if rng.random() < 0.7:
        before.append(_brand(rng))
    if rng.random() < 0.5:
        before.append(f"{rng.choice(NOISE['years'])} {rng.choice(NOISE['seo_openers'])}")
    if rng.random() < 0.4:
        before.append(rng.choice(NOISE["seo_adjectives"]))
    after: list[str] = []
    if rng.random() < 0.5:
        after.append(_model(rng))
    features = rng.sample(NOISE["seo_adjectives"], rng.randint(0, 2))
    if rng.random() < 0.5:
        features.append(rng.choice(NOISE["colours"]))
    if features:
        after.append(", " + ", ".join(features))
    if rng.random() < 0.5:
        after.append(rng.choice(NOISE["sizes"]))
    if rng.random() < 0.5:
        after.append(rng.choice(NOISE["for_tails"]))
    title = " ".join([*before, description, *after]).replace(" ,", ",")
    return title if rng.random() < 0.7 else title.title()


def sets(shared: Path) -> list[tuple[str, list[LabelledDescription]]]:
    """(name, rows) of the plain and wrapped sets."""
    cbp = [r for r in read_wording_set("cbp", shared) if r.extra["fold"] == "0"]
    hmrc = [r for r in read_wording_set("hmrc", shared) if r.extra["half"] == "test"]
    found = []
    for name, rows in (("cbp fold0", cbp), ("hmrc test", hmrc)):
        found.append((f"{name} plain", rows))
        found.append(
            (
                f"{name} wrapped",
                [LabelledDescription(wrapped(r.description), r.hs6, r.extra) for r in rows],
            )
        )
    return found


def measure(
    shared: Path, classify: Callable[..., list[HSCandidate]], show: int = 0
) -> dict[str, list[float]]:
    """Top-1 at 2/4/6 and top-5 at 6 of ``classify``, per set."""
    figures = {}
    for name, rows in sets(shared):
        result = evaluate(rows, classify, confident=get_settings().classify_confidence)
        figures[name] = [result.rate(1, 2), result.rate(1, 4), result.rate(1, 6), result.rate(5, 6)]
        if show and name.endswith("wrapped"):
            _print_wrong(classify, rows, show)
    return figures


def _print_wrong(
    classify: Callable[..., list[HSCandidate]], rows: list[LabelledDescription], show: int
) -> None:
    """The first ``show`` rows whose best candidate is wrong at six digits (to stderr)."""
    for row in rows:
        best = classify(row.description, top_k=1)
        if show and (not best or best[0].hs != row.hs6):
            got = best[0].hs if best else "none"
            print(f"  {row.hs6} got {got}: {row.description[:110]}", file=sys.stderr)
            show -= 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--baseline",
        help="the code to compare with: a git revision (e.g. 1a8b700) or another checkout's "
        "src folder (benchmarks/earlier_code.py)",
    )
    parser.add_argument("--show", type=int, default=0, help="print wrong wrapped rows")
    args = parser.parse_args()
    chosen = sets(args.shared)
    columns = {}
    if args.baseline:
        answers = baseline_answers(
            args.baseline, [r.description for _, rows in chosen for r in rows]
        )
        columns[f"before {args.baseline[-10:]}"] = measure(
            args.shared, lambda text, **_: answers[text]
        )
    columns["this checkout"] = measure(args.shared, default_classifier().classify, args.show)
    print("top-1 at 2/4/6 digits, top-5 at 6")
    print(f"{'set':<20} {'rows':>5}  " + "  ".join(f"{c:^31}" for c in columns))
    for name, rows in chosen:
        cells = [" ".join(f"{v:6.1%}" for v in figures[name]) for figures in columns.values()]
        print(f"{name:<20} {len(rows):>5}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
