"""Risk profiles: the selectivity criteria a risk unit sets, as data.

A profile is not law. It says which declarations deserve a closer look and
why — "returning workers with luxury goods in their bags", "commercial
quantities in personal baggage" — the way customs selectivity criteria do:
conditions on the crossing, channel, goods, value, traveller and managing
company, valid between two dates, with either a ``weight`` added to the
declaration's risk or a fixed ``lane`` (red: always inspect). Profiles live in
the rule base's ``risk-profiles.yaml``, so they are versioned, stored and
reproduced with it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from borderwatch.model.declaration import Channel, ConveyanceKind, Direction, Money
from borderwatch.model.goods_codes import expand_hs

__all__ = ["Lane", "ProfileConditions", "RiskProfile"]


class Lane(StrEnum):
    """A fixed treatment, as customs selectivity lanes name them."""

    RED = "red"  # inspect, whatever the score and the capacity
    YELLOW = "yellow"  # check the documents at least


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ProfileConditions(_Data):
    """What a declaration must show for the profile to match; an empty list means "any".

    Declaration conditions (crossings … conveyance_kinds, party_hit) must all
    hold; item conditions (hs, min_unit_value, min_quantity) must all hold for
    one item at least, and that item is named in the explanation.
    """

    crossings: tuple[str, ...] = ()
    channels: tuple[Channel, ...] = ()
    directions: tuple[Direction, ...] = ()
    countries: Annotated[tuple[str, ...], Field(description="ISO2 of the other side")] = ()
    traveller_categories: tuple[str, ...] = ()
    companies: Annotated[
        tuple[str, ...],
        Field(description="managing companies, matched ignoring case, as a part of the name"),
    ] = ()
    conveyance_kinds: tuple[ConveyanceKind, ...] = ()
    party_hit: Annotated[
        bool | None,
        Field(description="true: some party matched a list; false: none did; unset: either"),
    ] = None
    min_items: Annotated[int | None, Field(ge=1, description="lines in the declaration")] = None
    hs: Annotated[tuple[str, ...], Field(description="HS 2022 codes or prefixes, or ranges")] = ()
    min_unit_value: Money | None = None
    min_quantity: Annotated[Decimal | None, Field(gt=0)] = None

    @field_validator("hs", mode="before")
    @classmethod
    def _ranges(cls, value: list[str]) -> tuple[str, ...]:
        return expand_hs(list(value or []))

    @field_validator("crossings", "companies", "traveller_categories")
    @classmethod
    def _folded(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.casefold() for v in value)

    @field_validator("countries")
    @classmethod
    def _upper(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.upper() for v in value)

    def on_items(self) -> bool:
        """True when some condition is on items rather than on the declaration."""
        return bool(self.hs) or self.min_unit_value is not None or self.min_quantity is not None


class RiskProfile(_Data):
    """One selectivity criterion: when it holds, what it adds, who set it and why."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    title: Annotated[str, Field(min_length=1)]
    reason: Annotated[str, Field(min_length=1, description="why it exists; officers read it")]
    source: Annotated[str, Field(min_length=1, description="who set it, and on what evidence")]
    confidence: Literal["high", "medium", "low"]
    valid_from: dt.date
    valid_to: dt.date | None = None
    conditions: ProfileConditions
    weight: Annotated[
        float | None, Field(gt=0, le=1, description="added risk, combined as 1 − Π(1 − w)")
    ] = None
    lane: Lane | None = None

    @model_validator(mode="after")
    def _one_effect(self) -> RiskProfile:
        if (self.weight is None) == (self.lane is None):
            raise ValueError("give a profile either a weight or a lane, not both or neither")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self

    def in_force(self, day: dt.date) -> bool:
        """True when the profile applies to a declaration dated ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
