"""Declared codes of any HS version, screened as the HS 2022 codes they became.

The rule base is keyed by HS 2022. An item's code is read in the version it
was written in (:func:`~borderwatch.reference.hs_versions.read_code`): a code
that became one HS 2022 subheading is screened as that subheading; one that
became several is screened as each of them, and :func:`combine_candidates`
turns their verdicts into the item's. They agree: that verdict. They differ:
at least ``refer``, with each candidate's verdict named — never less than
every candidate gets, so a code that is prohibited whichever subheading it
became stays prohibited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from borderwatch.engine.assess import Assessment
from borderwatch.model.declaration import Declaration, Item
from borderwatch.model.measure import EffectType
from borderwatch.model.verdict import CandidateVerdict, Verdict
from borderwatch.reference.hs import nomenclature
from borderwatch.reference.hs_versions import CodeReading, read_code

__all__ = [
    "Combined",
    "DeclaredCode",
    "combine_candidates",
    "merge_candidates",
    "read_declared",
    "reading_of",
]

_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class DeclaredCode:
    """What a declared code is screened as.

    ``codes`` are HS 2022 codes (several when the declared code became several);
    ``refer`` is set when the code cannot be screened with confidence whatever
    its candidates say (in no HS version, or goods the tables lose track of).
    """

    declared: str
    code: str
    version: int | None
    codes: tuple[str, ...]
    reasons: tuple[str, ...]
    refer: bool


def reading_of(item: Item, declaration: Declaration) -> CodeReading:
    """The reading of ``item``'s code as of the declaration's own date (not a later as-of:
    the code was written in the version in force when it was declared)."""
    assert item.hs is not None
    return read_code(item.hs, day=declaration.date, declared=declaration.hs_version_of(item))


def _written(item: Item) -> list[str]:
    """What was done to the code as written to get ``item.hs``."""
    if item.declared_hs is None or item.hs is None:
        return []
    digits = _SEPARATORS.sub("", item.declared_hs)
    if len(digits) % 2:
        digits = "0" + digits
        if len(digits) <= 6:
            return [f"{item.declared_hs} read as {item.hs}, with the leading zero restored"]
        return [
            f"national tariff line {item.declared_hs} read as {digits} (leading zero "
            f"restored) and screened as its HS subheading {item.hs}"
        ]
    if len(digits) > 6:
        return [f"national tariff line {item.declared_hs} screened as its HS subheading {item.hs}"]
    return []


def read_declared(item: Item, declaration: Declaration) -> DeclaredCode:
    """The HS 2022 codes ``item``'s declared code is screened as, and why."""
    assert item.hs is not None
    reading = reading_of(item, declaration)
    declared = item.declared_hs or item.hs
    reasons = [*_written(item), *reading.notes()]
    name = f"HS {reading.version} {item.hs}"
    refer = False
    if reading.version is None:
        reasons.append(
            f"{item.hs} is not a code of {reading.tried_text()}: an officer classifies the goods"
        )
        refer = True
    elif not reading.candidates:
        nearby = nomenclature().below(item.hs[:4]) if len(item.hs) == 6 else []
        reasons.append(
            f"the UN conversion table lists no HS 2022 code for {name} (its goods went to codes "
            "listed under others): an officer classifies the goods in HS 2022"
            + (f" (heading {item.hs[:4]} has {', '.join(nearby)})" if nearby else "")
        )
        refer = True
    elif not reading.complete:
        reasons.append(
            f"some goods of {name} may have gone to HS 2022 codes the UN conversion table "
            f"does not list under it; screened as {', '.join(reading.candidates)} and referred"
        )
        refer = True
    elif len(reading.candidates) == 1 and reading.candidates[0] != item.hs:
        reasons.append(f"{name} read as HS 2022 {reading.candidates[0]} (UN conversion table)")
    return DeclaredCode(
        declared, item.hs, reading.version, reading.candidates, tuple(reasons), refer
    )


def _rank(a: Assessment) -> tuple[bool, int]:
    return (a.is_allowance and a.status == "pending", a.outcome.rank)


def merge_candidates(per_candidate: list[list[Assessment]]) -> list[Assessment]:
    """One assessment per measure over all candidates, for counting allowances.

    A measure that covers any candidate in full counts the item against its
    allowance (the goods may be of that candidate); otherwise the strictest
    candidate's assessment stands.
    """
    merged: dict[str, Assessment] = {}
    for found in per_candidate:
        for a in found:
            held = merged.get(a.measure.id)
            if held is None or _rank(a) > _rank(held):
                merged[a.measure.id] = a
    return list(merged.values())


@dataclass(frozen=True)
class Combined:
    """The item's goods assessments, and what the candidates said."""

    goods: list[Assessment]
    refer: bool
    reasons: tuple[str, ...]
    candidates: tuple[CandidateVerdict, ...]


def _goods(found: list[Assessment], selected: frozenset[str]) -> list[Assessment]:
    return [
        a
        for a in found
        if a.measure.regime in selected and a.measure.effect.type is not EffectType.INSPECT
    ]


def combine_candidates(
    declared: DeclaredCode,
    per_candidate: list[list[Assessment]],
    settled: list[Assessment],
    selected: frozenset[str],
) -> Combined:
    """The verdict of an item whose code became several HS 2022 codes.

    ``per_candidate`` are each candidate's assessments before allowances were
    counted; ``settled`` the merged ones after (:func:`merge_candidates`).
    """
    counted = {a.measure.id: a for a in settled if a.is_allowance}
    outcomes: list[dict[str, tuple[Verdict, str]]] = []
    for found in per_candidate:
        outcome = {}
        for a in _goods(found, selected):
            a = counted.get(a.measure.id, a) if a.is_allowance else a
            outcome[a.measure.id] = (a.outcome, a.status)
        outcomes.append(outcome)
    candidates = tuple(
        CandidateVerdict(
            hs=code,
            verdict=Verdict.strictest([v for v, _ in outcome.values()]),
            measures=tuple(sorted(outcome)),
        )
        for code, outcome in zip(declared.codes, outcomes, strict=True)
    )
    verdicts = {c.verdict for c in candidates}
    floor = min(verdicts, key=lambda v: v.rank)
    named = _grouped(candidates)
    became = f"HS {declared.version} {declared.code} became HS 2022 {', '.join(declared.codes)}"
    goods = _goods(settled, selected)
    counted_for_some = [
        m for m in counted if m in {a.measure.id for a in goods} and not _covers_all(m, outcomes)
    ]
    notes = tuple(
        f"counted against the allowance of {m}, which covers only some of these codes"
        for m in counted_for_some
    )
    if len(verdicts) > 1:
        cap = max(floor, Verdict.REFER, key=lambda v: v.rank)
        goods = [a if a.outcome.rank <= cap.rank else _capped(a, cap) for a in goods]
        reason = (
            f"{became} (UN conversion table); they fall on both sides of a measure: {named}; "
            "the officer decides which it is"
        )
        return Combined(goods, True, (reason, *notes), candidates)
    if all(o == outcomes[0] for o in outcomes):
        reason = f"{became} (UN conversion table); each gets {floor.value} on the same measures"
    else:
        reason = (
            f"{became} (UN conversion table); each gets {floor.value}, "
            f"on different measures: {named}"
        )
    return Combined(goods, False, (reason, *notes), candidates)


def _grouped(candidates: tuple[CandidateVerdict, ...]) -> str:
    """'852581, 852589 -> prohibited (UN-…); 880621 -> clear': candidates alike named together."""
    groups: dict[tuple[Verdict, tuple[str, ...]], list[str]] = {}
    for c in candidates:
        groups.setdefault((c.verdict, c.measures), []).append(c.hs)
    return "; ".join(
        f"{', '.join(codes)} -> {verdict.value}" + (f" ({', '.join(measures)})" if measures else "")
        for (verdict, measures), codes in groups.items()
    )


def _covers_all(measure: str, outcomes: list[dict[str, tuple[Verdict, str]]]) -> bool:
    return all(measure in outcome for outcome in outcomes)


def _capped(a: Assessment, cap: Verdict) -> Assessment:
    """A measure that does not decide every candidate alike gives the item no more than
    its verdict."""
    note = f"{a.measure.id} does not decide every HS 2022 code the declared code became alike"
    return a.with_outcome(cap, a.status, f"{a.reason}; {note}" if a.reason else note)
