"""Features of a baggage declaration and of the bus it came on, for targeting.

Trade officials pay a company RMB 700–1,000 a bag to put goods in its
workers' luggage, and spread one consignment over the bags of one bus
(SCENARIO.md). A single bag then shows little: a few handbags, a pair of
watches. The bus shows the pattern: the same goods in many bags, the
allowance filled by goods of one kind. So every declaration is read twice:
alone, and within its group — the same conveyance on the same date, or,
without a conveyance, the same managing company at the same crossing on the
same date.

Only what an officer sees is used: counts, values, HS codes and piece areas.
Piece ids are never read (a name can leak how a bag was packed), and a
company's seizure history only counts outcomes dated before the declaration.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from borderwatch.model import Declaration, Item
from borderwatch.targeting.baggage_history import CompanyHistory, PastOutcome
from borderwatch.targeting.crossing_history import (
    DISPLACEMENT_FEATURES,
    CrossingBag,
    CrossingHistory,
)

__all__ = [
    "ALLOWANCE_M2",
    "COMMERCIAL_LINE_VALUE_CNY",
    "COMMERCIAL_UNITS",
    "COMMERCIAL_UNIT_VALUE_CNY",
    "DECLARATION_FEATURES",
    "DISPLACEMENT_FEATURES",
    "ELECTRONICS",
    "ELECTRONICS_ALLOWANCE",
    "GROUP_FEATURES",
    "LINE_FEATURES",
    "LUXURY",
    "SCREENING_FEATURES",
    "BaggageFeatures",
    "CompanyHistory",
    "CrossingHistory",
    "PastOutcome",
    "baggage_features",
    "crossing_bag",
    "group_key",
    "is_commercial",
    "is_notable",
    "line_columns",
    "line_value",
    "notable_line",
]

#: HS prefixes (chapter, heading or subheading) read as luxury or brand-like goods, after
#: the luxury annexes of UNSCR 2094/2270/2321 and the EU's DPRK luxury list; the reason is
#: what an officer is told
LUXURY: Mapping[str, str] = {
    "42": "handbags and leather goods (HS 42)",
    "43": "furs (HS 43)",
    "64": "footwear (HS 64)",
    "71": "jewellery and precious metals (HS 71)",
    "9101": "watches of precious metal (HS 9101)",
    "9102": "wrist-watches (HS 9102)",
    "3303": "perfume (HS 3303)",
    "9004": "sunglasses (HS 9004)",
    "6214": "silk scarves and shawls (HS 6214)",
}
#: HS prefixes counted against a worker's electronics allowance (computers, phones,
#: cameras, televisions, household appliances such as rice cookers and fans)
ELECTRONICS: Mapping[str, str] = {
    "8471": "computers",
    "8517": "telephones",
    "8525": "cameras",
    "8528": "televisions",
    "8516": "electro-thermic appliances (rice cookers)",
    "841451": "electric fans",
}
#: a returning worker's luggage allowance (reported) and electronic items allowed (reported
#: practice until March 2019; zero since at Dandong)
ALLOWANCE_M2 = 1.0
ELECTRONICS_ALLOWANCE = 2
#: a line looks commercial with this many units of a good worth this much each ...
COMMERCIAL_UNITS = 3
COMMERCIAL_UNIT_VALUE_CNY = 300.0
#: ... or when it is worth this much in all, whatever the count
COMMERCIAL_LINE_VALUE_CNY = 5000.0

#: the columns of :func:`line_columns`, a bag's and a consignment's first
LINE_FEATURES = (
    "items",
    "total_value_cny",
    "max_line_value_cny",
    "max_quantity",
    "commercial_lines",
)
DECLARATION_FEATURES = (
    *LINE_FEATURES,
    "luxury_lines",
    "luxury_value_cny",
    "pieces",
    "area_m2",
    "area_share_of_allowance",
    "notable_piece_area_m2",
    "electronics_units",
    "electronics_over_allowance",
)
GROUP_FEATURES = (
    "group_size",
    "shared_hs6_others",
    "shared_hs4_others",
    "group_luxury_share",
    "group_top_kind_share",
    "group_notable_area_share",
    "company_past_inspections",
    "company_past_seizure_rate",
)
SCREENING_FEATURES = ("verdict_rank", "party_score", "classification_doubt")


@dataclass(frozen=True)
class BaggageFeatures:
    """A matrix, one row per declaration, with its column names and each row's group."""

    names: tuple[str, ...]
    values: npt.NDArray[np.float64]
    group: tuple[str, ...]  # label of each row's group: "bus DA-03011-1 2019-03-04"
    shared_code: tuple[str | None, ...]  # the HS6 most shared with the group, if any

    def column(self, name: str) -> npt.NDArray[np.float64]:
        """One feature for every declaration."""
        return self.values[:, self.names.index(name)]

    def select(self, names: Sequence[str]) -> npt.NDArray[np.float64]:
        """The matrix restricted to ``names`` in that order; a missing name is an error."""
        missing = [n for n in names if n not in self.names]
        if missing:
            raise ValueError(f"features not computed: {', '.join(missing)}")
        return self.values[:, [self.names.index(n) for n in names]]


def _matches(hs: str | None, prefixes: Mapping[str, str]) -> bool:
    return bool(hs) and any(hs.startswith(p) for p in prefixes)  # type: ignore[union-attr]


def line_value(item: Item) -> float:
    """A line's declared value: quantity times unit value (0 without one)."""
    unit = item.unit_value.amount if item.unit_value else Decimal(0)
    return float(unit * item.quantity)


def is_commercial(item: Item) -> bool:
    """Units or value beyond what a traveller carries for themselves."""
    unit = item.unit_value.amount if item.unit_value else None
    return commercial_line(item.quantity, unit)


def commercial_line(quantity: Decimal, unit_value: Decimal | None) -> bool:
    """:func:`is_commercial` from a line's quantity and unit value alone (as a store row
    holds them)."""
    unit = unit_value if unit_value is not None else Decimal(0)
    many = quantity >= COMMERCIAL_UNITS and float(unit) >= COMMERCIAL_UNIT_VALUE_CNY
    return many or float(unit * quantity) >= COMMERCIAL_LINE_VALUE_CNY


def is_notable(item: Item) -> bool:
    """A line worth a look on its own: luxury goods or a commercial quantity."""
    return notable_line(item.hs, item.quantity, item.unit_value.amount if item.unit_value else None)


def notable_line(hs: str | None, quantity: Decimal, unit_value: Decimal | None) -> bool:
    """:func:`is_notable` from a line's HS code, quantity and unit value alone."""
    return _matches(hs, LUXURY) or commercial_line(quantity, unit_value)


def crossing_bag(declaration: Declaration) -> CrossingBag:
    """The declaration as the displacement signals count it: where, when, and whether any
    of its lines is notable."""
    notable = any(is_notable(i) for i in declaration.items)
    return CrossingBag(declaration.crossing, declaration.date, notable)


def group_key(declaration: Declaration) -> str:
    """Who travelled together: the conveyance on that day, else the company, crossing and day."""
    day = declaration.date.isoformat()
    if declaration.conveyance is not None:
        return f"{declaration.conveyance.label()} {day}"
    employer = declaration.traveller.employer if declaration.traveller else None
    if employer:
        return f"{employer} at {declaration.crossing} {day}"
    return f"declaration {declaration.id}"


def line_columns(items: Sequence[Item]) -> list[float]:
    """The first columns of a bag or a consignment alike: lines, declared value, the dearest
    line's value, the most units on one line, and the lines in commercial quantities."""
    values = [line_value(i) for i in items]
    return [
        len(items),
        sum(values),
        max(values),
        max(float(i.quantity) for i in items),
        sum(is_commercial(i) for i in items),
    ]


def _own_row(declaration: Declaration) -> list[float]:
    items = declaration.items
    luxury = [i for i in items if _matches(i.hs, LUXURY)]
    pieces: dict[str, float] = {}
    notable_pieces: dict[str, bool] = {}
    for item in items:
        if item.piece is not None:
            pieces[item.piece.id] = float(item.piece.area_m2)  # the id only tells pieces apart
            notable_pieces[item.piece.id] = notable_pieces.get(item.piece.id, True) and is_notable(
                item
            )
    area = sum(pieces.values())
    electronics = sum(float(i.quantity) for i in items if _matches(i.hs, ELECTRONICS))
    return [
        *line_columns(items),
        len(luxury),
        sum(line_value(i) for i in luxury),
        len(pieces),
        area,
        area / ALLOWANCE_M2,
        sum(a for p, a in pieces.items() if notable_pieces[p]),
        electronics,
        max(electronics - ELECTRONICS_ALLOWANCE, 0.0),
    ]


def _group_rows(
    members: list[int], declarations: Sequence[Declaration], own: npt.NDArray[np.float64]
) -> tuple[list[list[float]], list[str | None]]:
    """Group columns for each member (bar the company history), and its most shared HS6."""
    notable6 = [
        {i.hs[:6] for i in declarations[m].items if i.hs and is_notable(i)} for m in members
    ]
    all6 = [{i.hs[:6] for i in declarations[m].items if i.hs} for m in members]
    all4 = [{c[:4] for c in codes} for codes in all6]
    count6 = Counter(c for codes in all6 for c in codes)
    count4 = Counter(c for codes in all4 for c in codes)
    notable4 = Counter(c[:4] for codes in notable6 for c in {x[:4] for x in codes})
    luxury_col = DECLARATION_FEATURES.index("luxury_lines")
    notable_area_col = DECLARATION_FEATURES.index("notable_piece_area_m2")
    size = len(members)
    luxury_share = float(np.mean(own[members, luxury_col] > 0))
    top_kind_share = max(notable4.values(), default=0) / size
    notable_area_share = float(own[members, notable_area_col].sum()) / (size * ALLOWANCE_M2)
    rows, codes = [], []
    for position in range(size):
        # the shared-pattern signal: other bags of the group carrying this bag's notable goods
        shared6 = {c: count6[c] - 1 for c in notable6[position]}
        shared4 = {c[:4]: count4[c[:4]] - 1 for c in notable6[position]}
        best = max(shared6, key=lambda c: (shared6[c], c), default=None)
        codes.append(best if best is not None and shared6[best] > 0 else None)
        rows.append(
            [
                size,
                max(shared6.values(), default=0),
                max(shared4.values(), default=0),
                luxury_share,
                top_kind_share,
                notable_area_share,
            ]
        )
    return rows, codes


def baggage_features(
    declarations: Sequence[Declaration],
    history: CompanyHistory | None = None,
    *,
    crossings: CrossingHistory | None = None,
    verdict_rank: Sequence[float] | None = None,
    party_score: Sequence[float] | None = None,
    classification_doubt: Sequence[float] | None = None,
) -> BaggageFeatures:
    """One row per declaration: its own columns, then its group's, then its crossing's
    displacement signals, then screening's if given.

    Groups are formed within ``declarations`` only: pass a day's (or a run's)
    declarations together, or a bus's bags will not see each other. The
    displacement signals come from ``crossings`` (NaN without one, which a model
    reads as unknown).
    """
    if not declarations:
        raise ValueError("no declarations to describe")
    history = history or CompanyHistory()
    crossings = crossings or CrossingHistory()
    own = np.array([_own_row(d) for d in declarations], dtype=np.float64)
    members: dict[str, list[int]] = defaultdict(list)
    keys = [group_key(d) for d in declarations]
    for index, key in enumerate(keys):
        members[key].append(index)
    group = np.zeros((len(declarations), len(GROUP_FEATURES)), dtype=np.float64)
    shared: list[str | None] = [None] * len(declarations)
    for indices in members.values():
        rows, codes = _group_rows(indices, declarations, own)
        for index, row, code in zip(indices, rows, codes, strict=True):
            d = declarations[index]
            employer = d.traveller.employer if d.traveller else None
            group[index] = [*row, *history.before(employer, d.date)]
            shared[index] = code
    displacement = np.array([crossings.at(d.crossing, d.date) for d in declarations])
    columns = [own, group, displacement.reshape(len(declarations), len(DISPLACEMENT_FEATURES))]
    names = [*DECLARATION_FEATURES, *GROUP_FEATURES, *DISPLACEMENT_FEATURES]
    screening = (verdict_rank, party_score, classification_doubt)
    for name, given in zip(SCREENING_FEATURES, screening, strict=True):
        if given is not None:
            if len(given) != len(declarations):
                raise ValueError(f"{name}: one value per declaration")
            columns.append(np.asarray(given, dtype=np.float64).reshape(-1, 1))
            names.append(name)
    return BaggageFeatures(tuple(names), np.hstack(columns), tuple(keys), tuple(shared))
