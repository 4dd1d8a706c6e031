"""What screening concludes: verdicts per item and per declaration, with legal basis."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CandidateVerdict",
    "Conflict",
    "DeclarationVerdict",
    "ExemptionCheck",
    "HSCandidate",
    "ItemVerdict",
    "LegalBasis",
    "PartyMatch",
    "PartyResult",
    "ScreeningConfiguration",
    "Verdict",
]


class Verdict(StrEnum):
    """Item and declaration verdicts, declared from least to most strict."""

    CLEAR = "clear"
    INSPECT = "inspect"
    REFER = "refer"
    LICENCE_REQUIRED = "licence_required"
    EXCEEDS_ALLOWANCE = "exceeds_allowance"
    PROHIBITED = "prohibited"

    @property
    def rank(self) -> int:
        """0 for clear up to 5 for prohibited."""
        return _RANK[self]

    @classmethod
    def strictest(cls, verdicts: list[Verdict]) -> Verdict:
        """The strictest of ``verdicts``; clear when there are none."""
        return max(verdicts, key=_RANK.__getitem__, default=cls.CLEAR)


_RANK = {v: i for i, v in enumerate(Verdict)}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ExemptionCheck(_Frozen):
    """A cited exemption the engine weighed against one measure, and what it found."""

    id: str
    applied: bool
    reasons: tuple[str, ...] = Field(
        default=(), description="why it did not apply, or what to verify before release"
    )


class LegalBasis(_Frozen):
    """One measure that applied to an item, and how."""

    measure: str
    regime: str
    legal_act: str
    provision: str
    symbol: str | None = None
    url: str | None = None
    effect: str
    outcome: Verdict
    hs_matched: str
    confidence: str
    basis: str = "law"
    status: Annotated[str, Field(description="applied | exempted | tolerated | not_selected")] = (
        "applied"
    )
    note: str | None = None
    exemptions: tuple[ExemptionCheck, ...] = ()

    def citation(self) -> str:
        """'UNSCR 2397 (2017) OP7 (S/RES/2397 (2017))' — act, provision and symbol."""
        cited = f"{self.legal_act} {self.provision}".strip()
        return f"{cited} ({self.symbol})" if self.symbol else cited


class HSCandidate(_Frozen):
    """One classification candidate for a free-text description."""

    hs: str
    score: Annotated[float, Field(ge=0, le=1)]
    explanation: str = ""


class PartyMatch(_Frozen):
    """A list entry a party may be."""

    ref: str
    name: str
    score: Annotated[float, Field(ge=0, le=1)]
    explanation: tuple[str, ...] = ()
    list_snapshot: str | None = None
    listing: Annotated[
        str,
        Field(
            description="list format and programme, e.g. 'un-xml:DPRK': which measures a hit engages"
        ),
    ] = ""
    schema_: Annotated[str, Field(alias="schema")] = "Person"

    model_config = ConfigDict(frozen=True, populate_by_name=True)


class PartyResult(_Frozen):
    """Screening of one named party."""

    role: str
    name: str
    matches: tuple[PartyMatch, ...] = ()


class Conflict(_Frozen):
    """A measure that tolerates what another prohibits, for monitors to see both."""

    item: str
    tolerated_by: LegalBasis
    prohibited_by: LegalBasis
    followed: str = Field(description="which of the two the verdict follows, and why")


class CandidateVerdict(_Frozen):
    """One HS 2022 subheading a declared code of an older version became, screened alone."""

    hs: str
    verdict: Verdict
    measures: tuple[str, ...] = Field(default=(), description="its legal basis, measure ids")


class ItemVerdict(_Frozen):
    """The verdict for one item, with every measure that applied.

    ``hs`` is the HS 2022 code screened; None when the item was not screened as
    one code (unclassified, or a declared code that became several: see
    ``hs_candidates``). ``declared_hs`` is the code as declared and
    ``hs_version`` the HS version it was read in.
    """

    id: str
    verdict: Verdict
    hs: str | None
    legal_basis: tuple[LegalBasis, ...] = ()
    reasons: tuple[str, ...] = ()
    classification: tuple[HSCandidate, ...] = ()
    declared_hs: str | None = Field(default=None, description="the code as declared")
    hs_version: int | None = Field(
        default=None, description="the HS version the declared code was read in"
    )
    hs_candidates: tuple[CandidateVerdict, ...] = Field(
        default=(), description="the HS 2022 subheadings a declared code became, when several"
    )


class ScreeningConfiguration(_Frozen):
    """What produced a verdict, so it can be rebuilt and the verdict reproduced.

    ``party_lists`` is None when parties were not screened on purpose
    (``--no-parties``) and empty when they could not be (no list loaded).
    ``classifier`` is None when classification was off.
    """

    rule_base: str
    rule_base_source: str | None = Field(
        default=None, description="folder of the rule base; None for the shipped one"
    )
    regimes: tuple[str, ...] | None = Field(
        default=None, description="regimes applied; None for every regime of the rule base"
    )
    classifier: str | None = None
    classify_confidence: float
    party_lists: tuple[str, ...] | None = Field(
        default=None, description="content hashes of the list snapshots parties were matched on"
    )
    party_threshold: float
    party_confirm_score: float
    hs_tables: str | None = Field(
        default=None,
        description="content hash of the HS version tables declared codes were read with; "
        "None for results from before codes were read in their date's HS version",
    )

    def differences(self, other: ScreeningConfiguration) -> list[str]:
        """What differs from ``other``, in words: 'rule base a1b2 -> c3d4', ..."""
        changed = []
        for name in type(self).model_fields:
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine != theirs:
                label = name.replace("_", " ")
                changed.append(f"{label} {_short(mine)} -> {_short(theirs)}")
        return changed


def _short(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v)[:12] for v in value) + "]"
    return str(value)


class DeclarationVerdict(_Frozen):
    """The verdict for a declaration: the strictest of its items and parties."""

    id: str
    verdict: Verdict
    as_of: dt.date
    crossing: str
    channel: str
    regimes: tuple[str, ...]
    items: tuple[ItemVerdict, ...]
    conflicts: tuple[Conflict, ...] = ()
    inspection: tuple[LegalBasis, ...] = ()
    parties: tuple[PartyResult, ...] = ()
    reasons: tuple[str, ...] = ()
    rule_base: str
    configuration: ScreeningConfiguration | None = None
