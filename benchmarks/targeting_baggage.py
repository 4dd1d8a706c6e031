"""Baggage targeting on simulated runs: what a 10 % inspection rate catches, chosen four ways.

For each scenario variant (the project's scenario and two harder copies, see
``scenario_variants``) and each seed: simulate ``--train`` weeks to learn
from and ``--eval`` later weeks to inspect at 10 % of each crossing-day's
baggage declarations, chosen by the model, the model without group
features, rules alone, or at random. Capture is the share of paid-for
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
from rich.progress import Progress
from rich.table import Table

from borderwatch.cli.eval_baggage import (
    EXPLORATION_SHARES,
    Capture,
    Evaluation,
    evaluate,
    scenario_variants,
)
from borderwatch.simulate import default_scenario


def _cell(capture: Capture) -> str:
    return f"{capture.lines:.0%} / {capture.value:.0%}"


def _table(results: list[tuple[int, Evaluation]]) -> Table:
    table = Table(title="Share of placed lines / CNY value caught at a 10 % inspection rate")
    for column in ("scenario", "seed", "placed", "model", "model P only", "no group", "rules"):
        table.add_column(column)
    table.add_column("random")
    for epsilon in EXPLORATION_SHARES:
        table.add_column(f"rules→model ε={epsilon:g}")
    for seed, e in results:
        table.add_row(
            e.label,
            str(seed),
            f"{e.placed_share:.0%}",
            _cell(e.model),
            _cell(e.model_probability),
            _cell(e.no_group),
            _cell(e.rules),
            _cell(e.random),
            *(_cell(e.explored[epsilon]) for epsilon in EXPLORATION_SHARES),
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=26, help="weeks to learn from")
    parser.add_argument("--eval", type=int, default=13, help="later weeks to inspect")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    variants = scenario_variants(default_scenario())
    started = time.perf_counter()
    results: list[tuple[int, Evaluation]] = []
    with Progress() as progress:
        task = progress.add_task("simulate, train, select", total=len(variants) * len(args.seeds))
        for label, scenario in variants.items():
            for seed in args.seeds:
                progress.update(task, description=f"{label}, seed {seed}")
                results.append(
                    (
                        seed,
                        evaluate(
                            scenario,
                            train_weeks=args.train,
                            eval_weeks=args.eval,
                            seed=seed,
                            label=label,
                        ),
                    )
                )
                progress.advance(task)
    console = Console()
    console.print(_table(results))
    train, test = results[0][1].declarations
    console.print(
        f"{args.train} training weeks (~{train} declarations), {args.eval} evaluation weeks "
        f"(~{test}); {time.perf_counter() - started:.1f} s in all"
    )


if __name__ == "__main__":
    main()
