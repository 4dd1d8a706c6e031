"""A simulation run: the plan, then every declaration with its truth, written as JSON lines.

Output folder (:func:`write_run`):

``declarations.jsonl``
    what officers see; ``borderwatch screen`` reads it as it is
``truth.jsonl``
    one line per declaration: whose each item is (own, placed, trade,
    evasion), who placed it and for what pay, whether it was inspected,
    what happened to each item (passed, refused, seized) and, for a
    misdeclared line, what it was declared as
``run.json``
    seed, weeks, start date, the timeline and the tightening events
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from borderwatch.simulate.baggage import WorkerTrip, worker_declaration
from borderwatch.simulate.cargo import Consignment, consignment_declaration
from borderwatch.simulate.draws import Draws
from borderwatch.simulate.plan import Plan, make_plan
from borderwatch.simulate.scenario import Scenario

__all__ = ["SimulatedDeclaration", "plan_for", "run_info", "simulate", "write_run"]


@dataclass(frozen=True)
class SimulatedDeclaration:
    """A declaration as officers see it, and its ground truth, kept apart."""

    week: int
    declaration: dict[str, Any]
    truth: dict[str, Any]


def _streams(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    plan_seed, detail_seed = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(plan_seed), np.random.default_rng(detail_seed)


def plan_for(scenario: Scenario, weeks: int, seed: int) -> Plan:
    """The plan ``simulate`` would use for this seed (flows only, no declarations)."""
    return make_plan(scenario, weeks, _streams(seed)[0])


#: seats on the buses that carry a company's workers home
BUS_SEATS = 45


def _bus(crossing: str, company: int, week: int, seat: int) -> str:
    """The bus a company's ``seat``-th worker of the week rides: each company fills its own
    buses, ``BUS_SEATS`` workers to a bus, and never shares one with another company."""
    return f"{crossing[:2].upper()}-{company + 1:02d}{week:03d}-{(seat - 1) // BUS_SEATS + 1}"


def _name(scenario: Scenario, rng: Draws) -> str:
    names = scenario.workers.names
    family = rng.pick(names.family)
    given = rng.sample(names.given, 2)
    return f"{family} {given[0]} {given[1].lower()}"


def simulate(
    scenario: Scenario,
    *,
    weeks: int,
    seed: int,
    on_week: Callable[[int], None] | None = None,
    legitimate_cargo: bool = True,
) -> Iterator[SimulatedDeclaration]:
    """Every declaration of ``weeks`` weeks, in week order; the same seed gives the same run.

    ``legitimate_cargo=False`` leaves out ordinary consignments (what-if runs
    only count sanctioned flows); the rest of such a run is drawn differently.
    """
    plan_rng, detail_rng = _streams(seed)
    plan = make_plan(scenario, weeks, plan_rng)
    rng = Draws(detail_rng)
    values = plan.schedule.values
    crossings = plan.schedule.crossings
    companies = scenario.workers.companies
    counter = 0
    for week in range(weeks):
        monday = scenario.start + dt.timedelta(weeks=week)
        bus_day = [rng.integer(0, 4) for _ in crossings]
        seated: Counter[tuple[int, int]] = Counter()
        rows: list[SimulatedDeclaration] = []
        for w in np.flatnonzero(plan.worker_week == week).tolist():
            c, company = int(plan.worker_crossing[w]), int(plan.worker_company[w])
            counter += 1
            seated[c, company] += 1
            trip = WorkerTrip(
                declaration_id=f"{crossings[c][:2].upper()}-B{counter:07d}",
                day=monday + dt.timedelta(days=bus_day[c]),
                crossing=crossings[c],
                company=companies[company].name,
                bus=_bus(crossings[c], company, week, seated[c, company]),
                name=_name(scenario, rng),
                electronics=int(plan.worker_electronics[w]),
                placed_bags=int(plan.worker_placed[w]),
                baggage_inspection=float(values["baggage_inspection"][week, c]),
                electronics_allowance=int(values["electronics_allowance"][week, c]),
                electronics_screening=float(values["electronics_screening"][week, c]),
            )
            declaration, truth = worker_declaration(trip, scenario, rng)
            rows.append(SimulatedDeclaration(week, declaration, truth))
        this_week = plan.shipment_week == week
        sent = [
            (int(c), True, bool(m))
            for c, m in zip(
                plan.shipment_crossing[this_week], plan.shipment_misdeclared[this_week], strict=True
            )
        ]
        legit = [
            (int(c), False, False)
            for c in plan.consignment_crossing[plan.consignment_week == week]
            if legitimate_cargo
        ]
        for c, sanctioned, misdeclared in sent + legit:
            counter += 1
            consignment = Consignment(
                declaration_id=f"{crossings[c][:2].upper()}-C{counter:07d}",
                day=monday + dt.timedelta(days=rng.integer(0, 6)),
                crossing=crossings[c],
                sanctioned=sanctioned,
                misdeclared=misdeclared,
                cargo_inspection=float(values["cargo_inspection"][week, c]),
            )
            declaration, truth = consignment_declaration(consignment, scenario, rng)
            rows.append(SimulatedDeclaration(week, declaration, truth))
        rows.sort(key=lambda r: (r.declaration["date"], r.declaration["id"]))
        yield from rows
        if on_week is not None:
            on_week(week)


def run_info(scenario: Scenario, *, weeks: int, seed: int) -> dict[str, Any]:
    """What ``run.json`` holds: enough to repeat the run and to mark its events on charts."""
    return {
        "seed": seed,
        "weeks": weeks,
        "start": scenario.start.isoformat(),
        "crossings": list(scenario.crossings),
        "timeline": [
            {
                "date": e.date.isoformat(),
                "event": e.event,
                "tightening": e.tightening,
                "set": e.set,
            }
            for e in sorted(scenario.timeline, key=lambda e: e.date)
        ],
    }


def write_run(
    scenario: Scenario,
    out_dir: Path,
    *,
    weeks: int,
    seed: int,
    on_week: Callable[[int], None] | None = None,
) -> int:
    """Write declarations.jsonl, truth.jsonl and run.json to ``out_dir``; returns the count."""
    out_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    with (
        (out_dir / "declarations.jsonl").open("w", encoding="utf-8") as declarations,
        (out_dir / "truth.jsonl").open("w", encoding="utf-8") as truths,
    ):
        for row in simulate(scenario, weeks=weeks, seed=seed, on_week=on_week):
            declarations.write(json.dumps(row.declaration, ensure_ascii=False) + "\n")
            truths.write(json.dumps(row.truth | {"week": row.week}, ensure_ascii=False) + "\n")
            count += 1
    info = run_info(scenario, weeks=weeks, seed=seed) | {"declarations": count}
    (out_dir / "run.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return count
