"""Baggage targeting on simulated runs: what a 10 % inspection rate catches, chosen five ways.

For each scenario variant (the project's scenario and three variants, see
``scenario_variants``) and each seed: simulate ``--train`` weeks to learn
from and ``--eval`` later weeks to inspect at 10 % of each crossing-day's
baggage declarations, chosen by the model, the model without group
features, the model without the crossing's displacement signals, rules
alone, or at random. Capture is the share of paid-for
(placed) goods lines and of their CNY value in the opened declarations.

The exploration columns: a model trained only on the outcomes a rule-based
policy observed in the training weeks (with ε of its places drawn at
random, outcomes weighted by 1 / selection probability), measured on the
evaluation weeks.

Usage: python benchmarks/targeting_baggage.py [--train 26] [--eval 13] [--seeds 1 2 3]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

from rich.console import Console  # after the thread setting

from borderwatch.cli.eval_baggage import capture_table, evaluate_variants


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=26, help="weeks to learn from")
    parser.add_argument("--eval", type=int, default=13, help="later weeks to inspect")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    started = time.perf_counter()
    results = evaluate_variants(args.train, args.eval, args.seeds)
    console = Console(width=max(Console().width, 160))
    console.print(capture_table(results))
    train, test = results[0][1].declarations
    console.print(
        f"{args.train} training weeks (~{train} declarations), {args.eval} evaluation weeks "
        f"(~{test}); {time.perf_counter() - started:.1f} s in all"
    )


if __name__ == "__main__":
    main()
