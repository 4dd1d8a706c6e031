"""Per-situation lookup tables over every HS code, for the vectorised batch path.

For one situation and regime selection, each code of the nomenclature gets
the verdict and legal-basis bits of the measures that decide it outright;
value thresholds and allowances, which depend on the item, are kept as
per-measure coverage masks and settled on whole columns at once.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from borderwatch.engine.context import ScreeningContext
from borderwatch.model.measure import EffectType, Measure
from borderwatch.model.verdict import Verdict

__all__ = ["CODES", "CODE_INDEX", "SituationTable", "build_table"]

RANK = {v: v.rank for v in Verdict}


def _codes() -> tuple[list[str], dict[str, int]]:
    from borderwatch.reference.hs import nomenclature

    codes = nomenclature().codes()
    return codes, {c: i for i, c in enumerate(codes)}


CODES, CODE_INDEX = _codes()


@dataclass(frozen=True)
class ThresholdRule:
    """A measure that covers a code only above a unit value."""

    bit: int
    usd: float
    covered: npt.NDArray[np.bool_]
    partial: npt.NDArray[np.bool_]
    full_rank: int


@dataclass(frozen=True)
class AllowanceRule:
    """A count or area allowance and the codes it covers in full."""

    bit: int
    covered: npt.NDArray[np.bool_]
    max_items: float | None
    max_area: float | None
    over_rank: int


@dataclass(frozen=True)
class SituationTable:
    """Everything the batch path needs for one situation."""

    measures: tuple[Measure, ...]
    fixed_rank: npt.NDArray[np.int8]
    fixed_bits: npt.NDArray[np.uint64]
    thresholds: tuple[ThresholdRule, ...]
    allowances: tuple[AllowanceRule, ...]
    #: codes an inspection duty covers: their declaration is at least `inspect`
    inspected: npt.NDArray[np.bool_]


def _prefix_mask(prefix: str) -> npt.NDArray[np.bool_]:
    """Codes that start with ``prefix``: a contiguous run of the sorted code list."""
    mask = np.zeros(len(CODES), dtype=bool)
    mask[bisect_left(CODES, prefix) : bisect_left(CODES, prefix + "A")] = True
    return mask


def _ancestor_mask(code: str) -> npt.NDArray[np.bool_]:
    """Shorter codes above ``code`` (a chapter-only declaration may or may not be covered)."""
    mask = np.zeros(len(CODES), dtype=bool)
    for n in (2, 4):
        if len(code) > n and code[:n] in CODE_INDEX:
            mask[CODE_INDEX[code[:n]]] = True
    return mask


def coverage_masks(measure: Measure) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(fully covered, partially covered) codes, as `MeasureIndex.covering` decides them."""
    n = len(CODES)
    full, partial = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    for code in measure.goods.hs:
        full |= _prefix_mask(code)
        partial |= _ancestor_mask(code)
    for code in measure.goods.hs_partial:
        partial |= _prefix_mask(code) | _ancestor_mask(code)
    for code in measure.goods.exclude_hs:
        excluded = _prefix_mask(code)
        maybe = _ancestor_mask(code)
        full, partial = full & ~excluded, partial & ~excluded
        partial |= full & maybe
        full &= ~maybe
    return full, partial & ~full


def build_table(context: ScreeningContext, selected: frozenset[str]) -> SituationTable | None:
    """The table for a context, or None when more than 64 measures would need bits."""
    measures = tuple(
        m
        for m in context.goods_index.measures
        if m.regime in selected and m.effect.type is not EffectType.INSPECT
    )
    if len(measures) > 64:
        return None
    n = len(CODES)
    inspected = np.zeros(n, dtype=bool)
    for measure in context.goods_index.measures:
        if measure.regime in selected and measure.effect.type is EffectType.INSPECT:
            full, partial = coverage_masks(measure)
            inspected |= full | partial
    fixed_rank = np.zeros(n, dtype=np.int8)
    fixed_bits = np.zeros(n, dtype=np.uint64)
    thresholds: list[ThresholdRule] = []
    allowances: list[AllowanceRule] = []
    for bit_index, measure in enumerate(measures):
        full, partial = coverage_masks(measure)
        covered = full | partial
        bit = np.uint64(1) << np.uint64(bit_index)
        if measure.goods.value_above is not None:
            thresholds.append(
                ThresholdRule(
                    bit=bit_index,
                    usd=float(measure.goods.value_above.amount),
                    covered=covered,
                    partial=partial,
                    full_rank=RANK[measure.full_verdict],
                )
            )
            continue
        fixed_bits[covered] |= bit
        fixed_rank[partial] = np.maximum(fixed_rank[partial], Verdict.REFER.rank)
        allowance = measure.effect.allowance
        if allowance is not None:
            allowances.append(
                AllowanceRule(
                    bit=bit_index,
                    covered=full,
                    max_items=None if allowance.max_items is None else float(allowance.max_items),
                    max_area=None
                    if allowance.max_area_m2 is None
                    else float(allowance.max_area_m2),
                    over_rank=RANK[measure.full_verdict],
                )
            )
            continue
        fixed_rank[full] = np.maximum(fixed_rank[full], RANK[measure.full_verdict])
    return SituationTable(
        measures, fixed_rank, fixed_bits, tuple(thresholds), tuple(allowances), inspected
    )
