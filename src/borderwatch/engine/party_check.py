"""Screening the parties of a declaration against the loaded lists."""

from __future__ import annotations

from dataclasses import dataclass

from borderwatch.engine.protocols import PartyScreener
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import PartyResult

__all__ = ["PartyFindings", "screen_parties"]


@dataclass(frozen=True)
class PartyFindings:
    """Results per party, the (role, listing) pairs confirmed as designated, and reasons."""

    results: tuple[PartyResult, ...]
    confirmed: frozenset[tuple[str, str]]
    reasons: tuple[str, ...]

    @property
    def possible_hit(self) -> bool:
        """True when any party has a match at all."""
        return any(r.matches for r in self.results)


def screen_parties(
    declaration: Declaration, screener: PartyScreener | None, *, confirm_score: float
) -> PartyFindings:
    """Match every named party; a match at ``confirm_score`` or above counts as confirmed.

    A confirmed hit keeps the listing it came from, so a measure scoped to one
    list (UNSCR 1718 OP8(d) to the UN DPRK entries) is not engaged by another.
    """
    if screener is None:
        return PartyFindings((), frozenset(), ())
    results: list[PartyResult] = []
    confirmed: set[tuple[str, str]] = set()
    reasons: list[str] = []
    for role, party in declaration.parties():
        matches = tuple(screener.match(party))
        results.append(PartyResult(role=role, name=party.name, matches=matches))
        if not matches:
            continue
        best = matches[0]
        if best.score >= confirm_score:
            confirmed.update((role, m.listing) for m in matches if m.score >= confirm_score)
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
