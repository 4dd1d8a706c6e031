"""Exemptions a declaration can cite, with the conditions that decide whether they can apply.

An exemption is never taken on the declarant's word alone. Its conditions are
data: the goods it reaches, the origin those goods must (not) have, the
direction, channel and kind of crossing it is made for, and what an officer
must still verify on the papers. The engine checks every condition it can
decide from the declaration and names the ones that fail.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from borderwatch.model.declaration import Channel, Direction
from borderwatch.model.goods_codes import expand_hs, keyword_pattern
from borderwatch.model.verdict import Verdict
from borderwatch.reference.iso import is_country

__all__ = ["CROSSING_MODES", "CrossingMode", "Exemption", "ExemptionConditions"]

#: how goods cross at a crossing; an exemption made for supply at an airport or a
#: sea port can never apply at a road or rail crossing
CrossingMode = Literal["rail", "road", "bus", "sea", "air", "pipeline"]
CROSSING_MODES: tuple[str, ...] = ("rail", "road", "bus", "sea", "air", "pipeline")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExemptionConditions(_Data):
    """What must be true of a declaration for the exemption to apply.

    Every field left empty is no condition. ``to_verify`` lists what the
    declaration cannot show and an officer checks on the documents before
    release; it never makes an exemption apply by itself.
    """

    hs: Annotated[
        tuple[str, ...],
        Field(description="the only goods the exemption reaches (HS prefixes); empty: all"),
    ] = ()
    keywords: Annotated[
        tuple[str, ...],
        Field(description="the description must name one of these (e.g. the aircraft type)"),
    ] = ()
    origin_not: Annotated[
        tuple[str, ...], Field(description="the goods' declared origin must not be one of these")
    ] = ()
    origin_in: Annotated[
        tuple[str, ...], Field(description="the goods' declared origin must be one of these")
    ] = ()
    directions: tuple[Direction, ...] = ()
    channels: tuple[Channel, ...] = ()
    crossing_modes: Annotated[
        tuple[CrossingMode, ...],
        Field(description="the crossing must be one of these kinds (a sea port, an airport)"),
    ] = ()
    crossings: Annotated[
        tuple[str, ...], Field(description="ids of the only crossings where it can apply")
    ] = ()
    to_verify: Annotated[
        tuple[str, ...],
        Field(description="what an officer checks on the papers before relying on it"),
    ] = ()

    @field_validator("hs", mode="before")
    @classmethod
    def _ranges(cls, value: list[str]) -> tuple[str, ...]:
        return expand_hs(list(value or []))

    @field_validator("keywords")
    @classmethod
    def _lower(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not word.strip() for word in value):
            raise ValueError("a keyword must not be blank")
        return tuple(word.casefold() for word in value)

    @field_validator("origin_not", "origin_in")
    @classmethod
    def _countries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [code for code in value if not is_country(code)]
        if unknown:
            raise ValueError(f"not ISO 3166 country codes: {', '.join(unknown)}")
        return tuple(code.upper() for code in value)

    def names(self, description: str) -> str | None:
        """The first keyword ``description`` names, if any."""
        text = description.casefold()
        return next((w for w in self.keywords if keyword_pattern(w).search(text)), None)

    def in_words(self) -> list[str]:
        """Every condition as a short phrase, for pages and tables."""
        words = []
        if self.hs:
            words.append(f"goods HS {', '.join(self.hs)} only")
        if self.keywords:
            words.append(f"the description names one of: {', '.join(self.keywords)}")
        if self.origin_not:
            words.append(f"origin other than {', '.join(self.origin_not)}")
        if self.origin_in:
            words.append(f"origin in {', '.join(self.origin_in)}")
        if self.directions:
            words.append(f"{' or '.join(d.value for d in self.directions)} only")
        if self.channels:
            words.append(f"{' or '.join(c.value for c in self.channels)} only")
        if self.crossing_modes:
            words.append(f"only at a {' or '.join(self.crossing_modes)} crossing")
        if self.crossings:
            words.append(f"only at {', '.join(self.crossings)}")
        words.extend(f"verify: {item}" for item in self.to_verify)
        return words

    def decidable(self) -> bool:
        """True when at least one condition can be checked against a declaration."""
        return bool(
            self.hs
            or self.keywords
            or self.origin_not
            or self.origin_in
            or self.directions
            or self.channels
            or self.crossing_modes
            or self.crossings
        )


class Exemption(_Data):
    """An exemption a declaration can cite; it changes the verdict only when cited and
    only when its conditions hold."""

    id: str
    description: str
    outcome: Annotated[
        Verdict, Field(description="the item verdict the measure gives when this applies")
    ] = Verdict.LICENCE_REQUIRED
    until: Annotated[
        dt.date | None, Field(description="last day the exemption can be relied on")
    ] = None
    requires_reference: bool = True
    document: Annotated[
        str | None,
        Field(description="the document whose reference the citation must give"),
    ] = None
    conditions: ExemptionConditions = ExemptionConditions()
