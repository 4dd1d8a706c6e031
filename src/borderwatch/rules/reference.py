"""Reference data beside the measures: regimes, crossings and exchange rates."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from borderwatch.model.declaration import Money
from borderwatch.model.exemption import CrossingMode, Exemption

__all__ = ["Crossing", "ExchangeRates", "Regime"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Regime(_Data):
    """An authority whose measures borderwatch applies."""

    id: str
    name: str
    kind: Literal["law", "reported_practice", "screening_policy"]
    jurisdiction: Literal["all"] | tuple[str, ...]
    standing_exemptions: tuple[Exemption, ...] = ()

    def binds_in(self, country: str) -> bool:
        """True when the regime's measures bind at a crossing in ``country``."""
        return self.jurisdiction == "all" or country in self.jurisdiction


class Crossing(_Data):
    """A land border crossing."""

    id: str
    name: str
    country: str
    counterpart: str
    province: str | None = None
    modes: tuple[CrossingMode, ...] = ()
    note: str | None = None


class _Rate(_Data):
    from_: dt.date = Field(alias="from")
    usd: Decimal = Field(gt=0)


class ExchangeRates(_Data):
    """USD value of one unit of each currency, from a date on."""

    source: str
    confidence: str
    rates: dict[str, tuple[_Rate, ...]]

    def to_usd(self, money: Money, day: dt.date) -> Decimal | None:
        """``money`` in US dollars on ``day``; None when no rate is known."""
        table = self.rates.get(money.currency)
        if not table:
            return None
        index = bisect_right([r.from_ for r in table], day) - 1
        if index < 0:
            return None
        return money.amount * table[index].usd
