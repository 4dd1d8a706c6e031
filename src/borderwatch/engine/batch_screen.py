"""Screening a batch: the vectorised tables where they decide, the engine where they cannot.

Declarations go to the per-declaration engine when a table cannot give the
engine's verdict: cited exemptions, items without an HS code, with a code
of an older HS version that did not stay the same HS 2022 code, or whose
description names a measure's keyword (found while building the batch),
parties with a possible list match, declared codes their description
contradicts, and situations with more measures than a table holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from borderwatch.engine.batch import BatchResult, ItemBatch, apply_table, situation_table
from borderwatch.engine.classification import check_declared
from borderwatch.engine.context import selected_regimes
from borderwatch.engine.party_check import PartyCheck, screen_parties
from borderwatch.engine.protocols import GoodsClassifier
from borderwatch.engine.screen import screen_declaration
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict, Verdict
from borderwatch.rules.loader import RuleBase

__all__ = ["screen_batch"]


def _party_fallback(
    batch: ItemBatch, already: dict[int, Declaration], parties: PartyCheck
) -> tuple[dict[int, Declaration], set[int]]:
    """Declarations whose parties may be listed (to the engine) and those left unchecked."""
    to_engine: dict[int, Declaration] = {}
    unchecked: set[int] = set()
    if batch.declarations is None or (parties.matcher is None and parties.unavailable is None):
        return to_engine, unchecked
    for index, declaration in enumerate(batch.declarations):
        if index in already or not declaration.parties():
            continue
        found = screen_parties(
            declaration,
            parties.matcher,
            confirm_score=parties.confirm_score,
            unavailable=parties.unavailable,
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
    parties: PartyCheck | None = None,
) -> BatchResult:
    """Verdicts for every item of ``batch`` under the selected regimes.

    Declarations the tables cannot decide go to the per-declaration engine
    with ``classifier`` and ``parties``, so they are screened exactly as
    :func:`~borderwatch.engine.screen.screen_declaration` would screen them.
    Without ``parties``, parties are not screened.
    """
    if classifier is not None and classify_confidence is None:
        raise TypeError("a classifier needs its classify_confidence")
    selected = selected_regimes(rule_base, tuple(regimes) if regimes is not None else None)
    tables = [situation_table(rule_base, situation, selected) for situation in batch.situations]
    fallback = dict(batch.fallback)
    for s_index, table in enumerate(tables):
        if table is None:
            fallback.update(_oversized_fallback(batch, s_index))
    unchecked: set[int] = set()
    if parties is not None:
        to_engine, unchecked = _party_fallback(batch, fallback, parties)
        fallback.update(to_engine)
    if classifier is not None:
        assert classify_confidence is not None
        fallback.update(_misdeclared_fallback(batch, fallback, classifier, classify_confidence))
    n = len(batch.code)
    rank = np.full(n, Verdict.REFER.rank, dtype=np.int8)
    bits = np.zeros(n, dtype=np.uint64)
    inspected = np.zeros(n, dtype=bool)
    vector = ~np.isin(batch.declaration, np.fromiter(fallback, dtype=np.int64))
    order = np.flatnonzero(vector)[np.argsort(batch.situation[vector], kind="stable")]
    bounds = np.flatnonzero(np.r_[True, np.diff(batch.situation[order]) != 0, True])
    if len(order) == 0:
        bounds = np.array([], dtype=np.int64)
    for a, b in pairwise(bounds.tolist()):
        rows = np.sort(order[a:b])
        table = tables[int(batch.situation[rows[0]])]
        assert table is not None  # situations without a table went to the engine above
        if np.any(batch.code[rows] < 0):
            raise ValueError("items need declared HS codes, or the declaration goes to fallback")
        rank[rows], bits[rows] = apply_table(batch, rows, table)
        inspected[rows] = table.inspected[batch.code[rows]]
    declaration_rank = np.zeros(int(batch.declaration.max(initial=-1)) + 1, dtype=np.int8)
    np.maximum.at(declaration_rank, batch.declaration, rank)
    under_duty = np.zeros(len(declaration_rank), dtype=bool)
    under_duty[batch.declaration[inspected]] = True  # plain assignment: no ufunc.at
    declaration_rank[under_duty] = np.maximum(declaration_rank[under_duty], Verdict.INSPECT.rank)
    for index in unchecked:
        declaration_rank[index] = max(declaration_rank[index], Verdict.REFER.rank)
    result = BatchResult(batch, rank, bits, tables, {}, declaration_rank)
    for index, declaration in fallback.items():
        engine_verdict = screen_declaration(
            declaration,
            rule_base,
            regimes=tuple(selected),
            classifier=classifier,
            classify_confidence=classify_confidence,
            party_screener=parties.matcher if parties else None,
            party_confirm_score=parties.confirm_score if parties else None,
            parties_unavailable=parties.unavailable if parties else None,
        )
        _take(result, batch, index, engine_verdict)
    return result


def _take(result: BatchResult, batch: ItemBatch, index: int, verdict: DeclarationVerdict) -> None:
    """Put the engine's verdict for declaration ``index`` into the batch result."""
    start = int(np.searchsorted(batch.declaration, index))
    for offset, item in enumerate(verdict.items):
        basis = tuple(sorted(b.measure for b in item.legal_basis))
        result.overrides[start + offset] = (item.verdict, basis)
        result.resolved_hs[start + offset] = item.hs
    result.declaration_rank[index] = verdict.verdict.rank
