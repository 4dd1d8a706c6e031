"""A returning worker's declaration: own belongings, placed bags, and what the officer did."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from borderwatch.simulate.draws import Draws
from borderwatch.simulate.goods import draw_line
from borderwatch.simulate.scenario import Scenario

__all__ = ["WorkerTrip", "worker_declaration"]


@dataclass(frozen=True)
class WorkerTrip:
    """What the plan decided for one worker, and the crossing's practice that week."""

    declaration_id: str
    day: dt.date
    crossing: str
    company: str
    bus: str
    name: str
    electronics: int
    placed_bags: int
    baggage_inspection: float
    electronics_allowance: int
    electronics_screening: float


def _outcomes(
    trip: WorkerTrip,
    lines: list[dict[str, Any]],
    roles: list[str],
    scenario: Scenario,
    rng: Draws,
) -> tuple[bool, list[str]]:
    """Per line: passed, refused (electronics over the allowance) or seized (placed goods found)."""
    inspected = rng.random() < trip.baggage_inspection
    detection = scenario.evasion.detection.baggage
    carried = 0
    outcomes = []
    for line, role in zip(lines, roles, strict=True):
        outcome = "passed"
        if line["_electronic"]:
            carried += line["quantity"]
            over = carried > trip.electronics_allowance
            if over and (inspected or rng.random() < trip.electronics_screening):
                outcome = "refused"
        if outcome == "passed" and role == "placed" and inspected and rng.random() < detection:
            outcome = "seized"
        outcomes.append(outcome)
    return inspected, outcomes


def worker_declaration(
    trip: WorkerTrip, scenario: Scenario, rng: Draws
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The declaration an officer sees, and the truth kept apart from it."""
    workers, placement = scenario.workers, scenario.placement
    lines: list[dict[str, Any]] = []
    roles: list[str] = []
    goods_keys: list[str] = []
    bags: list[dict[str, Any]] = []
    placed_pieces: list[dict[str, str]] = []
    used = 0.0
    for _ in range(trip.placed_bags):
        area = round(rng.uniform(*placement.bag_area_m2), 2)
        piece = {"id": "", "area_m2": f"{area:.2f}"}  # numbered below, after the own bags
        placed_pieces.append(piece)
        used += area
        bags.append(
            {
                "official": rng.pick(placement.officials),
                "company": trip.company,
                "pay_cny": round(rng.uniform(*placement.pay_per_bag), 2),
            }
        )
        for key in rng.sample(placement.goods, rng.integer(*placement.lines_per_bag)):
            lines.append(draw_line(scenario, key, piece, rng))
            roles.append("placed")
            goods_keys.append(key)
    own_area = max(workers.allowance_m2 - used, 0.05)
    sizes = [rng.uniform(*workers.bag_area_m2) for _ in range(1 if trip.placed_bags else 2)]
    scale = min(1.0, own_area / sum(sizes))
    pieces = [
        {"id": f"B{i + 1}", "area_m2": f"{max(math.floor(a * scale * 100) / 100, 0.01):.2f}"}
        for i, a in enumerate(sizes)
    ]
    # one naming for every bag, own ones first: a placed bag named apart (it was "P1")
    # would tell an officer, and a model, which bags hold paid-for goods
    for number, (piece, bag) in enumerate(zip(placed_pieces, bags, strict=True), len(pieces) + 1):
        piece["id"] = f"B{number}"
        bag["piece"] = piece["id"]
    share = own_area / workers.allowance_m2
    n_own = max(1, round(rng.integer(*workers.own_items) * share))
    own = rng.sample(workers.own_goods, n_own)
    electronic = [rng.pick(workers.own_electronics) for _ in range(trip.electronics)]
    for index, key in enumerate([*own, *electronic]):
        lines.append(draw_line(scenario, key, pieces[index % len(pieces)], rng))
        roles.append("own")
        goods_keys.append(key)
    inspected, outcomes = _outcomes(trip, lines, roles, scenario, rng)
    items = []
    for number, line in enumerate(lines, start=1):
        items.append({k: v for k, v in line.items() if not k.startswith("_")} | {"id": str(number)})
    declaration = {
        "id": trip.declaration_id,
        "date": trip.day.isoformat(),
        "crossing": trip.crossing,
        "direction": "export",
        "country": "KP",
        "channel": "baggage",
        "conveyance": {"kind": "bus", "id": trip.bus},
        "traveller": {
            "name": trip.name,
            "category": "returning_worker",
            "nationality": "KP",
            "employer": trip.company,
        },
        "items": items,
    }
    truth = {
        "declaration": trip.declaration_id,
        "mode": "bus",
        "bus": trip.bus,
        "inspected": inspected,
        "company": trip.company,
        "placed_bags": bags,
        "items": [
            {
                "item": str(number),
                "good": key,
                "role": role,
                "electronic": bool(line["_electronic"]),
                "outcome": outcome,
            }
            for number, (key, role, line, outcome) in enumerate(
                zip(goods_keys, roles, lines, outcomes, strict=True), start=1
            )
        ],
    }
    return declaration, truth
