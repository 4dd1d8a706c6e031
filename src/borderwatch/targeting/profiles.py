"""Which risk profiles a declaration matches, and what they add to its risk.

Pure: a declaration, the rule base that carries the profiles (and the exchange
rates a value condition needs) and, when screening has run, its result (for
party hits and the codes the classifier gave undeclared items). Every match
names the profile, the items that met its item conditions and the reason the
risk unit wrote, so an officer sees why a declaration was selected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from borderwatch.model.declaration import Declaration, Item
from borderwatch.model.risk_profile import Lane, ProfileConditions, RiskProfile
from borderwatch.model.verdict import DeclarationVerdict
from borderwatch.rules.loader import RuleBase

__all__ = ["ProfileMatch", "ProfileRisk", "Screened", "match_profiles", "profile_risk"]


@dataclass(frozen=True)
class Screened:
    """What profiles need from a screening result: whether some party matched a list, and
    the code each item was screened under (the classifier's, for one declared in words)."""

    party_hit: bool
    codes: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, result: DeclarationVerdict) -> Screened:
        codes = {item.id: item.hs for item in result.items if item.hs is not None}
        return cls(any(p.matches for p in result.parties), codes)

    @classmethod
    def of_stored(cls, result: Mapping[str, Any]) -> Screened:
        """From a stored result's JSON, without validating all of it (the queue reads many)."""
        codes = {i["id"]: i["hs"] for i in result.get("items", ()) if i.get("hs") is not None}
        return cls(any(p.get("matches") for p in result.get("parties", ())), codes)


@dataclass(frozen=True)
class ProfileMatch:
    """A profile that holds for a declaration, and the items that made it hold (empty when
    its conditions are on the declaration alone)."""

    profile: RiskProfile
    items: tuple[str, ...]

    def explanation(self) -> str:
        on = f" (items {', '.join(self.items)})" if self.items else ""
        effect = f"lane {self.profile.lane}" if self.profile.lane else f"+{self.profile.weight}"
        return f"{self.profile.id}{on}: {self.profile.title} [{effect}]"


@dataclass(frozen=True)
class ProfileRisk:
    """What the matching profiles add up to: a risk in [0, 1] and the strictest lane."""

    score: float
    lane: Lane | None
    matches: tuple[ProfileMatch, ...]


def _holds_for_declaration(
    conditions: ProfileConditions, declaration: Declaration, screened: Screened | None
) -> bool:
    traveller = declaration.traveller
    company = (traveller.employer or "").casefold() if traveller else ""
    checks = [
        not conditions.crossings or declaration.crossing in conditions.crossings,
        not conditions.channels or declaration.channel in conditions.channels,
        not conditions.directions or declaration.direction in conditions.directions,
        not conditions.countries or declaration.country in conditions.countries,
        not conditions.traveller_categories
        or (
            traveller is not None
            and (traveller.category or "").casefold() in conditions.traveller_categories
        ),
        not conditions.companies or any(c in company for c in conditions.companies if company),
        not conditions.conveyance_kinds
        or (
            declaration.conveyance is not None
            and declaration.conveyance.kind in conditions.conveyance_kinds
        ),
        conditions.min_items is None or len(declaration.items) >= conditions.min_items,
    ]
    if conditions.party_hit is not None:
        # without a screening result the party condition cannot hold: no silent match
        checks.append(screened is not None and screened.party_hit == conditions.party_hit)
    return all(checks)


def _holds_for_item(
    conditions: ProfileConditions,
    item: Item,
    code: str | None,
    declaration: Declaration,
    rule_base: RuleBase,
) -> bool:
    if conditions.hs and not (code and any(code.startswith(p) for p in conditions.hs)):
        return False
    if conditions.min_quantity is not None and item.quantity < conditions.min_quantity:
        return False
    if conditions.min_unit_value is not None:
        if item.unit_value is None:
            return False
        rates, day = rule_base.rates, declaration.date
        value = rates.to_usd(item.unit_value, day)
        floor = rates.to_usd(conditions.min_unit_value, day)
        if value is None or floor is None or value < floor:
            return False
    return True


def _codes(declaration: Declaration, screened: Screened | None) -> dict[str, str | None]:
    """Each item's code: as screened when there is a result, else as declared."""
    codes: dict[str, str | None] = {item.id: item.hs for item in declaration.items}
    return codes | dict(screened.codes) if screened is not None else codes


def match_profiles(
    declaration: Declaration,
    rule_base: RuleBase,
    screened: Screened | DeclarationVerdict | None = None,
    profiles: Sequence[RiskProfile] | None = None,
) -> list[ProfileMatch]:
    """The profiles of ``rule_base`` (or ``profiles``) in force on the declaration's date
    that hold for it, in file order. Without a screening result a party condition does
    not hold, and items are read under their declared codes."""
    if isinstance(screened, DeclarationVerdict):
        screened = Screened.of(screened)
    codes = _codes(declaration, screened)
    found = []
    for profile in rule_base.risk_profiles if profiles is None else profiles:
        conditions = profile.conditions
        if not profile.in_force(declaration.date):
            continue
        if not _holds_for_declaration(conditions, declaration, screened):
            continue
        items: tuple[str, ...] = ()
        if conditions.on_items():
            items = tuple(
                item.id
                for item in declaration.items
                if _holds_for_item(conditions, item, codes[item.id], declaration, rule_base)
            )
            if not items:
                continue
        found.append(ProfileMatch(profile, items))
    return found


def profile_risk(matches: Sequence[ProfileMatch]) -> ProfileRisk:
    """Weights combined as independent signals, 1 − Π(1 − w); red wins over yellow."""
    remaining = 1.0
    for match in matches:
        if match.profile.weight is not None:
            remaining *= 1.0 - match.profile.weight
    lanes = {m.profile.lane for m in matches if m.profile.lane is not None}
    lane = Lane.RED if Lane.RED in lanes else (Lane.YELLOW if lanes else None)
    return ProfileRisk(round(1.0 - remaining, 6), lane, tuple(matches))
