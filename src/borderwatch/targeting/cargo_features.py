"""Features of a cargo declaration for targeting: the consignment, and the record of the
parties and goods behind it.

A customs risk unit knows its traders: a consignor whose consignments were
seized before, a consignee that receives what others were stopped with, an
HS code that has hidden sanctioned goods. On the public customs declarations
(:mod:`.customs_features`) the importer's and declarant's histories carry
most of the signal; here the same idea is read from the store's own cargo
decisions. Each record counts only decisions dated before the declaration,
at any crossing (a trader turned away at Dandong may try Hunchun), and a
party without decisions is unknown (NaN), not clean.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from borderwatch.model import Declaration
from borderwatch.targeting.baggage_features import (
    LINE_FEATURES,
    SCREENING_FEATURES,
    BaggageFeatures,
    line_columns,
)
from borderwatch.targeting.baggage_history import CompanyHistory, PastOutcome
from borderwatch.targeting.crossing_history import CrossingHistory
from borderwatch.targeting.screening_signals import ScreeningSignals

__all__ = [
    "CARGO_FEATURES",
    "CargoOutcome",
    "TraderHistory",
    "cargo_features",
    "party_key",
]

CARGO_FEATURES = (
    *LINE_FEATURES,
    "consignor_past_inspections",
    "consignor_past_seizure_rate",
    "consignee_past_inspections",
    "consignee_past_seizure_rate",
    "goods_past_inspections",
    "goods_past_seizure_rate",
    "crossing_recent_seizure_rate",
)


def party_key(role: str, name: str | None) -> str | None:
    """How a party is looked up in the record: its role and its name without case or
    repeated spaces ("consignor:dongsheng sample logistics co.")."""
    if not name or not name.strip():
        return None
    return f"{role}:{' '.join(name.casefold().split())}"


@dataclass(frozen=True)
class CargoOutcome:
    """A decided cargo declaration: its parties, its goods, and whether something was seized."""

    declaration: Declaration
    seized: bool


@dataclass(frozen=True)
class TraderHistory:
    """Decided cargo by consignor, consignee and HS6, looked up strictly before a date."""

    parties: CompanyHistory
    goods: CompanyHistory

    @classmethod
    def of(cls, outcomes: Iterable[CargoOutcome]) -> TraderHistory:
        parties: list[PastOutcome] = []
        goods: list[PastOutcome] = []
        for o in outcomes:
            d = o.declaration
            for role, party in (("consignor", d.consignor), ("consignee", d.consignee)):
                key = party_key(role, party.name if party else None)
                if key is not None:
                    parties.append(PastOutcome(key, d.date, o.seized))
            for code in {i.hs for i in d.items if i.hs}:
                goods.append(PastOutcome(code, d.date, o.seized))
        return cls(CompanyHistory.of(parties), CompanyHistory.of(goods))

    def party(self, role: str, declaration: Declaration) -> tuple[int, float]:
        party = declaration.consignor if role == "consignor" else declaration.consignee
        return self.parties.before(party_key(role, party.name if party else None), declaration.date)

    def riskiest_goods(self, declaration: Declaration) -> tuple[int, float]:
        """The line whose HS6 was seized most often before (its decisions, its rate)."""
        found = [self.goods.before(i.hs, declaration.date) for i in declaration.items if i.hs]
        known = [f for f in found if not math.isnan(f[1])]
        return max(known, key=lambda f: (f[1], f[0])) if known else (0, math.nan)


def _row(d: Declaration, traders: TraderHistory, crossings: CrossingHistory) -> list[float]:
    return [
        *line_columns(d.items),
        *traders.party("consignor", d),
        *traders.party("consignee", d),
        *traders.riskiest_goods(d),
        crossings.at(d.crossing, d.date)[1],
    ]


def cargo_features(
    declarations: Sequence[Declaration],
    traders: TraderHistory,
    crossings: CrossingHistory | None = None,
    signals: ScreeningSignals | None = None,
) -> BaggageFeatures:
    """One row per cargo declaration: the consignment, its parties' and goods' records,
    its crossing's recent seizures (from ``crossings``, of cargo), and screening's
    columns (verdict rank, party score, classification doubt) when ``signals`` are given."""
    if not declarations:
        raise ValueError("no declarations to describe")
    crossings = crossings or CrossingHistory()
    values = np.array([_row(d, traders, crossings) for d in declarations], dtype=np.float64)
    names: tuple[str, ...] = CARGO_FEATURES
    if signals is not None:
        columns = (signals.verdict_rank, signals.party_score, signals.classification_doubt)
        if any(len(c) != len(declarations) for c in columns):
            raise ValueError("one screening result per declaration")
        values = np.hstack([values, np.asarray(columns, dtype=np.float64).T])
        names = (*CARGO_FEATURES, *SCREENING_FEATURES)
    group = tuple(f"consignment {d.id} {d.date.isoformat()}" for d in declarations)
    return BaggageFeatures(names, values, group, (None,) * len(declarations))
