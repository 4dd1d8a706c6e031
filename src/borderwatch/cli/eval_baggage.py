"""How much paid-for baggage each way of choosing bags catches, on simulated runs.

The simulator knows which lines were placed for pay (truth); targeting never
sees that. A run is split in time: the first weeks train, the later weeks are
inspected at a fixed rate (10 % of each crossing-day's declarations) by

* the model (every feature), ranked by value at stake (probability of placed
  goods × declared value: more bags carry placed goods than can be opened, so
  the dearest ones go first), and by its probability alone,
* the model without group features (each bag alone: what the bus adds; the
  company's history is a group feature too), ranked by value at stake,
* the model without the crossing's displacement signals (what they add),
* rules alone: the shipped risk profiles (``risk-profiles.yaml``), their
  combined weight times the declared value — no learning, what
  ``targeting select`` does before any model is trained,
* random selection.

Capture is the share of placed lines, and of their CNY value, in the
selected declarations (an opened bag is assumed to be found out).

The exploration experiment trains the way a service would: in round 1 only
the declarations the rules picked (with ε of the places drawn at random)
have a known outcome; the model trained on those outcomes, weighted by
1 / selection probability, is then measured in round 2.

Lives in ``cli`` because it needs both :mod:`borderwatch.simulate` and
:mod:`borderwatch.targeting`, which sit on layers that do not import each other.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated

import numpy as np
import numpy.typing as npt
import typer
from rich.progress import Progress
from rich.table import Table

from borderwatch.cli.evaluation import eval_app
from borderwatch.cli.render import error_console, wide_console
from borderwatch.model import Declaration
from borderwatch.rules.loader import shipped_rule_base
from borderwatch.simulate import default_scenario, simulate
from borderwatch.simulate.histories import moved_tightening
from borderwatch.simulate.parameters import Scenario
from borderwatch.targeting.baggage_features import (
    DECLARATION_FEATURES,
    DISPLACEMENT_FEATURES,
    BaggageFeatures,
    CompanyHistory,
    CrossingHistory,
    PastOutcome,
    baggage_features,
    crossing_bag,
)
from borderwatch.targeting.baggage_model import BaggageModel, value_at_stake
from borderwatch.targeting.choosing import declared_value, profile_risks
from borderwatch.targeting.crossing_history import CrossingOutcome
from borderwatch.targeting.selection import capacity_units, select

__all__ = [
    "EXPLORATION_SHARES",
    "Capture",
    "Evaluation",
    "evaluate",
    "rule_score",
    "scenario_variants",
]

EXPLORATION_SHARES = (0.0, 0.1, 0.3)
#: where in the training weeks the "displaced mid-run" variant's tightening is moved
#: to: with a third of them left to learn what the move looks like
DISPLACEMENT_AT = 2 / 3


@dataclass(frozen=True)
class Capture:
    """Share of placed lines and of their value in the selected declarations."""

    lines: float
    value: float


@dataclass(frozen=True)
class Evaluation:
    """One run's figures at the inspection rate."""

    label: str
    declarations: tuple[int, int]  # training, evaluation
    placed_share: float  # share of evaluation declarations with placed goods
    model: Capture
    model_probability: Capture  # ranked by probability alone, not value at stake
    no_group: Capture
    no_displacement: Capture
    rules: Capture
    random: Capture
    explored: dict[float, Capture]  # round-2 capture of the model trained on round 1's outcomes


@dataclass(frozen=True)
class _Run:
    declarations: list[Declaration]
    week: npt.NDArray[np.int64]
    placed: npt.NDArray[np.bool_]
    placed_lines: npt.NDArray[np.float64]
    placed_value: npt.NDArray[np.float64]
    features: BaggageFeatures


def _simulated(scenario: Scenario, weeks: int, seed: int) -> _Run:
    """The run's baggage declarations, their truth, and features over the whole run
    (groups are within a day and history only looks back, so nothing leaks forward)."""
    declarations, week, lines, value, outcomes, decided = [], [], [], [], [], []
    for row in simulate(scenario, weeks=weeks, seed=seed, legitimate_cargo=False):
        if row.declaration["channel"] != "baggage":
            continue
        declaration = Declaration.model_validate(row.declaration)
        roles = {t["item"]: t["role"] for t in row.truth["items"]}
        placed = [i for i in declaration.items if roles[i.id] == "placed"]
        declarations.append(declaration)
        week.append(row.week)
        lines.append(len(placed))
        value.append(sum(float(i.quantity * i.unit_value.amount) for i in placed if i.unit_value))
        if row.truth["inspected"]:  # what customs' own inspections found, as history
            seized = any(t["outcome"] == "seized" for t in row.truth["items"])
            outcomes.append(PastOutcome(row.truth["company"], declaration.date, seized))
            decided.append(CrossingOutcome(declaration.crossing, declaration.date, seized))
    features = baggage_features(
        declarations,
        CompanyHistory.of(outcomes),
        crossings=CrossingHistory.of(map(crossing_bag, declarations), decided),
    )
    placed_lines = np.asarray(lines, dtype=np.float64)
    return _Run(
        declarations,
        np.asarray(week),
        placed_lines > 0,
        placed_lines,
        np.asarray(value, dtype=np.float64),
        features,
    )


def rule_score(declarations: Sequence[Declaration]) -> npt.NDArray[np.float64]:
    """The shipped risk profiles' combined weight times each bag's declared value."""
    risks = profile_risks(declarations, shipped_rule_base())
    return np.array([r.score for r in risks]) * declared_value(declarations)


def _capture(run: _Run, rows: npt.NDArray[np.int64], chosen: Sequence[int]) -> Capture:
    picked = rows[np.asarray(chosen, dtype=np.int64)]
    return Capture(
        float(run.placed_lines[picked].sum() / max(run.placed_lines[rows].sum(), 1)),
        float(run.placed_value[picked].sum() / max(run.placed_value[rows].sum(), 1)),
    )


def _inspect(
    run: _Run,
    rows: npt.NDArray[np.int64],
    scores: npt.ArrayLike,
    rate: float,
    epsilon: float,
    seed: int,
) -> list[tuple[int, float]]:
    """(position in ``rows``, selection probability) of the declarations opened."""
    units = capacity_units([run.declarations[r] for r in rows], "day")
    chosen = select(scores, units, capacity=rate, exploration=epsilon, seed=seed)
    return [(s.index, s.probability) for s in chosen]


def evaluate(
    scenario: Scenario,
    *,
    train_weeks: int,
    eval_weeks: int,
    seed: int,
    label: str = "",
    rate: float = 0.1,
    on_step: Callable[[str], None] | None = None,
) -> Evaluation:
    """Simulate, train on the first ``train_weeks``, measure capture on the rest."""
    step = on_step or (lambda _: None)
    run = _simulated(scenario, train_weeks + eval_weeks, seed)
    step("simulated")
    train = np.flatnonzero(run.week < train_weeks)
    test = np.flatnonzero(run.week >= train_weeks)
    f = run.features

    def capture_of(scores: npt.NDArray[np.float64], epsilon: float = 0.0) -> Capture:
        chosen = _inspect(run, test, scores[test], rate, epsilon, seed)
        return _capture(run, test, [i for i, _ in chosen])

    model = BaggageModel.fit(f, run.placed, rows=train, seed=seed)
    alone = BaggageModel.fit(f, run.placed, rows=train, features=DECLARATION_FEATURES, seed=seed)
    settled = [n for n in f.names if n not in DISPLACEMENT_FEATURES]
    undisplaced = BaggageModel.fit(f, run.placed, rows=train, features=settled, seed=seed)
    step("trained")
    rules = rule_score(run.declarations)
    explored = {}
    for epsilon in EXPLORATION_SHARES:
        opened = _inspect(run, train, rules[train], rate, epsilon, seed + 1)
        rows = train[[i for i, _ in opened]]
        weights = np.zeros(len(run.placed))
        weights[rows] = [1 / p for _, p in opened]
        try:
            learned = BaggageModel.fit(f, run.placed, rows=rows, weights=weights, seed=seed)
            explored[epsilon] = capture_of(value_at_stake(f, learned.score(f)))
        except ValueError:  # round 1 saw no placed goods, or none but: nothing to learn from
            explored[epsilon] = Capture(float("nan"), float("nan"))
    step("explored")
    return Evaluation(
        label=label,
        declarations=(len(train), len(test)),
        placed_share=float(run.placed[test].mean()),
        model=capture_of(value_at_stake(f, model.score(f))),
        model_probability=capture_of(model.score(f)),
        no_group=capture_of(value_at_stake(f, alone.score(f))),
        no_displacement=capture_of(value_at_stake(f, undisplaced.score(f))),
        rules=capture_of(rules),
        random=capture_of(np.zeros(len(run.placed)), epsilon=1.0),
        explored=explored,
    )


def scenario_variants(base: Scenario, train_weeks: int) -> dict[str, Scenario]:
    """The project's scenario and harder copies, so a result is not one file's accident.

    ``one line a bag``: every company equally ready to take bags (no company
    signal) and a single goods line per placed bag (less in each bag to see).
    ``rare, ordinary goods``: the same, with a fifth of the sanctioned shipments
    (fewer placed bags than openings, so telling bags apart matters more than
    ranking them) and placed goods that workers also carry for themselves
    (laptops, phones, televisions, coats): a bag alone looks more like a
    worker's own, and the bus has to show the pattern.
    ``displaced mid-run``: the project's scenario with Dandong's tightening moved
    to two thirds of the ``train_weeks``, so the paid-for bags move to the laxer
    crossings while the model learns and the weeks it is measured on follow the move.
    """
    equal = tuple(c.model_copy(update={"placement": 1.0}) for c in base.workers.companies)
    workers = base.workers.model_copy(update={"companies": equal})
    single = base.placement.model_copy(update={"lines_per_bag": (1, 1)})
    rare = base.evasion.model_copy(
        update={"shipments_per_week": base.evasion.shipments_per_week / 5}
    )
    ordinary = single.model_copy(update={"goods": ("laptop", "phone", "small_tv", "coat")})
    return {
        "project scenario": base,
        "one line a bag": base.model_copy(update={"workers": workers, "placement": single}),
        "rare, ordinary goods": base.model_copy(
            update={"workers": workers, "placement": ordinary, "evasion": rare}
        ),
        "displaced mid-run": moved_tightening(base, round(train_weeks * DISPLACEMENT_AT)),
    }


def _cell(capture: Capture) -> str:
    return f"{capture.lines:.0%} / {capture.value:.0%}"


def capture_table(results: Sequence[tuple[int, Evaluation]]) -> Table:
    """One row per scenario and seed: capture by each way of choosing, and exploration."""
    table = Table(title="Share of placed lines / CNY value caught at a 10 % inspection rate")
    columns = (
        "scenario",
        "seed",
        "placed",
        "model",
        "model P only",
        "no group",
        "no shift",
        "rules",
    )
    for column in columns:
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
            _cell(e.no_displacement),
            _cell(e.rules),
            _cell(e.random),
            *(_cell(e.explored[epsilon]) for epsilon in EXPLORATION_SHARES),
        )
    return table


def evaluate_variants(
    train_weeks: int, eval_weeks: int, seeds: Sequence[int]
) -> list[tuple[int, Evaluation]]:
    """Every scenario variant and seed, with a progress bar."""
    variants = scenario_variants(default_scenario(), train_weeks)
    results: list[tuple[int, Evaluation]] = []
    with Progress(console=error_console()) as progress:
        task = progress.add_task("simulate, train, select", total=len(variants) * len(seeds))
        for label, scenario in variants.items():
            for seed in seeds:
                progress.update(task, description=f"{label}, seed {seed}")
                evaluation = evaluate(
                    scenario, train_weeks=train_weeks, eval_weeks=eval_weeks, seed=seed, label=label
                )
                results.append((seed, evaluation))
                progress.advance(task)
    return results


def _as_json(seed: int, e: Evaluation) -> dict[str, object]:
    def pair(c: Capture) -> dict[str, float]:
        return {"lines": round(c.lines, 4), "value": round(c.value, 4)}

    return {
        "scenario": e.label,
        "seed": seed,
        "declarations": {"train": e.declarations[0], "evaluated": e.declarations[1]},
        "placed_share": round(e.placed_share, 4),
        "model": pair(e.model),
        "model_probability": pair(e.model_probability),
        "no_group": pair(e.no_group),
        "no_displacement": pair(e.no_displacement),
        "rules": pair(e.rules),
        "random": pair(e.random),
        "exploration": {f"{eps:g}": pair(c) for eps, c in e.explored.items()},
    }


@eval_app.command("baggage")
def eval_baggage(
    train: Annotated[int, typer.Option(help="Simulated weeks to learn from.")] = 26,
    weeks: Annotated[int, typer.Option("--eval", help="Later weeks to inspect.")] = 13,
    seeds: Annotated[list[int] | None, typer.Option("--seed", help="Repeat for more.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per row.")] = False,
) -> None:
    """Measure baggage targeting on simulated runs: what a 10 % inspection rate catches.

    The simulator knows which goods were placed in workers' bags for pay; the
    model never sees that. For the project's scenario and three variants
    (every company equally ready, one goods line a bag; rare shipments of goods
    workers also carry; and Dandong's tightening moved two thirds into the
    training weeks, so the goods
    move to the laxer crossings during the run), the first --train weeks train
    and the next --eval weeks are inspected at 10 % of each crossing-day's bags,
    chosen by: the model (by value at stake, and by probability alone), the
    model without the bus (group) features, the model without the crossing's
    displacement signals ("no shift"), the shipped risk profiles alone, and at
    random.
    Capture is the share of placed lines / of their CNY value in the bags
    opened. The exploration columns train on only what a profile-based policy
    opened in the training weeks, with ε of its places drawn at random.

    Examples:

      borderwatch eval baggage

      borderwatch eval baggage --train 12 --eval 6 --seed 1 --seed 2 --json
    """
    results = evaluate_variants(train, weeks, seeds or [1, 2, 3])
    if as_json:
        for seed, evaluation in results:
            typer.echo(json.dumps(_as_json(seed, evaluation)))
        return
    console = wide_console()
    console.print(capture_table(results))
    trained, evaluated = results[0][1].declarations
    console.print(
        f"{train} training weeks (~{trained} bags), {weeks} evaluation weeks (~{evaluated}); "
        "an opened bag is assumed to be found out",
        highlight=False,
    )
