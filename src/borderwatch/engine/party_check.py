"""Screening the parties of a declaration against the loaded lists."""

from __future__ import annotations

from dataclasses import dataclass

from borderwatch.engine.protocols import PartyScreener
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import PartyResult

__all__ = ["PartyCheck", "PartyFindings", "screen_parties"]


@dataclass(frozen=True)
class PartyCheck:
    """How parties are screened: a matcher over recorded snapshots, or why not.

    ``lists`` are the content hashes of the snapshots the matcher holds.
    With no matcher, ``unavailable`` says why parties could not be screened
    (every declaration naming a party is then referred); None there means
    parties were left out on purpose (``--no-parties``).
    """

    matcher: PartyScreener | None
    lists: tuple[str, ...] | None
    threshold: float
    confirm_score: float
    unavailable: str | None = None

    @classmethod
    def skipped(cls, *, threshold: float, confirm_score: float) -> PartyCheck:
        """Parties left out on purpose: verdicts cover goods only, and say so."""
        return cls(None, None, threshold, confirm_score)

    @classmethod
    def failed(cls, why: str, *, threshold: float, confirm_score: float) -> PartyCheck:
        """Parties could not be screened: declarations naming parties are referred."""
        return cls(None, (), threshold, confirm_score, why)


@dataclass(frozen=True)
class PartyFindings:
    """Results per party, the (role, listing) pairs confirmed as designated, and reasons.

    ``unchecked`` is True when the declaration names parties that could not be
    screened (no list loaded, a list that could not be read): the declaration
    is then referred, never cleared.
    """

    results: tuple[PartyResult, ...]
    confirmed: frozenset[tuple[str, str]]
    reasons: tuple[str, ...]
    unchecked: bool = False

    @property
    def possible_hit(self) -> bool:
        """True when any party has a match at all."""
        return any(r.matches for r in self.results)


def screen_parties(
    declaration: Declaration,
    screener: PartyScreener | None,
    *,
    confirm_score: float,
    unavailable: str | None = None,
) -> PartyFindings:
    """Match every named party; a match at ``confirm_score`` or above counts as confirmed.

    A confirmed hit keeps the listing it came from, so a measure scoped to one
    list (UNSCR 1718 OP8(d) to the UN DPRK entries) is not engaged by another.
    With no screener, ``unavailable`` says why: a declaration that names
    parties is then marked unchecked with that reason. No screener and no
    reason means parties were left out on purpose (``--no-parties``).
    """
    if screener is None:
        named = declaration.parties()
        if unavailable is None or not named:
            return PartyFindings((), frozenset(), ())
        roles = ", ".join(f"{role} {party.name!r}" for role, party in named)
        return PartyFindings(
            (),
            frozenset(),
            (f"parties not screened ({roles}): {unavailable}; refer for a list check",),
            unchecked=True,
        )
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
