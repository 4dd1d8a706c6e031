"""Many items at once, as columns: the batch and its results, and the table lookups.

Items are rows of numpy columns, declarations contiguous. Each distinct
situation (date, crossing, direction, country, channel, traveller category)
gets a lookup table over the HS nomenclature once; items then take their
verdict by indexing, value thresholds compare whole columns, and allowances
are counted with cumulative sums per declaration. What a table cannot
decide goes to the per-declaration engine (:mod:`~borderwatch.engine.batch_screen`),
so the results stay identical (a property test holds the production path,
:meth:`Screener.screen_batch`, equal to the engine).
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from borderwatch.engine.batch_tables import CODE_INDEX, SituationTable, build_table
from borderwatch.engine.context import context_for
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import Verdict
from borderwatch.reference.hs_versions import screened_as_itself
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.scope import Situation

__all__ = ["BatchResult", "ItemBatch", "apply_table", "epoch_start", "situation_table"]

VERDICTS = tuple(Verdict)
_TABLES: weakref.WeakKeyDictionary[RuleBase, dict[tuple[object, ...], SituationTable | None]] = (
    weakref.WeakKeyDictionary()
)


def epoch_start(rule_base: RuleBase, day: dt.date) -> dt.date:
    """The first day of the epoch holding ``day``: the same measures are in force."""
    return rule_base.change_dates[bisect_right(rule_base.change_dates, day) - 1]


def _keyword_check(rule_base: RuleBase) -> Callable[[str], bool]:
    """Whether a description may turn a partial HS match into a full one, asked once per text."""
    seen: dict[str, bool] = {}

    def names_keyword(description: str) -> bool:
        if description not in seen:
            seen[description] = bool(description) and any(
                m.goods.named_in(description) for m in rule_base.measures
            )
        return seen[description]

    return names_keyword


def situation_table(
    rule_base: RuleBase, situation: Situation, selected: frozenset[str]
) -> SituationTable | None:
    context = context_for(rule_base, situation)
    key = (tuple(m.id for m in context.goods_index.measures), selected)
    cache = _TABLES.setdefault(rule_base, {})
    if key not in cache:
        cache[key] = build_table(context, selected)
    return cache[key]


@dataclass
class ItemBatch:
    """Columns of items. ``declaration`` numbers run 0..n-1 and are contiguous."""

    declaration: npt.NDArray[np.int64]
    situation: npt.NDArray[np.int64]
    code: npt.NDArray[np.int64]  # index into the HS code table; -1 when undeclared
    quantity: npt.NDArray[np.float64]
    value_usd: npt.NDArray[np.float64]  # NaN when unknown
    piece: npt.NDArray[np.int64]  # unique per declaration and piece; -1 when none
    piece_area: npt.NDArray[np.float64]
    situations: list[Situation]
    fallback: dict[int, Declaration]  # declarations the batch path hands to the engine
    declarations: Sequence[Declaration] | None = None  # None when built from bare columns

    @classmethod
    def from_declarations(
        cls, declarations: Sequence[Declaration], rule_base: RuleBase
    ) -> ItemBatch:
        """Columns from validated declarations (values converted to USD here)."""
        situations: dict[Situation, int] = {}
        pieces: dict[tuple[int, str], int] = {}
        rows: list[tuple[int, int, int, float, float, int, float]] = []
        fallback: dict[int, Declaration] = {}
        names_keyword = _keyword_check(rule_base)
        for d_index, d in enumerate(declarations):
            situation = Situation(
                epoch_start(rule_base, d.date),
                d.crossing,
                d.direction,
                d.country,
                d.channel,
                d.traveller.category if d.traveller else None,
            )
            s_index = situations.setdefault(situation, len(situations))
            if d.exemptions or any(
                i.exemptions
                or i.hs is None
                # a code that did not stay the same HS 2022 code is read by the engine
                or not screened_as_itself(i.hs, day=d.date, declared=d.hs_version_of(i))
                or names_keyword(i.description)
                for i in d.items
            ):
                fallback[d_index] = d
            for item in d.items:
                usd = rule_base.rates.to_usd(item.unit_value, d.date) if item.unit_value else None
                piece = -1
                if item.piece is not None:
                    piece = pieces.setdefault((d_index, item.piece.id), len(pieces))
                rows.append(
                    (
                        d_index,
                        s_index,
                        CODE_INDEX.get(item.hs, -1) if item.hs else -1,
                        float(item.quantity),
                        math.nan if usd is None else float(usd),
                        piece,
                        float(item.piece.area_m2) if item.piece else 0.0,
                    )
                )
        columns = list(zip(*rows, strict=True)) if rows else [()] * 7
        return cls(
            declaration=np.asarray(columns[0], dtype=np.int64),
            situation=np.asarray(columns[1], dtype=np.int64),
            code=np.asarray(columns[2], dtype=np.int64),
            quantity=np.asarray(columns[3], dtype=np.float64),
            value_usd=np.asarray(columns[4], dtype=np.float64),
            piece=np.asarray(columns[5], dtype=np.int64),
            piece_area=np.asarray(columns[6], dtype=np.float64),
            situations=list(situations),
            fallback=fallback,
            declarations=declarations,
        )


@dataclass
class BatchResult:
    """Verdict rank and legal-basis measure ids per item; verdict rank per declaration.

    ``batch`` is what was screened: its columns (USD values, pieces, quantities)
    serve whoever reads the verdicts beside them.
    """

    batch: ItemBatch
    rank: npt.NDArray[np.int8]
    bits: npt.NDArray[np.uint64]
    tables: list[SituationTable | None]
    overrides: dict[int, tuple[Verdict, tuple[str, ...]]]
    declaration_rank: npt.NDArray[np.int8]
    #: the code the engine went on with, for items it screened (classified ones included)
    resolved_hs: dict[int, str | None] = field(default_factory=dict)

    def item_ranks(self) -> npt.NDArray[np.int8]:
        """Every item's verdict rank, the engine's where it screened the declaration."""
        rank = self.rank.copy()
        for row, (verdict, _) in self.overrides.items():
            rank[row] = verdict.rank
        return rank

    def declaration_verdict(self, index: int) -> Verdict:
        """The verdict of declaration ``index``: its strictest item, or referred for parties."""
        return VERDICTS[int(self.declaration_rank[index])]

    def verdict(self, row: int) -> Verdict:
        """The verdict of item ``row``."""
        if row in self.overrides:
            return self.overrides[row][0]
        return VERDICTS[int(self.rank[row])]

    def basis(self, row: int) -> tuple[str, ...]:
        """Measure ids in the legal basis of item ``row``, sorted."""
        if row in self.overrides:
            return self.overrides[row][1]
        table = self.tables[int(self.batch.situation[row])]
        assert table is not None
        bits = int(self.bits[row])
        return tuple(sorted(m.id for i, m in enumerate(table.measures) if bits >> i & 1))


def _group_cumsum(
    values: npt.NDArray[np.float64], group: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Running sum of ``values`` restarting at each new (contiguous) group."""
    total = np.cumsum(values)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    before: npt.NDArray[np.float64] = np.r_[0.0, total][starts]
    lengths = np.diff(np.r_[starts, len(values)])
    running: npt.NDArray[np.float64] = total - np.repeat(before, lengths)
    return running


def apply_table(
    batch: ItemBatch, rows: npt.NDArray[np.int64], table: SituationTable
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.uint64]]:
    codes = batch.code[rows]
    rank = table.fixed_rank[codes].copy()
    bits = table.fixed_bits[codes].copy()
    value = batch.value_usd[rows]
    for rule in table.thresholds:
        covered = rule.covered[codes]
        unknown = covered & np.isnan(value)
        above = covered & (value > rule.usd)
        outcome = np.where(rule.partial[codes], Verdict.REFER.rank, rule.full_rank)
        rank = np.maximum(rank, np.where(unknown, Verdict.REFER.rank, 0).astype(np.int8))
        rank = np.maximum(rank, np.where(above, outcome, 0).astype(np.int8))
        bits |= np.where(unknown | above, np.uint64(1) << np.uint64(rule.bit), np.uint64(0))
    decl = batch.declaration[rows]
    for allowance in table.allowances:
        covered = allowance.covered[codes]
        over = np.zeros(len(rows), dtype=bool)
        if allowance.max_items is not None:
            count = _group_cumsum(np.where(covered, batch.quantity[rows], 0.0), decl)
            over |= covered & (count > allowance.max_items)
        if allowance.max_area is not None:
            over |= covered & _piece_area_over(batch, rows, covered, decl, allowance.max_area)
        rank = np.maximum(rank, np.where(over, allowance.over_rank, 0).astype(np.int8))
    return rank, bits


def _piece_area_over(
    batch: ItemBatch,
    rows: npt.NDArray[np.int64],
    covered: npt.NDArray[np.bool_],
    decl: npt.NDArray[np.int64],
    limit: float,
) -> npt.NDArray[np.bool_]:
    pieces = batch.piece[rows]
    with_piece = covered & (pieces >= 0)
    first = np.zeros(len(rows), dtype=bool)
    positions = np.flatnonzero(with_piece)
    _, first_at = np.unique(pieces[positions], return_index=True)
    first[positions[first_at]] = True
    running = _group_cumsum(np.where(first, batch.piece_area[rows], 0.0), decl)
    area_of_piece = np.zeros(int(pieces.max(initial=0)) + 1, dtype=np.float64)
    area_of_piece[pieces[first]] = running[first]
    area = np.where(with_piece, area_of_piece[np.maximum(pieces, 0)], 0.0)
    return with_piece & (area > limit)
