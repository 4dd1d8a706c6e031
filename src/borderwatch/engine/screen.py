"""Screening one declaration: a pure function from declaration to verdicts.

No I/O happens here. The rule base, the classifier and the party screener
are passed in, so the CLI, the API and a batch worker share this function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from borderwatch.engine.allowances import count_allowances
from borderwatch.engine.assess import Assessment, ItemValue, assess, basis_for
from borderwatch.engine.classification import ClassificationOutcome, check_declared, classify_item
from borderwatch.engine.conflicts import find_conflicts
from borderwatch.engine.context import ScreeningContext, context_for, selected_regimes
from borderwatch.engine.declared_codes import (
    DeclaredCode,
    combine_candidates,
    merge_candidates,
    read_declared,
)
from borderwatch.engine.exemptions import Circumstances
from borderwatch.engine.explain import unselected_luxury, unweighed_citations
from borderwatch.engine.party_check import PartyFindings, screen_parties
from borderwatch.engine.protocols import GoodsClassifier, PartyScreener
from borderwatch.model.declaration import Declaration, Item
from borderwatch.model.measure import EffectType
from borderwatch.model.verdict import (
    CandidateVerdict,
    Conflict,
    DeclarationVerdict,
    ItemVerdict,
    LegalBasis,
    Verdict,
)
from borderwatch.rules.index import Coverage
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.scope import Situation

__all__ = ["screen_declaration"]


def _value(item: Item, rule_base: RuleBase, day: dt.date) -> ItemValue:
    if item.unit_value is None:
        return ItemValue(None, "declare the unit value to decide")
    usd = rule_base.rates.to_usd(item.unit_value, day)
    if usd is None:
        return ItemValue(
            None,
            f"no exchange rate for {item.unit_value.currency} on {day.isoformat()}; "
            "convert the value by hand",
        )
    return ItemValue(usd)


def _assess_item(
    item: Item,
    hs: str,
    declaration: Declaration,
    context: ScreeningContext,
    rule_base: RuleBase,
    day: dt.date,
    confirmed: frozenset[tuple[str, str]],
) -> list[Assessment]:
    coverages = list(context.goods_index.covering(hs))
    for measure in context.party_measures:
        if measure.engaged_by(confirmed):
            coverages.append(Coverage(measure, "party", False))
    citations = (*declaration.exemptions, *item.exemptions)
    value = _value(item, rule_base, day)
    at = Circumstances(
        hs=hs,
        description=item.description,
        origin=item.origin,
        direction=declaration.direction,
        channel=declaration.channel,
        crossing=declaration.crossing,
        modes=rule_base.crossings[declaration.crossing].modes,
        day=day,
    )
    found = []
    for coverage in coverages:
        assessment = assess(
            coverage,
            hs=hs,
            description=item.description,
            value=value,
            citations=citations,
            standing=context.standing.get(coverage.measure.regime, ()),
            at=at,
        )
        if assessment is not None:
            found.append(assessment)
    return found


def _quick_verdict(
    hs: str, selected: frozenset[str], context: ScreeningContext, value: ItemValue, day: dt.date
) -> Verdict:
    """The verdict a candidate code would get, without allowances or exemptions."""
    outcomes = []
    for coverage in context.goods_index.covering(hs):
        if coverage.measure.regime not in selected:
            continue
        found = assess(coverage, hs=hs, value=value)
        if found is None or coverage.measure.effect.type is EffectType.INSPECT:
            continue
        outcomes.append(
            Verdict.EXCEEDS_ALLOWANCE
            if found.is_allowance
            and coverage.measure.effect.allowance
            and coverage.measure.effect.allowance.max_items == 0
            else found.outcome
        )
    return Verdict.strictest(outcomes)


@dataclass(frozen=True)
class _Resolved:
    """An item's HS 2022 code(s) to screen: declared (read in its version) or classified."""

    outcome: ClassificationOutcome
    declared: DeclaredCode | None
    codes: tuple[str, ...]


def _resolve_hs(
    item: Item,
    declaration: Declaration,
    classifier: GoodsClassifier | None,
    confidence: float,
    selected: frozenset[str],
    context: ScreeningContext,
    value: ItemValue,
    day: dt.date,
) -> _Resolved:
    if item.hs is not None:
        declared = read_declared(item, declaration)
        single = declared.codes[0] if len(declared.codes) == 1 else None
        outcome = ClassificationOutcome(single, (), declared.reasons, declared.refer)
        if classifier is not None:
            flagged = check_declared(
                item.description,
                item.hs,
                classifier,
                confidence=confidence,
                readings=declared.codes,
            )
            if flagged is not None:
                outcome = ClassificationOutcome(
                    single,
                    flagged.candidates,
                    (*declared.reasons, *flagged.reasons),
                    declared.refer or flagged.refer,
                )
        return _Resolved(outcome, declared, declared.codes)
    if classifier is None:
        unclassified = ClassificationOutcome(
            None,
            (),
            ("no HS code declared and no classifier configured: an officer classifies it",),
            True,
        )
        return _Resolved(unclassified, None, ())
    classified = classify_item(
        item.description,
        classifier,
        confidence=confidence,
        verdict_of=lambda hs: _quick_verdict(hs, selected, context, value, day),
    )
    return _Resolved(classified, None, (classified.hs,) if classified.hs else ())


def screen_declaration(
    declaration: Declaration,
    rule_base: RuleBase,
    *,
    regimes: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    classifier: GoodsClassifier | None = None,
    classify_confidence: float | None = None,
    party_screener: PartyScreener | None = None,
    party_confirm_score: float | None = None,
    parties_unavailable: str | None = None,
) -> DeclarationVerdict:
    """Screen ``declaration`` under the selected regimes as of ``as_of`` (default: its date).

    Every item gets exactly one verdict; the declaration gets the strictest.
    Measures of regimes not selected are still evaluated so conflicts between
    a tolerant practice and a prohibition show, but they never set a verdict.

    A classifier comes with its ``classify_confidence`` and a party screener
    with its ``party_confirm_score`` (the settings; see
    :class:`~borderwatch.engine.screener.Screener`, which passes both).
    ``parties_unavailable`` says why parties could not be screened: every
    declaration naming a party is then referred with that reason, never
    cleared as if its parties had been checked.
    """
    if classifier is not None and classify_confidence is None:
        raise TypeError("a classifier needs its classify_confidence")
    if party_screener is not None and party_confirm_score is None:
        raise TypeError("a party screener needs its party_confirm_score")
    day = as_of or declaration.date
    selected = selected_regimes(rule_base, tuple(regimes) if regimes is not None else None)
    situation = Situation(
        day=day,
        crossing=declaration.crossing,
        direction=declaration.direction,
        country=declaration.country,
        channel=declaration.channel,
        category=declaration.traveller.category if declaration.traveller else None,
    )
    context = context_for(rule_base, situation)
    parties = screen_parties(
        declaration,
        party_screener,
        confirm_score=1.0 if party_confirm_score is None else party_confirm_score,
        unavailable=parties_unavailable,
    )

    resolved = [
        _resolve_hs(
            item,
            declaration,
            classifier,
            1.0 if classify_confidence is None else classify_confidence,
            selected,
            context,
            _value(item, rule_base, day),
            day,
        )
        for item in declaration.items
    ]
    # a declared code that became several HS 2022 codes is assessed as each of them
    per_candidate = [
        [
            _assess_item(item, code, declaration, context, rule_base, day, parties.confirmed)
            for code in r.codes
        ]
        for item, r in zip(declaration.items, resolved, strict=True)
    ]
    raw = [found[0] if len(found) == 1 else merge_candidates(found) for found in per_candidate]
    settled = count_allowances(declaration.items, raw)
    return _assemble(
        declaration, rule_base, day, selected, context, parties, resolved, per_candidate, settled
    )


def _assemble(
    declaration: Declaration,
    rule_base: RuleBase,
    day: dt.date,
    selected: frozenset[str],
    context: ScreeningContext,
    parties: PartyFindings,
    resolved: list[_Resolved],
    per_candidate: list[list[list[Assessment]]],
    settled: list[list[Assessment]],
) -> DeclarationVerdict:
    items: list[ItemVerdict] = []
    conflicts: list[Conflict] = []
    inspection: dict[str, LegalBasis] = {}
    for index, (item, r, found) in enumerate(
        zip(declaration.items, resolved, settled, strict=True)
    ):
        outcome = r.outcome
        chosen = [a for a in found if a.measure.regime in selected]
        goods = [a for a in chosen if a.measure.effect.type is not EffectType.INSPECT]
        for a in chosen:
            if a.measure.effect.type is EffectType.INSPECT:
                inspection.setdefault(a.measure.id, basis_for(a, selected=True))
        refer, why = outcome.refer, list(outcome.reasons)
        candidates: tuple[CandidateVerdict, ...] = ()
        if r.declared is not None and len(r.codes) > 1:
            combined = combine_candidates(r.declared, per_candidate[index], found, selected)
            goods, candidates = combined.goods, combined.candidates
            refer, why = refer or combined.refer, [*why, *combined.reasons]
        verdicts = [a.outcome for a in goods]
        if refer:
            verdicts.append(Verdict.REFER)
        reasons = [*why, *(a.reason for a in goods if a.reason)]
        reasons.extend(unweighed_citations((*declaration.exemptions, *item.exemptions), found))
        if Verdict.strictest(verdicts) is Verdict.CLEAR:
            reasons.extend(unselected_luxury(found, selected))
        items.append(
            ItemVerdict(
                id=item.id,
                verdict=Verdict.strictest(verdicts),
                hs=outcome.hs,
                legal_basis=tuple(basis_for(a, selected=True) for a in goods),
                reasons=tuple(dict.fromkeys(reasons)),
                classification=outcome.candidates,
                declared_hs=r.declared.declared if r.declared else None,
                hs_version=r.declared.version if r.declared else None,
                hs_candidates=candidates,
            )
        )
        conflicts.extend(find_conflicts(item.id, found, selected))
    verdicts = [i.verdict for i in items]
    if inspection:
        verdicts.append(Verdict.INSPECT)
    if parties.possible_hit or parties.unchecked:
        verdicts.append(Verdict.REFER)
    reasons = list(parties.reasons)
    for measure, suspension in context.suspended:
        if measure.regime in selected:
            reasons.append(
                f"{measure.id} is suspended on {day.isoformat()} by {suspension.legal_act}"
            )
    return DeclarationVerdict(
        id=declaration.id,
        verdict=Verdict.strictest(verdicts),
        as_of=day,
        crossing=declaration.crossing,
        channel=declaration.channel.value,
        regimes=tuple(sorted(selected)),
        items=tuple(items),
        conflicts=tuple(conflicts),
        inspection=tuple(inspection.values()),
        parties=parties.results,
        reasons=tuple(reasons),
        rule_base=rule_base.version,
    )
