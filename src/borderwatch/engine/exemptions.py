"""Weighing the exemptions a declaration cites against the conditions each one sets.

A cited exemption applies only when every condition the declaration can show
holds: the goods are within its reach, their origin, the direction and the
crossing fit, its end date has not passed and its reference is given. Every
exemption weighed is reported with what failed, so an officer sees why an
exemption was refused, or what is left to verify on the papers when accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from borderwatch.model.declaration import Channel, Direction, ExemptionCitation
from borderwatch.model.exemption import Exemption
from borderwatch.model.measure import Measure
from borderwatch.model.verdict import ExemptionCheck, Verdict

__all__ = ["Circumstances", "Weighed", "refusals", "unmet_conditions", "weigh_exemptions"]


@dataclass(frozen=True, slots=True)
class Circumstances:
    """What an exemption's conditions are checked against, for one item."""

    hs: str
    description: str
    origin: str | None
    direction: Direction
    channel: Channel
    crossing: str
    modes: tuple[str, ...]
    day: dt.date


@dataclass(frozen=True, slots=True)
class Weighed:
    """The outcome of the first exemption that applied, if any, and every check made."""

    applied: tuple[Verdict, str] | None
    checks: tuple[ExemptionCheck, ...]


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def _origin_failures(exemption: Exemption, origin: str | None) -> list[str]:
    cond = exemption.conditions
    if not (cond.origin_not or cond.origin_in):
        return []
    if origin is None:
        wanted = (
            f"origin other than {_listed(cond.origin_not)}"
            if cond.origin_not
            else f"origin in {_listed(cond.origin_in)}"
        )
        return [f"the goods' origin is not declared; it reaches only goods of {wanted}"]
    if origin in cond.origin_not:
        return [f"it does not reach goods of {origin} origin"]
    if cond.origin_in and origin not in cond.origin_in:
        return [f"it reaches only goods of {_listed(cond.origin_in)} origin, not {origin}"]
    return []


def unmet_conditions(exemption: Exemption, at: Circumstances) -> list[str]:
    """Each condition of ``exemption`` the declaration shows is not met, in words."""
    cond = exemption.conditions
    unmet: list[str] = []
    if exemption.until is not None and at.day > exemption.until:
        unmet.append(f"it ended on {exemption.until.isoformat()}")
    if cond.hs and not any(at.hs.startswith(code) for code in cond.hs):
        unmet.append(f"it reaches only HS {_listed(cond.hs)}; HS {at.hs} is outside it")
    if cond.keywords and cond.names(at.description) is None:
        unmet.append(
            "the description names none of the goods it reaches "
            f"({_listed(cond.keywords[:6])}{', ...' if len(cond.keywords) > 6 else ''})"
        )
    unmet.extend(_origin_failures(exemption, at.origin))
    if cond.directions and at.direction not in cond.directions:
        unmet.append(
            f"it covers only {_listed(tuple(d.value for d in cond.directions))}; "
            f"this is an {at.direction.value}"
        )
    if cond.channels and at.channel not in cond.channels:
        unmet.append(
            f"it covers only {_listed(tuple(c.value for c in cond.channels))}; "
            f"these goods cross as {at.channel.value}"
        )
    if cond.crossing_modes and not set(cond.crossing_modes) & set(at.modes):
        unmet.append(
            f"it applies only at a {' or '.join(cond.crossing_modes)} crossing; "
            f"{at.crossing} is a {'/'.join(at.modes) or 'land'} crossing"
        )
    if cond.crossings and at.crossing not in cond.crossings:
        unmet.append(f"it applies only at {_listed(cond.crossings)}, not at {at.crossing}")
    return unmet


def _check(exemption: Exemption, citation: ExemptionCitation, at: Circumstances) -> ExemptionCheck:
    unmet = unmet_conditions(exemption, at)
    if exemption.requires_reference and not citation.reference:
        paper = exemption.document or "the document that grants it"
        unmet.append(f"cited without the reference of {paper}")
    if unmet:
        return ExemptionCheck(id=exemption.id, applied=False, reasons=tuple(unmet))
    return ExemptionCheck(id=exemption.id, applied=True, reasons=exemption.conditions.to_verify)


def weigh_exemptions(
    measure: Measure,
    standing: tuple[Exemption, ...],
    citations: tuple[ExemptionCitation, ...],
    at: Circumstances,
) -> Weighed:
    """Check every cited exemption that ``measure`` (or its regime) offers.

    The first one whose conditions hold sets the outcome; the others are
    still reported, so the officer sees every exemption that was weighed.
    """
    offered = {e.id: e for e in (*measure.exemptions, *standing)}
    checks: list[ExemptionCheck] = []
    applied: tuple[Verdict, str] | None = None
    for citation in citations:
        exemption = offered.get(citation.id)
        if exemption is None:
            continue
        check = _check(exemption, citation, at)
        checks.append(check)
        if check.applied and applied is None:
            verify = f" Before release verify: {'; '.join(check.reasons)}." if check.reasons else ""
            applied = (
                exemption.outcome,
                f"exemption {exemption.id} cited (reference {citation.reference or 'none'}): "
                f"{exemption.description.strip()}{verify}",
            )
    return Weighed(applied, tuple(checks))


def refusals(checks: tuple[ExemptionCheck, ...]) -> str | None:
    """One sentence naming every refused exemption and why, or None."""
    refused = [
        f"exemption {c.id} does not apply: {'; '.join(c.reasons)}" for c in checks if not c.applied
    ]
    return "; ".join(refused) or None
