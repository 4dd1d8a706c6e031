"""The other bags of a traveller's bus, and the goods they share: the group view officers
open beside one declaration.

Paid-for goods are spread over the bags of one busload; one bag with two
handbags says little, five bags of one bus with the same handbags say a lot.
The group is the bus (or train) on the declaration's day, else the managing
company at the crossing that day (:func:`group_key`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from borderwatch.model.declaration import Declaration
from borderwatch.store.declaration_rows import declarations as declaration_rows
from borderwatch.targeting.baggage_features import group_key, is_notable

__all__ = ["Fellow", "SharedGoods", "TravelledWith", "shared_goods", "travelled_with"]

#: the most bags of one group read for the view (a busload is 45)
MOST = 200


@dataclass(frozen=True)
class SharedGoods:
    """Goods of one kind (HS6) in the bags of several travellers of one group."""

    group: str
    hs6: str
    declarations: tuple[str, ...]


def shared_goods(declarations: Sequence[Declaration]) -> list[SharedGoods]:
    """For each bus (or company and day), the HS6 codes of luxury goods or commercial
    quantities found in two or more of its bags, most widely shared first: what an officer
    compares across the bags of one group (the noodles and soap every worker carries are
    left out)."""
    carried: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d in declarations:
        notable = {i.hs[:6] for i in d.items if i.hs and len(i.hs) >= 6 and is_notable(i)}
        for code in sorted(notable):
            carried[group_key(d), code].append(d.id)
    found = [SharedGoods(g, c, tuple(ids)) for (g, c), ids in carried.items() if len(ids) > 1]
    return sorted(found, key=lambda s: (-len(s.declarations), s.group, s.hs6))


@dataclass(frozen=True)
class Fellow:
    """Another bag of the group: its stored id, its own id, and the notable goods (HS6) it
    carries that this bag carries too."""

    stored_id: int
    declared_id: str
    traveller: str | None
    shares: tuple[str, ...]


@dataclass(frozen=True)
class TravelledWith:
    """The group of one declaration: its label and the other bags, sharing ones first."""

    group: str
    fellows: tuple[Fellow, ...]

    @property
    def sharing(self) -> int:
        return sum(1 for f in self.fellows if f.shares)


def travelled_with(
    conn: Connection, stored_id: int, declaration: Declaration
) -> TravelledWith | None:
    """The group of stored declaration ``stored_id``; None when it travelled alone, or its
    group is unknown (no conveyance and no managing company)."""
    key = group_key(declaration)
    if key.startswith("declaration "):
        return None
    rows = declaration_rows.c
    around = conn.execute(
        select(rows.id, rows.declaration)
        .where(
            rows.crossing == declaration.crossing,
            rows.date == declaration.date,
            rows.channel == declaration.channel,
            rows.id != stored_id,
        )
        .order_by(rows.id)
        .limit(MOST * 10)
    ).all()
    group = [
        (row.id, parsed)
        for row in around
        if group_key(parsed := Declaration.model_validate_json(row.declaration)) == key
    ][:MOST]
    if not group:
        return None
    fellows = []
    for ident, other in group:
        shares = tuple(sorted({s.hs6 for s in shared_goods([declaration, other])}))
        name = other.traveller.name if other.traveller else None
        fellows.append(Fellow(ident, other.id, name, shares))
    fellows.sort(key=lambda f: (-len(f.shares), f.stored_id))
    return TravelledWith(key, tuple(fellows))
