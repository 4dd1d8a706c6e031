"""Choosing whom to inspect from profiles alone: the red lane whatever the capacity, the
top by value at stake within each day's capacity, and the reasons said."""

from __future__ import annotations

from typing import Any

from borderwatch.model.declaration import Declaration
from borderwatch.rules.loader import shipped_rule_base
from borderwatch.targeting.choosing import choose
from borderwatch.targeting.groups import shared_goods
from borderwatch.targeting.profiles import Screened
from borderwatch.targeting.screening_signals import ScreeningSignals
from tests.targeting.bags import bag

RULES = shipped_rule_base()


def _bag(ident: str, *items: dict[str, Any], bus: str = "DA-1") -> Declaration:
    numbered = [dict(item, id=str(n)) for n, item in enumerate(items, start=1)]
    traveller = {"name": f"T {ident}", "category": "returning_worker"}
    return bag(ident, numbered, conveyance={"kind": "bus", "id": bus}, traveller=traveller)


def _line(hs: str, value: str, quantity: int = 1) -> dict[str, Any]:
    return {"hs": hs, "quantity": quantity, "unit_value": {"amount": value, "currency": "CNY"}}


HANDBAG, NOODLES, SHIRTS = _line("420221", "900"), _line("190230", "12"), _line("620520", "80", 6)


def test_the_riskiest_value_is_chosen_within_capacity_and_says_why() -> None:
    bags = [_bag(f"B{n}", NOODLES) for n in range(8)]
    bags += [_bag("LUX", HANDBAG, NOODLES), _bag("SHIRTS", SHIRTS)]
    chosen = choose(bags, RULES, None, capacity=0.1, exploration=0.0)
    assert [c.declaration.id for c in chosen] == ["LUX"]  # 10 % of 10, no random share
    (lux,) = chosen
    assert lux.probability == 1.0 and not lux.explored
    assert lux.why[1].startswith("BW-worker-luxury-goods (items 1)")
    assert lux.why[-1] == "no targeting model in use: profiles alone"
    two = choose(bags, RULES, None, capacity=2, exploration=0.5, seed=3)
    assert two[0].declaration.id == "LUX" and two[1].explored and 0 < two[1].probability < 1


def test_a_party_hit_is_chosen_beyond_capacity_when_screening_ran() -> None:
    bags = [_bag("LUX", HANDBAG), _bag("HIT", NOODLES), _bag("B1", NOODLES)]
    screened = (Screened(party_hit=False), Screened(party_hit=True), Screened(party_hit=False))
    signals = ScreeningSignals((5, 3, 3), (0.0, 0.93, 0.0), (0.0, 0.0, 0.0), screened)
    chosen = choose(bags, RULES, None, capacity=1, exploration=0.0, signals=signals)
    assert [c.declaration.id for c in chosen] == ["HIT", "LUX"]
    assert chosen[0].why[0] == "red lane" and chosen[0].risk.lane is not None
    without = choose(bags, RULES, None, capacity=1, exploration=0.0)
    assert [c.declaration.id for c in without] == ["LUX"]


def test_goods_shared_across_a_bus_leave_out_what_everyone_carries() -> None:
    bags = [
        _bag("B1", HANDBAG, NOODLES),
        _bag("B2", HANDBAG, NOODLES),
        _bag("B3", NOODLES),
        _bag("B4", HANDBAG, bus="DA-2"),
    ]
    (shared,) = shared_goods(bags)
    assert (shared.hs6, shared.declarations) == ("420221", ("B1", "B2"))
    assert shared.group == "bus DA-1 2019-05-14"
