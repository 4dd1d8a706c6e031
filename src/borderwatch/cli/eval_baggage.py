"""How much paid-for baggage each way of choosing bags catches, on simulated runs.

The simulator knows which lines were placed for pay (truth); targeting never
sees that. A run is split in time: the first weeks train, the later weeks are
inspected at a fixed rate (10 % of each crossing-day's declarations) by

* the model (every feature), ranked by value at stake (probability of placed
  goods × declared value: more bags carry placed goods than can be opened, so
  the dearest ones go first), and by its probability alone,
* the model without group features (each bag alone: what the bus adds; the
  company's history is a group feature too), ranked by value at stake,
* rules alone: ``2 × luxury lines + commercial lines``, ties broken by
  declared value — no learning, the officer's rule of thumb,
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

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from borderwatch.model import Declaration
from borderwatch.simulate import simulate
from borderwatch.simulate.parameters import Scenario
from borderwatch.targeting.baggage_features import (
    DECLARATION_FEATURES,
    BaggageFeatures,
    CompanyHistory,
    PastOutcome,
    baggage_features,
)
from borderwatch.targeting.baggage_model import BaggageModel, value_at_stake
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
    declarations, week, lines, value, outcomes = [], [], [], [], []
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
    features = baggage_features(declarations, CompanyHistory.of(outcomes))
    placed_lines = np.asarray(lines, dtype=np.float64)
    return _Run(
        declarations,
        np.asarray(week),
        placed_lines > 0,
        placed_lines,
        np.asarray(value, dtype=np.float64),
        features,
    )


def rule_score(features: BaggageFeatures) -> npt.NDArray[np.float64]:
    """Luxury lines count double, commercial lines once; declared value only breaks ties."""
    value = features.column("total_value_cny")
    tie_break: npt.NDArray[np.float64] = value / (1 + float(value.max(initial=0.0)))
    return 2 * features.column("luxury_lines") + features.column("commercial_lines") + tie_break


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
    step("trained")
    rules = rule_score(f)
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
        rules=capture_of(rules),
        random=capture_of(np.zeros(len(run.placed)), epsilon=1.0),
        explored=explored,
    )


def scenario_variants(base: Scenario) -> dict[str, Scenario]:
    """The project's scenario and harder copies, so a result is not one file's accident.

    ``one line a bag``: every company equally ready to take bags (no company
    signal) and a single goods line per placed bag (less in each bag to see).
    ``rare, ordinary goods``: the same, with a fifth of the sanctioned shipments
    (fewer placed bags than openings, so telling bags apart matters more than
    ranking them) and placed goods that workers also carry for themselves
    (laptops, phones, televisions, coats): a bag alone looks more like a
    worker's own, and the bus has to show the pattern.
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
    }
