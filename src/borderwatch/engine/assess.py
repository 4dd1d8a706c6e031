"""How one measure bears on one item: the outcome, its legal basis and the reason."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from borderwatch.engine.exemptions import Circumstances, refusals, weigh_exemptions
from borderwatch.model.declaration import ExemptionCitation
from borderwatch.model.exemption import Exemption
from borderwatch.model.measure import EffectType, Measure
from borderwatch.model.verdict import ExemptionCheck, LegalBasis, Verdict
from borderwatch.rules.index import Coverage

__all__ = ["Assessment", "ItemValue", "assess", "basis_for", "cap_conditions", "sentences"]


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
    exemptions: tuple[ExemptionCheck, ...] = ()

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
        return Assessment(self.coverage, outcome, status, reason, self.exemptions)


def basis_for(assessment: Assessment, *, selected: bool) -> LegalBasis:
    """The legal basis entry a verdict shows for this assessment."""
    measure = assessment.measure
    notes = [measure.note] if measure.note else []
    notes.extend(measure.notes_for(assessment.coverage.matched))
    if not measure.provision_verified:
        notes.append("provision number not verified against the official text")
    if measure.date_precision == "approximate":
        notes.append("dates are approximate (as reported)")
    return LegalBasis(
        measure=measure.id,
        regime=measure.regime,
        legal_act=measure.legal_act,
        provision=measure.provision,
        symbol=measure.symbol,
        url=measure.url,
        effect=measure.effect.type.value,
        outcome=assessment.outcome,
        hs_matched=assessment.coverage.matched,
        confidence=measure.confidence,
        basis=measure.basis,
        status=assessment.status if selected else "not_selected",
        note=sentences(tuple(notes)),
        exemptions=assessment.exemptions,
    )


@functools.lru_cache(maxsize=4096)
def sentences(notes: tuple[str, ...]) -> str | None:
    """Notes joined as sentences: each starts with a capital and ends with one full stop."""
    cleaned = []
    for note in notes:
        text = " ".join(note.split()).rstrip(" .;")
        if text:
            cleaned.append(text[0].upper() + text[1:] + ".")
    return " ".join(cleaned) or None


def assess(
    coverage: Coverage,
    *,
    hs: str,
    description: str = "",
    value: ItemValue,
    citations: tuple[ExemptionCitation, ...] = (),
    standing: tuple[Exemption, ...] = (),
    at: Circumstances | None = None,
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
        return Assessment(coverage, Verdict.INSPECT, "applied")
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
    checks: tuple[ExemptionCheck, ...] = ()
    exempted = None
    if citations:
        if at is None:
            raise TypeError("weighing cited exemptions needs the circumstances")
        weighed = weigh_exemptions(measure, standing, citations, at)
        exempted, checks = weighed.applied, weighed.checks
    refused = refusals(checks)
    if exempted is not None and measure.effect.type is not EffectType.ALLOWANCE:
        outcome, why = exempted
        return Assessment(coverage, outcome, "exempted", why, checks)
    if measure.effect.type is EffectType.ALLOWANCE:
        return Assessment(coverage, Verdict.CLEAR, "pending", refused, checks)
    verdict = measure.full_verdict
    reason = refused
    if measure.effect.type is EffectType.CAP and measure.effect.cap is not None:
        reason = _join(reason, cap_conditions(measure))
    if named is not None:
        reason = _join(
            reason,
            f"the description names {named!r}, within {measure.id}: {measure.goods.description}",
        )
    if measure.confidence == "low" and verdict is Verdict.REFER:
        reason = _join(
            reason, f"{measure.id} rests on a low-confidence source: verify before acting"
        )
    return Assessment(coverage, verdict, "applied", reason, checks)


def _join(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second


def cap_conditions(measure: Measure) -> str:
    """What an officer checks before releasing goods under ``measure``'s cap."""
    cap = measure.effect.cap
    assert cap is not None
    start = f" from {cap.period_start.isoformat()}" if cap.period_start else ""
    text = (
        f"{measure.id} allows these goods only within a cap of {cap.amount} ({cap.period}{start})"
    )
    if cap.conditions:
        text += ", and only if: " + "; ".join(cap.conditions)
    return text
