"""The parameters of a simulation: pydantic models of the scenario file's sections.

Loading, validation with file and line, and changes live in
:mod:`borderwatch.simulate.scenario`; the parameters' meanings and sources
are commented in the shipped ``scenario.yaml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from borderwatch.reference.hs import nomenclature

__all__ = [
    "PROBABILITIES",
    "TIMED_FIELDS",
    "Cargo",
    "Company",
    "CrossingParameters",
    "Detection",
    "Evasion",
    "Good",
    "Names",
    "Placement",
    "Scenario",
    "TimelineEvent",
    "Workers",
]

Probability = Annotated[float, Field(ge=0, le=1)]
Amount = Annotated[float, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _ordered(pair: tuple[float, float]) -> tuple[float, float]:
    if pair[0] > pair[1]:
        raise ValueError("a range is [low, high] with low <= high")
    return pair


class CrossingParameters(_Strict):
    """What differs between crossings, and may change over time (see ``TIMED_FIELDS``)."""

    worker_share: Amount
    cargo_share: Amount
    modes: tuple[Literal["rail", "truck"], ...] = Field(min_length=1)
    cargo_inspection: Probability
    baggage_inspection: Probability
    electronics_allowance: Annotated[int, Field(ge=0)]
    electronics_screening: Probability
    freight_cost: Amount
    detour_cost: Amount


#: crossing parameters a timeline event may change
TIMED_FIELDS = (
    "cargo_inspection",
    "baggage_inspection",
    "electronics_allowance",
    "electronics_screening",
    "freight_cost",
    "detour_cost",
)

PROBABILITIES = frozenset({"cargo_inspection", "baggage_inspection", "electronics_screening"})


class Company(_Strict):
    """A company managing workers abroad: its share of workers, its readiness to take placed bags."""

    name: str
    weight: Annotated[float, Field(gt=0)]
    placement: Amount = 1.0


class Names(_Strict):
    """Parts of invented names for travellers."""

    family: tuple[str, ...] = Field(min_length=1)
    given: tuple[str, ...] = Field(min_length=1)


class Workers(_Strict):
    """Returning workers: how many, their allowance and what they carry."""

    per_week: Annotated[float, Field(gt=0)]
    allowance_m2: Annotated[float, Field(gt=0)]
    bag_area_m2: tuple[Amount, Amount]
    own_items: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]
    electronics_propensity: Probability
    awareness_weeks: Amount
    companies: tuple[Company, ...] = Field(min_length=1)
    names: Names
    own_goods: tuple[str, ...] = Field(min_length=1)
    own_electronics: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ranges(self) -> Workers:
        _ordered(self.bag_area_m2)
        _ordered(self.own_items)
        return self


class Placement(_Strict):
    """Trade officials' goods placed in workers' luggage for pay."""

    pay_per_bag: tuple[Amount, Amount]
    bag_area_m2: tuple[Amount, Amount]
    lines_per_bag: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]
    goods: tuple[str, ...] = Field(min_length=1)
    officials: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ranges(self) -> Placement:
        _ordered(self.pay_per_bag)
        _ordered(self.bag_area_m2)
        _ordered(self.lines_per_bag)
        return self


class Cargo(_Strict):
    """Legitimate consignments by rail and truck."""

    consignments_per_week: Amount
    lines: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]
    consignors: tuple[str, ...] = Field(min_length=1)
    consignees: tuple[str, ...] = Field(min_length=1)
    legitimate_goods: tuple[str, ...] = Field(min_length=1)


class Detection(_Strict):
    """The chance that an inspection finds sanctioned goods, by channel."""

    cargo: Probability
    baggage: Probability


class Evasion(_Strict):
    """Shipments of sanctioned goods and how their senders choose channel and crossing."""

    shipments_per_week: Amount
    cargo_goods: tuple[str, ...] = Field(min_length=1)
    detection: Detection
    loss_if_seized: Amount
    sensitivity: Amount
    risk_update: Probability
    misdeclared_share: Probability = 0.0
    cover_line_share: Probability
    baggage_per_worker: Annotated[int, Field(ge=0)]


class Good(_Strict):
    """One kind of goods: what the officer reads, its HS 2022 code, value and footprint."""

    description: str
    hs: str
    value: tuple[Amount, Amount]
    area_m2: Amount
    units: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]
    electronic: bool = False

    @model_validator(mode="after")
    def _valid(self) -> Good:
        _ordered(self.value)
        _ordered(self.units)
        if self.hs not in nomenclature():
            raise ValueError(f"{self.hs!r} is not a six-digit code of HS 2022")
        return self


class TimelineEvent(_Strict):
    """A dated change: parameters of crossings that take new values from that date."""

    date: dt.date
    event: str
    source: str = ""
    tightening: str | None = None
    set: dict[str, float] = Field(default_factory=dict)


class Scenario(_Strict):
    """Every parameter of a simulation run."""

    start: dt.date
    crossings: dict[str, CrossingParameters] = Field(min_length=1)
    workers: Workers
    placement: Placement
    cargo: Cargo
    evasion: Evasion
    goods: dict[str, Good]
    timeline: tuple[TimelineEvent, ...] = ()
