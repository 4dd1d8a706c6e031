"""What crosses and who is involved: declarations, items, parties."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from borderwatch.reference.hs import normalise_hs
from borderwatch.reference.hs_versions import HS_VERSIONS
from borderwatch.reference.iso import is_country, is_currency

__all__ = [
    "MAX_DECIMAL_PLACES",
    "MAX_MAGNITUDE",
    "Channel",
    "Conveyance",
    "ConveyanceKind",
    "Declaration",
    "Direction",
    "ExemptionCitation",
    "HSVersion",
    "IsoDate",
    "Item",
    "Money",
    "Party",
    "PartySchema",
    "Piece",
    "Traveller",
    "hs_version_value",
]


class Direction(StrEnum):
    """Seen from the crossing's own country: goods leaving it or entering it."""

    EXPORT = "export"
    IMPORT = "import"


class Channel(StrEnum):
    """How goods cross: declared freight, or a traveller's baggage."""

    CARGO = "cargo"
    BAGGAGE = "baggage"


PartySchema = Literal["Person", "Organization", "Vessel"]


#: the largest amount, area or quantity accepted: no declaration comes near it, and
#: products of two such numbers stay exact in decimal arithmetic
MAX_MAGNITUDE = Decimal(10) ** 15
#: finer than this is an export error, not a measurement (a float's 1/3 has 16)
MAX_DECIMAL_PLACES = 18


def _bounded(value: Decimal) -> Decimal:
    """A finite number no larger than MAX_MAGNITUDE, with at most MAX_DECIMAL_PLACES."""
    if not value.is_finite():
        raise ValueError("not a finite number")
    if value.copy_abs() > MAX_MAGNITUDE:
        raise ValueError(f"larger than {MAX_MAGNITUDE:,.0f}")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    if exponent >= -MAX_DECIMAL_PLACES or value.is_zero():
        return value
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if -(exponent + trailing_zeros) > MAX_DECIMAL_PLACES:
        raise ValueError(f"more than {MAX_DECIMAL_PLACES} decimal places")
    return value


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    """Only a date or an ISO 8601 day passes: a number is not a date (pydantic would
    read ``0`` as 1970-01-01)."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


#: a calendar day written as ISO 8601 (YYYY-MM-DD), never a timestamp
IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]

#: an amount, area or quantity as declared, checked by :func:`_bounded`
BoundedDecimal = Annotated[Decimal, AfterValidator(_bounded)]


def hs_version_value(value: object) -> object:
    """2012, 2017 or 2022, also written "2017", "HS 2017" or "HS2017"; None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("not an HS version")
    text = str(value).strip().upper().removeprefix("HS").strip()
    if text.isascii() and text.isdigit() and int(text) in HS_VERSIONS:
        return int(text)
    versions = ", ".join(map(str, HS_VERSIONS))
    raise ValueError(f"not an HS version borderwatch reads ({versions})")


#: the HS version a code was written in; None: the version in force on the declaration's date
HSVersion = Annotated[
    int | None,
    BeforeValidator(hs_version_value),
    Field(
        description="HS version of the declared codes (2012, 2017 or 2022); by default the "
        "version in force on the declaration's date",
        examples=[2017],
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Money(_Strict):
    """A decimal amount with its ISO 4217 currency."""

    amount: Annotated[BoundedDecimal, Field(ge=0, examples=["850.00"])]
    currency: Annotated[str, Field(examples=["CNY"])]

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str) -> str:
        if not is_currency(value):
            raise ValueError("unknown currency code")
        return value.upper()


class Piece(_Strict):
    """A piece of baggage; items packed in it name it."""

    id: str
    area_m2: Annotated[BoundedDecimal, Field(ge=0, description="footprint in square metres")]


class ExemptionCitation(_Strict):
    """An exemption the declarant relies on, e.g. a 1718 Committee exemption letter."""

    id: Annotated[str, Field(examples=["UN-1718-committee-exemption"])]
    reference: Annotated[str, Field(default="", examples=["1718/HUM/2024/017"])]


class Party(_Strict):
    """A person, organisation or vessel named in a declaration."""

    name: Annotated[str, Field(min_length=1)]
    schema_: Annotated[PartySchema, Field(alias="schema")] = "Person"
    birth_date: str | None = None
    nationality: str | None = None
    id_number: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("nationality")
    @classmethod
    def _iso_country(cls, value: str | None) -> str | None:
        if value is not None and not is_country(value):
            raise ValueError("unknown country code")
        return value.upper() if value else value


class Traveller(Party):
    """The person whose baggage is declared."""

    category: Annotated[str | None, Field(examples=["returning_worker"])] = None
    employer: Annotated[
        str | None, Field(description="the company that manages the traveller, if any")
    ] = None


ConveyanceKind = Literal["bus", "train", "truck", "car", "on_foot"]


class Conveyance(_Strict):
    """What a declaration crossed in: returning workers cross by the busload, managed by one
    company, so officers sort and targeting groups declarations by it."""

    kind: ConveyanceKind
    id: Annotated[
        str,
        Field(
            min_length=1,
            max_length=100,
            description="the vehicle or service as the crossing knows it: a plate or a train "
            "number, with the day when it recurs",
            examples=["辽F-37412", "K27 2026-03-02"],
        ),
    ]

    def label(self) -> str:
        """How the queue shows it: ``bus 辽F-37412``."""
        return f"{self.kind.replace('_', ' ')} {self.id}"


class Item(_Strict):
    """One line of a declaration.

    ``hs`` is the code screened: 2, 4 or 6 digits of the HS version ``hs_version``
    (or the declaration's, or the one in force on its date). A code declared in
    another form — a national tariff line of 8 or 10 digits, dots and spaces, a
    leading zero a spreadsheet dropped — is read into ``hs`` and kept as written
    in ``declared_hs``.
    """

    id: str
    description: str = ""
    hs: str | None = None
    declared_hs: Annotated[
        str | None,
        Field(
            description="the code as declared, when it is not written as `hs` "
            "(filled in by borderwatch from `hs`)",
            examples=["8471.30.0000"],
        ),
    ] = None
    hs_version: HSVersion = None
    quantity: Annotated[BoundedDecimal, Field(gt=0)] = Decimal(1)
    unit: str | None = None
    unit_value: Money | None = None
    piece: Piece | None = None
    origin: Annotated[
        str | None,
        Field(description="ISO2 country where the goods originate", examples=["RU"]),
    ] = None
    exemptions: tuple[ExemptionCitation, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _keep_declared_code(cls, data: object) -> object:
        """A code not written as the subheading it stands for is kept in declared_hs."""
        if not isinstance(data, dict) or data.get("declared_hs") is not None:
            return data
        raw = data.get("hs")
        if not isinstance(raw, str):
            return data
        try:
            code = normalise_hs(raw)
        except ValueError:
            return data  # the field validator reports it
        written = raw.strip()
        return {**data, "declared_hs": written} if written != code else data

    @field_validator("hs")
    @classmethod
    def _hs_digits(cls, value: str | None) -> str | None:
        return normalise_hs(value) if value else None

    @field_validator("origin")
    @classmethod
    def _iso_origin(cls, value: str | None) -> str | None:
        if value is not None and not is_country(value):
            raise ValueError("unknown country code")
        return value.upper() if value else value

    @model_validator(mode="after")
    def _declared_matches(self) -> Item:
        if self.declared_hs is None:
            return self
        try:
            code = normalise_hs(self.declared_hs)
        except ValueError:
            code = None
        if code is None or code != self.hs:
            raise ValueError(
                f"declared_hs {self.declared_hs!r} does not stand for hs {self.hs!r}; "
                "give the code as declared in hs alone"
            )
        return self


class Declaration(_Strict):
    """A cargo consignment or a traveller's baggage presented at a crossing."""

    id: str
    date: IsoDate
    crossing: Annotated[str, Field(examples=["dandong"])]
    direction: Direction
    country: Annotated[str, Field(description="ISO2 code of the other side", examples=["KP"])]
    channel: Channel
    conveyance: Conveyance | None = None
    traveller: Traveller | None = None
    consignor: Party | None = None
    consignee: Party | None = None
    exemptions: tuple[ExemptionCitation, ...] = ()
    hs_version: HSVersion = None
    items: Annotated[tuple[Item, ...], Field(min_length=1)]

    @field_validator("country")
    @classmethod
    def _iso_country(cls, value: str) -> str:
        if not is_country(value):
            raise ValueError("unknown country code")
        return value.upper()

    @field_validator("crossing")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()

    def hs_version_of(self, item: Item) -> int | None:
        """The HS version ``item`` declares its code in: its own, else the declaration's."""
        return item.hs_version if item.hs_version is not None else self.hs_version

    def parties(self) -> list[tuple[str, Party]]:
        """The named parties with their role, traveller first."""
        named: list[tuple[str, Party]] = []
        if self.traveller:
            named.append(("traveller", self.traveller))
            if self.traveller.employer:
                named.append(
                    ("employer", Party(name=self.traveller.employer, schema_="Organization"))
                )
        if self.consignor:
            named.append(("consignor", self.consignor))
        if self.consignee:
            named.append(("consignee", self.consignee))
        return named
