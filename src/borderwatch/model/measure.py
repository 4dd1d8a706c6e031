"""Measures: the rule base's unit, modelled after tariff-measure systems.

A measure sits at the highest HS level it applies to and covers every code
below it. Its scope says where and to whom it applies; its effect says what
it does; its dates say when.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from borderwatch.model.declaration import Channel, Direction, Money
from borderwatch.model.exemption import Exemption
from borderwatch.model.goods_codes import expand_hs, keyword_pattern
from borderwatch.model.verdict import Verdict

__all__ = [
    "Allowance",
    "Cap",
    "CodeNote",
    "Effect",
    "EffectType",
    "Goods",
    "Measure",
    "MeasureScope",
    "SourceDocument",
    "Suspension",
]

Confidence = Literal["high", "medium", "low"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EffectType(StrEnum):
    """What a measure does to the goods it covers."""

    PROHIBIT = "prohibit"
    ALLOWANCE = "allowance"
    CAP = "cap"
    LICENCE_REQUIRED = "licence_required"
    REFER = "refer"
    INSPECT = "inspect"


#: the item verdict each effect gives when it applies in full
EFFECT_VERDICT: dict[EffectType, Verdict] = {
    EffectType.PROHIBIT: Verdict.PROHIBITED,
    EffectType.ALLOWANCE: Verdict.EXCEEDS_ALLOWANCE,
    EffectType.CAP: Verdict.LICENCE_REQUIRED,
    EffectType.LICENCE_REQUIRED: Verdict.LICENCE_REQUIRED,
    EffectType.REFER: Verdict.REFER,
    EffectType.INSPECT: Verdict.INSPECT,
}


class Goods(_Data):
    """Goods a measure covers, by HS 2022 prefix."""

    description: str
    hs: tuple[str, ...] = ()
    hs_partial: Annotated[
        tuple[str, ...],
        Field(description="codes that also cover goods outside the measure: refer, not decide"),
    ] = ()
    exclude_hs: tuple[str, ...] = ()
    keywords: Annotated[
        tuple[str, ...],
        Field(
            description="words in an item description that place it within the measure's "
            "narrower goods, turning a partial HS match into a full one"
        ),
    ] = ()
    hs_mapping: Literal["stated", "inferred"] = "inferred"
    value_above: Annotated[
        Money | None, Field(description="covered only when the item's unit value is above this")
    ] = None

    @field_validator("keywords")
    @classmethod
    def _lower(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(word.casefold() for word in value)

    def named_in(self, description: str) -> str | None:
        """The first keyword found in ``description``, if any."""
        text = description.casefold()
        return next((word for word in self.keywords if keyword_pattern(word).search(text)), None)

    @field_validator("hs", "hs_partial", "exclude_hs", mode="before")
    @classmethod
    def _ranges(cls, value: list[str]) -> tuple[str, ...]:
        return expand_hs(list(value or []))


class MeasureScope(_Data):
    """Where, in which direction, by which channel and for whom a measure applies."""

    directions: tuple[Direction, ...]
    country: str = "KP"
    channel: Literal["cargo", "baggage", "any"] = "any"
    crossings: tuple[str, ...] | None = None
    traveller_categories: tuple[str, ...] | None = None

    def covers(
        self,
        *,
        direction: Direction,
        country: str,
        channel: Channel,
        crossing: str,
        category: str | None,
    ) -> bool:
        """True when a declaration with these traits is in scope."""
        return (
            direction in self.directions
            and country == self.country
            and self.channel in ("any", channel.value)
            and (self.crossings is None or crossing in self.crossings)
            and (self.traveller_categories is None or category in self.traveller_categories)
        )


class Allowance(_Data):
    """What a traveller may carry of the covered goods; counted across the declaration."""

    max_items: Annotated[int | None, Field(ge=0)] = None
    max_area_m2: Annotated[Decimal | None, Field(ge=0)] = None

    @model_validator(mode="after")
    def _one_limit(self) -> Allowance:
        if self.max_items is None and self.max_area_m2 is None:
            raise ValueError("an allowance needs max_items or max_area_m2")
        return self


class Cap(_Data):
    """An aggregate quantity cap (not decidable on one declaration).

    ``conditions`` are what an officer checks before releasing goods under the
    cap: who notifies the Committee and how often, the purposes allowed, that
    no designated person is involved, and when supply must stop.
    """

    amount: str
    period: str
    period_start: dt.date | None = None
    conditions: tuple[str, ...] = ()
    note: str | None = None


class Effect(_Data):
    """What the measure does."""

    type: EffectType
    allowance: Allowance | None = None
    cap: Cap | None = None

    @model_validator(mode="after")
    def _parts(self) -> Effect:
        if (self.type is EffectType.ALLOWANCE) != (self.allowance is not None):
            raise ValueError("an allowance effect, and only it, needs 'allowance'")
        if self.cap is not None and self.type is not EffectType.CAP:
            raise ValueError("'cap' belongs to an effect of type cap")
        return self


class Suspension(_Data):
    """A period in which the measure does not apply, with its own legal act."""

    start: dt.date
    end: dt.date | None = None
    legal_act: str
    note: str | None = None

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` falls in the suspension (end inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)


class CodeNote(_Data):
    """A note that concerns only some of a measure's goods, shown only on those."""

    hs: tuple[str, ...]
    text: str

    @field_validator("hs", mode="before")
    @classmethod
    def _ranges(cls, value: list[str]) -> tuple[str, ...]:
        return expand_hs(list(value or []))


class SourceDocument(_Data):
    """The legal source one YAML file encodes."""

    title: str
    regime: str
    symbol: Annotated[
        str | None, Field(description="the official document symbol, e.g. S/RES/2397 (2017)")
    ] = None
    adopted: dt.date | None = None
    url: Annotated[str | None, Field(description="link to the official text")] = None
    note: str | None = None


class Measure(_Data):
    """One measure of one regime, with its legal basis and validity."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    regime: str
    legal_act: str
    provision: str
    provision_verified: bool = True
    symbol: Annotated[
        str | None, Field(description="the act's official symbol; default: its document's")
    ] = None
    url: Annotated[
        str | None, Field(description="link to the official text; default: its document's")
    ] = None
    source: Annotated[str, Field(min_length=1)]
    verification: Annotated[
        str | None,
        Field(description="what was checked against the official text, how, and what was not"),
    ] = None
    confidence: Confidence
    basis: Literal["law", "reported_practice", "screening_policy"] = "law"
    note: Annotated[str | None, Field(description="shown on every item the measure covers")] = None
    code_notes: Annotated[
        tuple[CodeNote, ...], Field(description="notes shown only on the codes they name")
    ] = ()
    tags: Annotated[
        tuple[Literal["luxury"], ...],
        Field(description="'luxury': a luxury-goods list, which each State defines for itself"),
    ] = ()
    scope: MeasureScope
    goods: Goods
    effect: Effect
    valid_from: dt.date
    valid_to: dt.date | None = None
    date_precision: Literal["exact", "approximate"] = "exact"
    suspensions: tuple[Suspension, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    superseded_by: tuple[str, ...] = ()
    party_roles: Annotated[
        tuple[str, ...] | None,
        Field(description="applies only when a party in one of these roles is designated"),
    ] = None
    party_listings: Annotated[
        tuple[str, ...] | None,
        Field(
            description="the listings whose confirmed entries engage the measure, as "
            "'format:programme' (e.g. 'un-xml:DPRK'); none given: any loaded list"
        ),
    ] = None

    def engaged_by(self, confirmed: frozenset[tuple[str, str]]) -> bool:
        """True when a confirmed (role, listing) hit is one this party measure reaches."""
        roles = self.party_roles or ()
        return any(
            role in roles and (self.party_listings is None or listing in self.party_listings)
            for role, listing in confirmed
        )

    @field_validator("source")
    @classmethod
    def _named_source(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the measure has no source: name the act or page it comes from")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Measure:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    def notes_for(self, matched: str) -> list[str]:
        """The code notes that concern goods matched at ``matched`` (a code or prefix)."""
        if not self.code_notes:
            return []
        return [
            n.text
            for n in self.code_notes
            if any(matched.startswith(code) or code.startswith(matched) for code in n.hs)
        ]

    def in_force(self, day: dt.date) -> bool:
        """Valid on ``day`` (ignoring suspensions)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def suspension_on(self, day: dt.date) -> Suspension | None:
        """The suspension covering ``day``, if any."""
        return next((s for s in self.suspensions if s.covers(day)), None)

    @property
    def full_verdict(self) -> Verdict:
        """The verdict this measure gives an item it covers in full.

        A low-confidence measure never decides: it refers, so an officer checks
        the source before acting on it.
        """
        verdict = EFFECT_VERDICT[self.effect.type]
        if self.confidence == "low" and verdict.rank > Verdict.REFER.rank:
            return Verdict.REFER
        return verdict
