"""Screening the parties of a declaration against the loaded lists."""

from __future__ import annotations

from dataclasses import dataclass

from borderwatch.engine.protocols import PartyScreener
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import PartyResult

__all__ = ["PartyFindings", "screen_parties"]


@dataclass(frozen=True)
class PartyFindings:
    """Results per party, the roles confirmed as designated, and reasons."""

    results: tuple[PartyResult, ...]
    confirmed_roles: frozenset[str]
    reasons: tuple[str, ...]

    @property
    def possible_hit(self) -> bool:
        """True when any party has a match at all."""
        return any(r.matches for r in self.results)


def screen_parties(
    declaration: Declaration, screener: PartyScreener | None, *, confirm_score: float
) -> PartyFindings:
    """Match every named party; a match at ``confirm_score`` or above counts as confirmed."""
    if screener is None:
        return PartyFindings((), frozenset(), ())
    results, confirmed, reasons = [], set(), []
    for role, party in declaration.parties():
        matches = tuple(screener.match(party))
        results.append(PartyResult(role=role, name=party.name, matches=matches))
        if not matches:
            continue
        best = matches[0]
        if best.score >= confirm_score:
            confirmed.add(role)
            reasons.append(
                f"{role} {party.name!r} matches listed entry {best.ref} {best.name!r} "
                f"(score {best.score:.2f})"
            )
        else:
            reasons.append(
                f"{role} {party.name!r} may be listed entry {best.ref} {best.name!r} "
                f"(score {best.score:.2f}): refer for identity check"
            )
    return PartyFindings(tuple(results), frozenset(confirmed), tuple(reasons))
