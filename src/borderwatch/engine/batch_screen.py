"""Screening a batch: the vectorised tables where they decide, the engine where they cannot.

Declarations go to the per-declaration engine when a table cannot give the
engine's verdict: cited exemptions, items without an HS code or whose
description names a measure's keyword (found while building the batch),
parties with a possible list match, declared codes their description
contradicts, and situations with more measures than a table holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from borderwatch.engine.batch import BatchResult, ItemBatch, apply_table, situation_table
from borderwatch.engine.classification import check_declared
from borderwatch.engine.context import selected_regimes
from borderwatch.engine.party_check import screen_parties
from borderwatch.engine.protocols import GoodsClassifier, PartyScreener
from borderwatch.engine.screen import screen_declaration
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import Verdict
from borderwatch.rules.loader import RuleBase

__all__ = ["PartyOptions", "screen_batch"]


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
    tables = [situation_table(rule_base, situation, selected) for situation in batch.situations]
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
        rank[rows], bits[rows] = apply_table(batch, rows, table)
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
