"""Bag and bus features: the shared-pattern count, areas, allowances, and no look ahead."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from borderwatch.model import Declaration
from borderwatch.targeting.baggage_features import (
    CompanyHistory,
    PastOutcome,
    baggage_features,
    group_key,
)

DAY = dt.date(2019, 3, 4)
HANDBAGS = ("420221", 5, 3000.0)
NOODLES = ("190230", 10, 5.0)


def bag(
    number: int,
    lines: list[tuple[str, int, float]],
    *,
    bus: str | None = "DA-03011-1",
    employer: str = "Pada Seafood Processing Team",
    day: dt.date = DAY,
    pieces: list[tuple[str, str]] | None = None,
) -> Declaration:
    """A returning worker's declaration; line i goes in piece i mod len(pieces)."""
    pieces = pieces or [("B1", "0.40"), ("B2", "0.50")]
    items: list[dict[str, Any]] = [
        {
            "id": str(i + 1),
            "hs": hs,
            "quantity": quantity,
            "unit_value": {"amount": f"{value:.2f}", "currency": "CNY"},
            "piece": {"id": pieces[i % len(pieces)][0], "area_m2": pieces[i % len(pieces)][1]},
        }
        for i, (hs, quantity, value) in enumerate(lines)
    ]
    data: dict[str, Any] = {
        "id": f"DA-B{number:07d}",
        "date": day.isoformat(),
        "crossing": "dandong",
        "direction": "export",
        "country": "KP",
        "channel": "baggage",
        "traveller": {"name": f"Worker {number}", "category": "returning_worker"}
        | {"employer": employer},
        "items": items,
    }
    if bus:
        data["conveyance"] = {"kind": "bus", "id": bus}
    return Declaration.model_validate(data)


def test_bags_on_one_bus_count_each_other_and_a_bag_on_another_bus_counts_none() -> None:
    declarations = [bag(n, [HANDBAGS, NOODLES]) for n in (1, 2, 3)]
    declarations.append(bag(4, [HANDBAGS, NOODLES], bus="DA-03011-2"))
    features = baggage_features(declarations)
    assert features.column("shared_hs6_others").tolist() == [2, 2, 2, 0]
    assert features.column("group_size").tolist() == [3, 3, 3, 1]
    assert features.shared_code[:3] == ("420221",) * 3 and features.shared_code[3] is None
    assert features.group[0] == "bus DA-03011-1 2019-03-04"


def test_only_notable_goods_make_a_shared_pattern_and_a_heading_is_enough_for_hs4() -> None:
    declarations = [
        bag(1, [NOODLES]),
        bag(2, [NOODLES]),
        bag(3, [HANDBAGS]),
        bag(4, [("420222", 4, 2500.0)]),  # other handbags: same heading, other subheading
    ]
    features = baggage_features(declarations)
    assert features.column("shared_hs6_others").tolist() == [0, 0, 0, 0]  # noodles are own goods
    assert features.column("shared_hs4_others").tolist() == [0, 0, 1, 1]
    assert features.column("group_luxury_share").tolist() == [0.5] * 4


def test_without_a_conveyance_the_company_crossing_and_day_make_the_group() -> None:
    declarations = [
        bag(1, [HANDBAGS], bus=None),
        bag(2, [HANDBAGS], bus=None),
        bag(3, [HANDBAGS], bus=None, employer="Nuri Manpower Office"),
        bag(4, [HANDBAGS], bus=None, day=DAY + dt.timedelta(days=1)),
    ]
    assert group_key(declarations[0]) == group_key(declarations[1]) != group_key(declarations[2])
    assert baggage_features(declarations).column("shared_hs6_others").tolist() == [1, 1, 0, 0]


def test_a_bag_alone_areas_allowances_and_commercial_lines() -> None:
    lines = [HANDBAGS, NOODLES, ("847130", 2, 4000.0), ("851713", 2, 1500.0)]
    one = bag(1, lines, pieces=[("B1", "0.55"), ("B2", "0.30")])
    row = dict(zip(*_names_and_row(one), strict=True))
    assert row["pieces"] == 2 and row["area_m2"] == pytest.approx(0.85)
    assert row["luxury_lines"] == 1 and row["luxury_value_cny"] == pytest.approx(15000)
    assert row["commercial_lines"] == 2  # five handbags; laptops worth 8,000 CNY in all
    assert row["electronics_units"] == 4 and row["electronics_over_allowance"] == 2
    assert row["max_quantity"] == 10 and row["items"] == 4
    # B1 holds only handbags and laptops; B2 has the noodles, so it counts as the worker's
    assert row["notable_piece_area_m2"] == pytest.approx(0.55)


def _names_and_row(declaration: Declaration) -> tuple[tuple[str, ...], list[float]]:
    features = baggage_features([declaration])
    return features.names, features.values[0].tolist()


def test_piece_names_do_not_change_a_single_feature() -> None:
    lines = [HANDBAGS, NOODLES]
    named_b = bag(1, lines, pieces=[("B1", "0.40"), ("B2", "0.55")])
    named_p = bag(1, lines, pieces=[("B1", "0.40"), ("P1", "0.55")])
    np.testing.assert_array_equal(
        baggage_features([named_b]).values, baggage_features([named_p]).values
    )


def test_company_history_counts_only_inspections_before_the_declaration() -> None:
    company = "Pada Seafood Processing Team"
    past = [PastOutcome(company, DAY - dt.timedelta(days=d), seized=d == 7) for d in (7, 14)]
    future = [PastOutcome(company, DAY + dt.timedelta(days=d), seized=True) for d in (0, 1, 30)]
    declarations = [bag(1, [HANDBAGS])]
    known = baggage_features(declarations, CompanyHistory.of(past))
    with_future = baggage_features(declarations, CompanyHistory.of(future + past))
    np.testing.assert_array_equal(known.values, with_future.values)
    assert known.column("company_past_inspections").tolist() == [2]
    assert known.column("company_past_seizure_rate").tolist() == [0.5]
    assert np.isnan(baggage_features(declarations).column("company_past_seizure_rate")[0])


def test_screening_columns_appear_only_when_given_one_value_a_declaration() -> None:
    declarations = [bag(1, [HANDBAGS]), bag(2, [NOODLES])]
    assert "verdict_rank" not in baggage_features(declarations).names
    given = baggage_features(declarations, verdict_rank=[2, 0], party_score=[0.9, 0.1])
    assert given.column("verdict_rank").tolist() == [2, 0]
    assert given.column("party_score").tolist() == [0.9, 0.1]
    with pytest.raises(ValueError, match="one value per declaration"):
        baggage_features(declarations, verdict_rank=[1])
