"""Counting a traveller's allowances across a declaration, in item order.

The third electronic item exceeds a two-item allowance, not the first; the
piece of luggage that takes a worker past one square metre exceeds it, and
every item packed in that piece with it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from borderwatch.engine.assess import Assessment
from borderwatch.model.declaration import Item
from borderwatch.model.verdict import Verdict

__all__ = ["count_allowances"]


class _Counter:
    def __init__(self) -> None:
        self.items = Decimal(0)
        self.area = Decimal(0)
        self.pieces: dict[str, Decimal] = {}

    def add(self, item: Item) -> tuple[Decimal, Decimal]:
        self.items += item.quantity
        if item.piece is not None and item.piece.id not in self.pieces:
            self.area += item.piece.area_m2
            self.pieces[item.piece.id] = self.area
        piece_area = self.pieces.get(item.piece.id, Decimal(0)) if item.piece else Decimal(0)
        return self.items, piece_area


def count_allowances(
    items: tuple[Item, ...], assessments: list[list[Assessment]]
) -> list[list[Assessment]]:
    """Settle every pending allowance assessment; ``assessments[i]`` belongs to ``items[i]``."""
    counters: dict[str, _Counter] = defaultdict(_Counter)
    settled: list[list[Assessment]] = []
    for item, found in zip(items, assessments, strict=True):
        row: list[Assessment] = []
        for assessment in found:
            if not (assessment.is_allowance and assessment.status == "pending"):
                row.append(assessment)
                continue
            allowance = assessment.measure.effect.allowance
            assert allowance is not None  # guaranteed by Effect's validator
            count, area = counters[assessment.measure.id].add(item)
            over: list[str] = []
            if allowance.max_items is not None and count > allowance.max_items:
                over.append(
                    f"item {count:g} of {allowance.max_items} allowed by {assessment.measure.id}"
                )
            if allowance.max_area_m2 is not None and area > allowance.max_area_m2:
                over.append(
                    f"luggage reaches {area:g} m² against {allowance.max_area_m2:g} m² "
                    f"allowed by {assessment.measure.id}"
                )
            if over:
                row.append(
                    assessment.with_outcome(
                        assessment.measure.full_verdict, "applied", "; ".join(over)
                    )
                )
            else:
                row.append(assessment.with_outcome(Verdict.CLEAR, "tolerated", assessment.reason))
        settled.append(row)
    return settled
