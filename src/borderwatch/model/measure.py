"""Measures: the rule base's unit, modelled after tariff-measure systems.

A measure sits at the highest HS level it applies to and covers every code
below it. Its scope says where and to whom it applies; its effect says what
it does; its dates say when.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from borderwatch.model.declaration import Channel, Direction, Money
from borderwatch.model.verdict import Verdict
from borderwatch.reference.hs import nomenclature

__all__ = [
    "Allowance",
    "Cap",
    "Effect",
    "EffectType",
    "Exemption",
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
    EffectType.INSPECT: Verdict.CLEAR,
}


def _expand_hs(codes: list[str]) -> tuple[str, ...]:
    """'86-89' -> ('86', '87', '88', '89'); '5701-5705' -> headings; plain codes stay."""
    out: list[str] = []
    for raw in codes:
        code = raw.replace(".", "").replace(" ", "")
        if "-" in code:
            low, high = code.split("-", 1)
            if len(low) != len(high) or not (low.isdigit() and high.isdigit()) or low > high:
                raise ValueError(f"HS range {raw!r} must be two codes of one length, low-high")
            width = len(low)
            known = nomenclature()
            # a range spans reserved codes (chapter 77 is empty in HS 2022): keep real ones
            out.extend(
                code
                for n in range(int(low), int(high) + 1)
                if (code := str(n).zfill(width)) in known
            )
        else:
            if not code.isdigit() or len(code) not in (2, 4, 6, 8, 10):
                raise ValueError(f"HS code {raw!r} must have 2, 4, 6, 8 or 10 digits")
            out.append(code[:6])
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=1024)
def _keyword_pattern(word: str) -> re.Pattern[str]:
    """A keyword as a whole word in Latin script ('ngl' is not in 'sunglasses'),
    with an optional plural ending; Han and Hangul keywords match anywhere, as
    those scripts put no spaces between words."""
    if not re.search(r"[a-z0-9]", word):
        return re.compile(re.escape(word))
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?:e?s)?(?![a-z0-9])")


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
        return next((word for word in self.keywords if _keyword_pattern(word).search(text)), None)

    @field_validator("hs", "hs_partial", "exclude_hs", mode="before")
    @classmethod
    def _ranges(cls, value: list[str]) -> tuple[str, ...]:
        return _expand_hs(list(value or []))


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
    """An aggregate quantity cap (not decidable on one declaration)."""

    amount: str
    period: str
    period_start: dt.date | None = None
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


class Exemption(_Data):
    """An exemption a declaration can cite; it changes the verdict only when cited."""

    id: str
    description: str
    outcome: Annotated[
        Verdict, Field(description="the item verdict the measure gives when this is cited")
    ] = Verdict.LICENCE_REQUIRED
    until: Annotated[
        dt.date | None, Field(description="last day the exemption can be relied on")
    ] = None
    requires_reference: bool = True


class SourceDocument(_Data):
    """The legal source one YAML file encodes."""

    title: str
    regime: str
    adopted: dt.date | None = None
    url: str | None = None
    note: str | None = None


class Measure(_Data):
    """One measure of one regime, with its legal basis and validity."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    regime: str
    legal_act: str
    provision: str
    provision_verified: bool = True
    source: str
    confidence: Confidence
    basis: Literal["law", "reported_practice", "screening_policy"] = "law"
    note: str | None = None
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

    @model_validator(mode="after")
    def _dates(self) -> Measure:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

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
