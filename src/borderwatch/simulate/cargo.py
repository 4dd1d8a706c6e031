"""Consignments by rail and truck: legitimate trade and sanctioned goods sent as freight."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from borderwatch.simulate.draws import Draws
from borderwatch.simulate.goods import draw_line
from borderwatch.simulate.scenario import Scenario

__all__ = ["Consignment", "consignment_declaration"]


@dataclass(frozen=True)
class Consignment:
    """One consignment the plan sends, and the crossing's inspection rate that week."""

    declaration_id: str
    day: dt.date
    crossing: str
    sanctioned: bool
    misdeclared: bool
    cargo_inspection: float


def consignment_declaration(
    consignment: Consignment, scenario: Scenario, rng: Draws
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The declaration an officer sees, and the truth kept apart from it."""
    cargo = scenario.cargo
    modes = scenario.crossings[consignment.crossing].modes
    mode = rng.pick(modes)
    if consignment.sanctioned:
        keys = [rng.pick(scenario.evasion.cargo_goods)]
        roles = ["evasion"]
        if rng.random() < scenario.evasion.cover_line_share:
            keys.append(rng.pick(cargo.legitimate_goods))
            roles.append("trade")
    else:
        keys = rng.sample(cargo.legitimate_goods, rng.integer(*cargo.lines))
        roles = ["trade"] * len(keys)
    lines = [draw_line(scenario, key, None, rng) for key in keys]
    declared_as: str | None = None
    if consignment.misdeclared:  # the sanctioned line is presented as an ordinary good
        declared_as = rng.pick(cargo.legitimate_goods)
        shown = draw_line(scenario, declared_as, None, rng)
        lines[0] = {**shown, "_electronic": lines[0]["_electronic"]}
    inspected = rng.random() < consignment.cargo_inspection
    detection = scenario.evasion.detection.get("cargo", 1.0)
    outcomes = [
        "seized" if role == "evasion" and inspected and rng.random() < detection else "passed"
        for role in roles
    ]
    declaration = {
        "id": consignment.declaration_id,
        "date": consignment.day.isoformat(),
        "crossing": consignment.crossing,
        "direction": "export",
        "country": "KP",
        "channel": "cargo",
        "consignor": {
            "name": rng.pick(cargo.consignors),
            "schema": "Organization",
        },
        "consignee": {
            "name": rng.pick(cargo.consignees),
            "schema": "Organization",
        },
        "items": [
            {k: v for k, v in line.items() if not k.startswith("_")} | {"id": str(n)}
            for n, line in enumerate(lines, start=1)
        ],
    }
    truth: dict[str, Any] = {
        "declaration": consignment.declaration_id,
        "mode": mode,
        "inspected": inspected,
        "sender": (rng.pick(scenario.placement.officials) if consignment.sanctioned else None),
        "placed_bags": [],
        "items": [
            {
                "item": str(n),
                "good": key,
                "role": role,
                "electronic": bool(line["_electronic"]),
                "outcome": outcome,
            }
            | ({"declared_as": declared_as} if n == 1 and declared_as else {})
            for n, (key, role, line, outcome) in enumerate(
                zip(keys, roles, lines, outcomes, strict=True), start=1
            )
        ],
    }
    return declaration, truth
