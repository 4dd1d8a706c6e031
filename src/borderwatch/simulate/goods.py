"""One declared goods line drawn from the scenario's catalogue."""

from __future__ import annotations

from typing import Any

from borderwatch.simulate.draws import Draws
from borderwatch.simulate.scenario import Scenario

__all__ = ["draw_line"]


def draw_line(
    scenario: Scenario, key: str, piece: dict[str, str] | None, rng: Draws
) -> dict[str, Any]:
    """An item as declared (description, HS, quantity, CNY unit value, piece).

    Keys starting with ``_`` are for the simulator only and never written.
    """
    good = scenario.goods[key]
    line: dict[str, Any] = {
        "description": good.description,
        "hs": good.hs,
        # the catalogue is in HS 2022 whatever the date: said so, or a 2018 line would be
        # read as the HS 2017 code of the same number (870421 as 870421 or 870441)
        "hs_version": 2022,
        "quantity": rng.integer(*good.units),
        "unit_value": {"amount": f"{rng.uniform(*good.value):.2f}", "currency": "CNY"},
        "_electronic": good.electronic,
    }
    if piece is not None:
        line["piece"] = piece
    return line
