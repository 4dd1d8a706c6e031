"""What workers' baggage hides: allowance used by others' goods, and who is behind it.

With a truth file, a piece of baggage is "not the traveller's own" when it
holds goods placed by a trade official; without one, when it holds a line
that looks commercial. Concentration by managing company uses the same
split: the share of such pieces each company's workers carry, the
Herfindahl–Hirschman index (0–10,000) and the top-three share.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from borderwatch.analytics.flows import CommercialLook, Flows
from borderwatch.analytics.load import CHANNELS, ScreenedRun

__all__ = ["AllowanceUse", "Concentration", "allowance_use", "concentration"]


@dataclass(frozen=True)
class AllowanceUse:
    """Share of declared baggage area holding goods that are not the traveller's own."""

    by_crossing_week: npt.NDArray[np.float64]  # [crossing, week], NaN without baggage
    by_crossing: dict[str, float]
    overall: float
    among_carriers: float  # for travellers who carried any such piece
    from_truth: bool


@dataclass(frozen=True)
class Concentration:
    """Which managing companies' workers carry the pieces that are not their own."""

    shares: list[tuple[str, float, int]]  # company, share, pieces; largest first
    hhi: float
    top3: float
    worker_shares: dict[str, float]


def _foreign_pieces(run: ScreenedRun, look: CommercialLook) -> tuple[npt.NDArray[np.bool_], bool]:
    """Per item: is its piece one holding goods not the traveller's own?"""
    decl, piece = run.item_decl, run.item_piece
    foreign_item = np.zeros(len(decl), dtype=bool)
    from_truth = bool(run.truth)
    if from_truth:
        first_item = np.searchsorted(decl, np.arange(len(run.decl_id)))
        for d, ident in enumerate(run.decl_id):
            truth = run.truth.get(ident)
            for offset, item in enumerate(truth["items"] if truth else ()):
                foreign_item[first_item[d] + offset] = item["role"] == "placed"
    else:
        foreign_item = (run.item_quantity >= look.units) & (run.item_usd >= look.unit_usd)
    # one slot at least: a run of plain cargo has no pieces, and index 0 must still exist
    foreign_piece = np.zeros(max(int(piece.max(initial=-1)) + 1, 1), dtype=bool)
    foreign_piece[piece[foreign_item & (piece >= 0)]] = True
    return np.where(piece >= 0, foreign_piece[np.maximum(piece, 0)], False), from_truth


def allowance_use(
    run: ScreenedRun, flows: Flows, look: CommercialLook | None = None
) -> AllowanceUse:
    """Foreign-goods share of baggage area, by crossing and week and overall."""
    look = look or CommercialLook()
    foreign, from_truth = _foreign_pieces(run, look)
    baggage = run.decl_channel[run.item_decl] == CHANNELS.index("baggage")
    first = np.zeros(len(run.item_piece), dtype=bool)
    rows = np.flatnonzero(baggage & (run.item_piece >= 0))
    _, at = np.unique(run.item_piece[rows], return_index=True)
    first[rows[at]] = True  # count each piece's area once
    decl = run.item_decl[first]
    area = run.item_area[first]
    foreign_area = np.where(foreign[first], area, 0.0)
    shape = (len(run.crossings), max(flows.weeks, 1))
    index = (run.decl_crossing[decl], flows.declaration_week[decl])
    total, other = np.zeros(shape), np.zeros(shape)
    np.add.at(total, index, area)
    np.add.at(other, index, foreign_area)
    with np.errstate(invalid="ignore", divide="ignore"):
        by_week = np.where(total > 0, other / total, np.nan)
    carriers = np.zeros(len(run.decl_id), dtype=bool)
    carriers[decl[foreign_area > 0]] = True
    carrier_rows = carriers[decl]
    return AllowanceUse(
        by_crossing_week=by_week,
        by_crossing={
            c: float(other[i].sum() / total[i].sum()) if total[i].sum() else float("nan")
            for i, c in enumerate(run.crossings)
        },
        overall=float(other.sum() / total.sum()) if total.sum() else float("nan"),
        among_carriers=(
            float(foreign_area[carrier_rows].sum() / area[carrier_rows].sum())
            if carrier_rows.any()
            else float("nan")
        ),
        from_truth=from_truth,
    )


def concentration(run: ScreenedRun, look: CommercialLook | None = None) -> Concentration:
    """Foreign pieces per managing company: shares, HHI and top-three share."""
    look = look or CommercialLook()
    foreign, _ = _foreign_pieces(run, look)
    pieces = {
        (int(run.item_decl[i]), int(run.item_piece[i])) for i in np.flatnonzero(foreign).tolist()
    }
    by_company = Counter(run.decl_employer[d] or "(none)" for d, _ in pieces)
    workers = Counter(
        e for e, ch in zip(run.decl_employer, run.decl_channel.tolist(), strict=True) if e and ch
    )
    total = sum(by_company.values())
    shares = [(name, count / total, count) for name, count in by_company.most_common()]
    return Concentration(
        shares=shares,
        hhi=10_000 * sum(s * s for _, s, _ in shares),
        top3=sum(s for _, s, _ in shares[:3]),
        worker_shares={k: v / max(sum(workers.values()), 1) for k, v in workers.items()},
    )
