"""Screening many items at once: the same verdicts as `screen_declaration`, on columns.

Items are rows of numpy columns, declarations contiguous. Each distinct
situation (date, crossing, direction, country, channel, traveller category)
gets a lookup table over the HS nomenclature once; items then take their
verdict by indexing, value thresholds compare whole columns, and allowances
are counted with cumulative sums per declaration. Whatever does not fit a
table goes through the per-declaration engine instead — declarations citing
exemptions, items without an HS code or whose description names a measure's
keyword, parties with a possible list match, situations with more measures
than a table holds — so the results stay identical (a property test holds
the production path, :meth:`Screener.screen_batch`, equal to the engine).
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from borderwatch.engine.batch_tables import CODE_INDEX, SituationTable, build_table
from borderwatch.engine.classification import check_declared
from borderwatch.engine.context import context_for, selected_regimes
from borderwatch.engine.party_check import screen_parties
from borderwatch.engine.protocols import GoodsClassifier, PartyScreener
from borderwatch.engine.screen import screen_declaration
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import Verdict
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.scope import Situation

__all__ = ["BatchResult", "ItemBatch", "PartyOptions", "epoch_start", "screen_batch"]

VERDICTS = tuple(Verdict)
_TABLES: weakref.WeakKeyDictionary[RuleBase, dict[tuple[object, ...], SituationTable | None]] = (
    weakref.WeakKeyDictionary()
)


def epoch_start(rule_base: RuleBase, day: dt.date) -> dt.date:
    """The first day of the epoch holding ``day``: the same measures are in force."""
    return rule_base.change_dates[bisect_right(rule_base.change_dates, day) - 1]


def _names_keyword(rule_base: RuleBase, description: str) -> bool:
    """True when a description may turn a partial HS match into a full one."""
    return bool(description) and any(m.goods.named_in(description) for m in rule_base.measures)


def _table(
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
                i.exemptions or i.hs is None or _names_keyword(rule_base, i.description)
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
    """Verdict rank and legal-basis measure ids per item; verdict rank per declaration."""

    rank: npt.NDArray[np.int8]
    bits: npt.NDArray[np.uint64]
    situation: npt.NDArray[np.int64]
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
        table = self.tables[int(self.situation[row])]
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


def _apply_table(
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


@dataclass(frozen=True)
class PartyOptions:
    """How the batch path treats parties, as the per-declaration engine would."""

    screener: PartyScreener | None = None
    confirm_score: float | None = None
    unavailable: str | None = None


def _party_fallback(
    batch: ItemBatch, parties: PartyOptions, confirm: float
) -> tuple[dict[int, Declaration], set[int]]:
    """Declarations whose parties may be listed (to the engine) and those left unchecked."""
    to_engine: dict[int, Declaration] = {}
    unchecked: set[int] = set()
    if batch.declarations is None or (parties.screener is None and parties.unavailable is None):
        return to_engine, unchecked
    for index, declaration in enumerate(batch.declarations):
        if index in batch.fallback or not declaration.parties():
            continue
        found = screen_parties(
            declaration, parties.screener, confirm_score=confirm, unavailable=parties.unavailable
        )
        if found.unchecked:
            unchecked.add(index)
        elif found.possible_hit:
            to_engine[index] = declaration
    return to_engine, unchecked


def _misdeclared_fallback(
    batch: ItemBatch,
    already: dict[int, Declaration],
    classifier: GoodsClassifier,
    confidence: float,
) -> dict[int, Declaration]:
    """Declarations with a declared code their description contradicts, for the engine.

    The engine refers those items as possible misdeclarations; the tables
    cannot. Each (description, code) pair is classified once per batch.
    """
    if batch.declarations is None:
        return {}
    seen: dict[tuple[str, str], bool] = {}
    found: dict[int, Declaration] = {}
    for index, declaration in enumerate(batch.declarations):
        if index in already:
            continue
        for item in declaration.items:
            if item.hs is None:
                continue
            key = (item.description, item.hs)
            if key not in seen:
                flagged = check_declared(
                    item.description, item.hs, classifier, confidence=confidence
                )
                seen[key] = flagged is not None and flagged.refer
            if seen[key]:
                found[index] = declaration
                break
    return found


def _oversized_fallback(batch: ItemBatch, s_index: int) -> dict[int, Declaration]:
    """Every declaration of a situation no table can hold, for the engine."""
    if batch.declarations is None:
        situation = batch.situations[s_index]
        raise ValueError(
            f"the situation {situation} has more than 64 measures in force, more than a batch "
            "table holds; build the batch with ItemBatch.from_declarations so those "
            "declarations go through the per-declaration engine"
        )
    rows = np.flatnonzero(batch.situation == s_index)
    return {int(d): batch.declarations[int(d)] for d in np.unique(batch.declaration[rows])}


def screen_batch(
    batch: ItemBatch,
    rule_base: RuleBase,
    *,
    regimes: Sequence[str] | None = None,
    classifier: GoodsClassifier | None = None,
    classify_confidence: float | None = None,
    parties: PartyOptions | None = None,
) -> BatchResult:
    """Verdicts for every item of ``batch`` under the selected regimes.

    Declarations the tables cannot decide go to the per-declaration engine
    with ``classifier`` and ``parties``, so they are screened exactly as
    :func:`~borderwatch.engine.screen.screen_declaration` would screen them.
    """
    if classifier is not None and classify_confidence is None:
        raise TypeError("a classifier needs its classify_confidence")
    parties = parties or PartyOptions()
    confirm = 1.0 if parties.confirm_score is None else parties.confirm_score
    selected = selected_regimes(rule_base, tuple(regimes) if regimes is not None else None)
    tables = [_table(rule_base, situation, selected) for situation in batch.situations]
    fallback = dict(batch.fallback)
    for s_index, table in enumerate(tables):
        if table is None:
            fallback.update(_oversized_fallback(batch, s_index))
    to_engine, unchecked = _party_fallback(batch, parties, confirm)
    fallback.update(to_engine)
    if classifier is not None:
        assert classify_confidence is not None
        fallback.update(_misdeclared_fallback(batch, fallback, classifier, classify_confidence))
    n = len(batch.code)
    rank = np.full(n, Verdict.REFER.rank, dtype=np.int8)
    bits = np.zeros(n, dtype=np.uint64)
    vector = ~np.isin(batch.declaration, np.fromiter(fallback, dtype=np.int64))
    order = np.flatnonzero(vector)[np.argsort(batch.situation[vector], kind="stable")]
    bounds = np.flatnonzero(np.r_[True, np.diff(batch.situation[order]) != 0, True])
    if len(order) == 0:
        bounds = np.array([], dtype=np.int64)
    for a, b in pairwise(bounds.tolist()):
        rows = np.sort(order[a:b])
        table = tables[int(batch.situation[rows[0]])]
        if table is None or np.any(batch.code[rows] < 0):
            raise ValueError("items need declared HS codes, or the declaration goes to fallback")
        rank[rows], bits[rows] = _apply_table(batch, rows, table)
    declarations = int(batch.declaration.max(initial=-1)) + 1
    declaration_rank = np.zeros(declarations, dtype=np.int8)
    np.maximum.at(declaration_rank, batch.declaration, rank)
    for index in unchecked:
        declaration_rank[index] = max(declaration_rank[index], Verdict.REFER.rank)
    result = BatchResult(rank, bits, batch.situation, tables, {}, declaration_rank)
    engine = _EngineOptions(selected, classifier, classify_confidence, parties)
    for index, verdict in _screen_fallback(batch, rule_base, fallback, engine, result):
        declaration_rank[index] = verdict.rank
    return result


@dataclass(frozen=True)
class _EngineOptions:
    selected: frozenset[str]
    classifier: GoodsClassifier | None
    classify_confidence: float | None
    parties: PartyOptions


def _screen_fallback(
    batch: ItemBatch,
    rule_base: RuleBase,
    fallback: dict[int, Declaration],
    engine: _EngineOptions,
    into: BatchResult,
) -> Iterator[tuple[int, Verdict]]:
    if not fallback:
        return
    starts = np.searchsorted(batch.declaration, np.array(sorted(fallback)))
    for start, (index, declaration) in zip(starts, sorted(fallback.items()), strict=True):
        result = screen_declaration(
            declaration,
            rule_base,
            regimes=tuple(engine.selected),
            classifier=engine.classifier,
            classify_confidence=engine.classify_confidence,
            party_screener=engine.parties.screener,
            party_confirm_score=engine.parties.confirm_score,
            parties_unavailable=engine.parties.unavailable,
        )
        for offset, item in enumerate(result.items):
            into.overrides[int(start) + offset] = (
                item.verdict,
                tuple(sorted(b.measure for b in item.legal_basis)),
            )
            into.resolved_hs[int(start) + offset] = item.hs
        yield index, result.verdict
