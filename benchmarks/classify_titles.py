"""The default classifier on real labelled wording, plain and wrapped like a shop's title.

Rows: CBP ruling subjects of fold 0 (held back from training) and the HMRC parcel
descriptions of the test half, as ``benchmarks/classify.py`` reads them. Each is
also wrapped in marketplace noise (``data/title-noise.yaml``: brand-like words, model
numbers, sizes, colours, SEO adjectives, "for <device>" tails, category paths) by a
generator seeded from the description alone: it never sees the code.

One run measures the code in this checkout ("after") and the code at ``--before``
(default: where this branch left ``main``), the latter in a child process reading a
``git archive`` of that revision, so both are measured on the same rows with the
same noise. Columns: top-1 at 2/4/6 digits and top-5 at 6 digits.

Usage: python benchmarks/classify_titles.py [--shared ../shared/data] [--before REV]
           [--show 0]  (how many wrapped rows to print that "after" gets wrong)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import yaml

from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.evaluation import LabelledDescription, evaluate
from borderwatch.goods.wording_sets import read_wording_set
from borderwatch.model.verdict import HSCandidate
from borderwatch.settings import get_settings

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


def measure(shared: Path, show: int = 0) -> dict[str, list[float]]:
    """Top-1 at 2/4/6 and top-5 at 6 of the code on ``sys.path``, per set."""
    classifier = default_classifier()
    figures = {}
    for name, rows in sets(shared):
        result = evaluate(rows, classifier.classify, confident=get_settings().classify_confidence)
        figures[name] = [result.rate(1, 2), result.rate(1, 4), result.rate(1, 6), result.rate(5, 6)]
        if show and name.endswith("wrapped"):
            _print_wrong(classifier.classify, rows, show)
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


def _before(revision: str, shared: Path) -> dict[str, list[float]]:
    """The figures of the code at ``revision``, measured in a child process."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src"], check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryDirectory(prefix="classify-titles-") as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        env = {**os.environ, "PYTHONPATH": str(Path(folder) / "src")}
        command = [sys.executable, __file__, "--json", "--shared", str(shared)]
        out = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    figures: dict[str, list[float]] = json.loads(out.stdout)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--before", default="", help="revision to compare with (default: main)")
    parser.add_argument("--show", type=int, default=0, help="print wrong wrapped rows")
    parser.add_argument("--json", action="store_true", help="print this code's figures as JSON")
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.shared)))
        return
    revision = (
        args.before
        or subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    before = _before(revision, args.shared)
    after = measure(args.shared, args.show)
    print(f"before = {revision[:10]}, after = this checkout; top-1 at 2/4/6 digits, top-5 at 6")
    print(f"{'set':<20} {'rows':>5}  {'before':^31}  {'after':^31}")
    counts = {name: len(rows) for name, rows in sets(args.shared)}
    for name, figures in after.items():
        cells = [" ".join(f"{v:6.1%}" for v in f) for f in (before[name], figures)]
        print(f"{name:<20} {counts[name]:>5}  {cells[0]}  {cells[1]}")


if __name__ == "__main__":
    main()
