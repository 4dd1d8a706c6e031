"""How one measure bears on one item: the outcome, its legal basis and the reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from borderwatch.model.declaration import ExemptionCitation
from borderwatch.model.measure import EffectType, Exemption, Measure
from borderwatch.model.verdict import LegalBasis, Verdict
from borderwatch.rules.index import Coverage

__all__ = ["Assessment", "ItemValue", "assess", "basis_for"]


@dataclass(frozen=True, slots=True)
class ItemValue:
    """An item's unit value in USD, or why it is not known."""

    usd: Decimal | None
    missing_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """One measure's bearing on one item before allowances are counted."""

    coverage: Coverage
    outcome: Verdict
    status: str
    reason: str | None = None

    @property
    def measure(self) -> Measure:
        """The measure assessed."""
        return self.coverage.measure

    @property
    def is_allowance(self) -> bool:
        """True while the outcome waits on counting the traveller's allowance."""
        return self.measure.effect.type is EffectType.ALLOWANCE and not self.coverage.partial

    def with_outcome(self, outcome: Verdict, status: str, reason: str | None) -> Assessment:
        """A copy with the allowance counted."""
        return Assessment(self.coverage, outcome, status, reason)


def basis_for(assessment: Assessment, *, selected: bool) -> LegalBasis:
    """The legal basis entry a verdict shows for this assessment."""
    measure = assessment.measure
    notes = [measure.note] if measure.note else []
    if not measure.provision_verified:
        notes.append("provision number not verified against the official text")
    if measure.date_precision == "approximate":
        notes.append("dates are approximate (as reported)")
    return LegalBasis(
        measure=measure.id,
        regime=measure.regime,
        legal_act=measure.legal_act,
        provision=measure.provision,
        effect=measure.effect.type.value,
        outcome=assessment.outcome,
        hs_matched=assessment.coverage.matched,
        confidence=measure.confidence,
        basis=measure.basis,
        status=assessment.status if selected else "not_selected",
        note="; ".join(notes) or None,
    )


def _weigh_exemptions(
    measure: Measure,
    standing: tuple[Exemption, ...],
    citations: tuple[ExemptionCitation, ...],
    day: dt.date,
) -> tuple[tuple[Verdict, str] | None, str | None]:
    """The first valid cited exemption's (outcome, reason), and why others were refused."""
    accepted = {e.id: e for e in (*measure.exemptions, *standing)}
    refusals = []
    for citation in citations:
        exemption = accepted.get(citation.id)
        if exemption is None:
            continue
        if exemption.until is not None and day > exemption.until:
            refusals.append(
                f"exemption {exemption.id} cited but it ended on {exemption.until.isoformat()}"
            )
        elif exemption.requires_reference and not citation.reference:
            refusals.append(f"exemption {exemption.id} cited without its reference number")
        else:
            return (
                exemption.outcome,
                f"exemption {exemption.id} cited (reference {citation.reference or 'none'}): "
                f"{exemption.description.strip()} Verify it before release.",
            ), None
    return None, "; ".join(refusals) or None


def assess(
    coverage: Coverage,
    *,
    hs: str,
    description: str = "",
    value: ItemValue,
    citations: tuple[ExemptionCitation, ...],
    standing: tuple[Exemption, ...],
    day: dt.date,
) -> Assessment | None:
    """The outcome of one covering measure for one item; None if it does not apply."""
    measure = coverage.measure
    threshold = measure.goods.value_above
    if threshold is not None:
        if value.usd is None:
            return Assessment(
                coverage,
                Verdict.REFER,
                "applied",
                f"{measure.id} covers these goods only above {threshold.amount} "
                f"{threshold.currency} a unit: {value.missing_reason}",
            )
        if value.usd <= threshold.amount:
            return None
    if measure.effect.type is EffectType.INSPECT:
        return Assessment(coverage, Verdict.CLEAR, "applied")
    named = measure.goods.named_in(description) if coverage.partial else None
    if named is not None:
        coverage = Coverage(measure, coverage.matched, False)
    if coverage.partial:
        return Assessment(
            coverage,
            Verdict.REFER,
            "applied",
            f"HS {hs} may hold goods outside {measure.id} ({measure.goods.description}): "
            "the officer decides whether these goods are covered",
        )
    exempted, refused = _weigh_exemptions(measure, standing, citations, day)
    if exempted is not None and measure.effect.type is not EffectType.ALLOWANCE:
        outcome, why = exempted
        return Assessment(coverage, outcome, "exempted", why)
    if measure.effect.type is EffectType.ALLOWANCE:
        return Assessment(coverage, Verdict.CLEAR, "pending", refused)
    verdict = measure.full_verdict
    reason = refused
    if named is not None:
        reason = (
            f"the description names {named!r}, within {measure.id}: {measure.goods.description}"
        )
    if measure.confidence == "low" and verdict is Verdict.REFER:
        reason = f"{measure.id} rests on a low-confidence source: verify before acting"
    return Assessment(coverage, verdict, "applied", reason)
