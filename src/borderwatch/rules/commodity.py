"""What applies to one HS code at a crossing on a date: a commodity page's answer.

For a code, a day and a crossing this lists, per direction, every measure in
force there whose goods touch the code: whether it covers the code in full,
only partially (the code also holds other goods, so an officer decides), for
some of the subheadings below a chapter or heading, or not at all because the
measure excludes it. Measures of regimes that were not chosen but bind at the
crossing are listed apart, so a conflict between regimes stays visible.

Coverage of a six-digit code is the screening engine's own (:class:`MeasureIndex`);
a chapter or heading is answered subheading by subheading. The result is data
(pydantic, dumped as JSON as it is); the command line and the HTTP API render it.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from borderwatch.errors import InputError
from borderwatch.model.declaration import Channel, Direction
from borderwatch.model.exemption import Exemption
from borderwatch.model.measure import (
    EffectType,
    Measure,
    SourceDocument,
    Suspension,
)
from borderwatch.model.verdict import Verdict
from borderwatch.reference.hs import nomenclature
from borderwatch.rules.index import MeasureIndex
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.questions import crossing_of, regimes_not_binding, situations
from borderwatch.rules.reference import Crossing
from borderwatch.rules.scope import measures_in_force

__all__ = [
    "Applicable",
    "CommodityPage",
    "CoverageKind",
    "ExemptionOffered",
    "HSLine",
    "Subheadings",
    "Toleration",
    "commodity_code",
    "commodity_page",
]


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True)


class CoverageKind(StrEnum):
    """How a measure's goods meet the code asked about."""

    FULL = "full"  # every good under the code is covered
    PARTIAL = "partial"  # the code also holds goods outside the measure: an officer decides
    SOME_SUBHEADINGS = "some_subheadings"  # a chapter or heading: only some subheadings below
    EXCLUDED = "excluded"  # the measure's codes reach the code but exclude it


class HSLine(_Data):
    """One level of the HS 2022 path: chapter, heading or subheading."""

    code: str
    description: str


class Subheadings(_Data):
    """The six-digit subheadings under the code, by how the measure covers each."""

    full: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


class ExemptionOffered(_Data):
    """An exemption a declaration may cite against the measure."""

    exemption: Exemption
    standing: bool  # the regime's own, offered against every measure of it
    available: bool  # can still be relied on that day


class Applicable(_Data):
    """One measure touching the code, in one direction."""

    id: str
    regime: str
    selected: bool
    direction: Direction
    channels: tuple[Channel, ...]
    traveller_categories: tuple[str, ...] | None
    coverage: CoverageKind
    matched: tuple[str, ...]  # the measure's own codes that reach the code
    subheadings: Subheadings
    keywords: tuple[str, ...]  # words that place goods within a partial measure
    effect: EffectType
    verdict: Verdict | None  # when the measure covers the goods (beyond an allowance)
    verdict_on_code: Verdict | None  # an item declared under this code alone (above a threshold)
    party_roles: tuple[str, ...] | None  # applies only when a party in these roles is listed
    suspension: Suspension | None
    exemptions: tuple[ExemptionOffered, ...]
    document: SourceDocument | None
    measure: Measure


class Toleration(_Data):
    """A count allowance tolerating goods another measure prohibits (a conflict)."""

    direction: Direction
    channels: tuple[Channel, ...]
    tolerated_by: str
    prohibited_by: str
    followed: str  # the measure the verdict follows: the prohibition, unless not chosen


class CommodityPage(_Data):
    """Everything that applies to one code at one crossing on one day."""

    code: str
    asked: str
    path: tuple[HSLine, ...]
    subheadings: tuple[str, ...]
    as_of: dt.date
    crossing: Crossing
    country: str
    directions: tuple[Direction, ...]
    channels: tuple[Channel, ...]
    regimes: tuple[str, ...]  # chosen
    not_binding: tuple[str, ...]  # chosen, but binding nowhere at the crossing
    measures: tuple[Applicable, ...]
    not_selected: tuple[Applicable, ...]
    conflicts: tuple[Toleration, ...]
    rule_base: str


_SEPARATORS = re.compile(r"[\s.]")


def commodity_code(value: str) -> str:
    """The HS 2022 code ``value`` stands for: a chapter, heading or subheading.

    Dots and spaces are ignored; an eight- or ten-digit national tariff line
    is read as its first six digits. Raises InputError for anything else, or
    for a code HS 2022 does not have.
    """
    digits = _SEPARATORS.sub("", value)
    if not digits.isdigit() or len(digits) not in (2, 4, 6, 8, 10):
        raise InputError(
            f"{value!r} is not an HS code: write 2, 4, 6, 8 or 10 digits "
            "(dots and spaces allowed), e.g. 84, 8471, 8471.30 or 8471.30.00"
        )
    code = digits[:6]
    if code not in nomenclature():
        read = f" (read as {code})" if code != digits else ""
        raise InputError(f"HS 2022 has no code {value!r}{read}")
    return code


def _reaching(measure: Measure, subheading: str) -> list[str]:
    """The measure's own codes (decisive or partial) that ``subheading`` falls under."""
    codes = (*measure.goods.hs, *measure.goods.hs_partial)
    return [code for code in codes if subheading.startswith(code)]


def _coverage(
    measure: Measure, below: tuple[str, ...]
) -> tuple[CoverageKind, Subheadings, tuple[str, ...]] | None:
    """How ``measure`` covers the subheadings ``below`` the code; None if it misses them."""
    index = MeasureIndex([measure])
    full: list[str] = []
    partial: list[str] = []
    excluded: list[str] = []
    matched: set[str] = set()
    for subheading in below:
        reaching = _reaching(measure, subheading)
        if not reaching:
            continue
        matched.update(reaching)
        found = index.covering(subheading)
        if not found:
            excluded.append(subheading)
        else:
            (partial if found[0].partial else full).append(subheading)
    if not matched:
        return None
    if len(full) == len(below):
        kind = CoverageKind.FULL
    elif len(full) + len(partial) == len(below):
        kind = CoverageKind.PARTIAL
    elif not (full or partial):
        kind = CoverageKind.EXCLUDED
    else:
        kind = CoverageKind.SOME_SUBHEADINGS
    subheadings = Subheadings(full=tuple(full), partial=tuple(partial), excluded=tuple(excluded))
    return kind, subheadings, tuple(sorted(matched))


def _verdicts(measure: Measure, kind: CoverageKind) -> tuple[Verdict | None, Verdict | None]:
    """(the verdict when covered, the verdict for an item declared under the code alone),
    as :func:`borderwatch.engine.assess.assess` reaches them."""
    if kind is CoverageKind.EXCLUDED:
        return None, None
    verdict = measure.full_verdict
    if measure.effect.type is EffectType.INSPECT or kind is CoverageKind.FULL:
        return verdict, verdict
    return verdict, Verdict.REFER


def _exemptions(
    rule_base: RuleBase, measure: Measure, day: dt.date
) -> tuple[ExemptionOffered, ...]:
    own = [(e, False) for e in measure.exemptions]
    standing = [(e, True) for e in rule_base.regimes[measure.regime].standing_exemptions]
    return tuple(
        ExemptionOffered(exemption=e, standing=s, available=e.until is None or day <= e.until)
        for e, s in (*own, *standing)
    )


def _meet(one: tuple[str, ...] | None, other: tuple[str, ...] | None) -> bool:
    """True when two traveller-category scopes share a traveller (None: anyone)."""
    return one is None or other is None or bool(set(one) & set(other))


def _tolerations(entries: list[Applicable]) -> list[Toleration]:
    """Count allowances beside prohibitions for the same travellers, as screening lists
    conflicts (an area allowance limits volume and tolerates no goods in particular)."""
    live = [
        e
        for e in entries
        if e.coverage is CoverageKind.FULL and e.suspension is None and e.party_roles is None
    ]
    found = []
    for tolerant in live:
        allowance = tolerant.measure.effect.allowance
        if allowance is None or allowance.max_items is None:
            continue
        for strict in live:
            shared = tuple(c for c in tolerant.channels if c in strict.channels)
            if not (
                strict.verdict is Verdict.PROHIBITED
                and strict.direction is tolerant.direction
                and shared
                and _meet(strict.traveller_categories, tolerant.traveller_categories)
                and (strict.selected or tolerant.selected)
            ):
                continue
            found.append(
                Toleration(
                    direction=strict.direction,
                    channels=shared,
                    tolerated_by=tolerant.id,
                    prohibited_by=strict.id,
                    followed=strict.id if strict.selected else tolerant.id,
                )
            )
    return found


def _rank(entry: Applicable) -> tuple[int, int]:
    """Decisive goods measures first, strictest first; then exclusions, inspection
    duties and measures that wait on a listed party."""
    if entry.party_roles is not None:
        return 3, 0
    if entry.effect is EffectType.INSPECT:
        return 2, 0
    if entry.verdict is None:
        return 1, 0
    return 0, -(entry.verdict_on_code or Verdict.CLEAR).rank


def commodity_page(
    rule_base: RuleBase,
    *,
    code: str,
    day: dt.date,
    crossing: str,
    channel: Channel | None = None,
    direction: Direction | None = None,
    country: str = "KP",
    regimes: frozenset[str] | None = None,
) -> CommodityPage:
    """Every measure that applies to ``code`` at ``crossing`` on ``day``.

    ``regimes`` are the chosen ones (None: all). Measures of other regimes
    that bind at the crossing are returned in ``not_selected``.
    """
    hs = commodity_code(code)
    here = crossing_of(rule_base, crossing)
    below = (hs,) if len(hs) == 6 else tuple(nomenclature().below(hs))
    chosen = frozenset(rule_base.regimes) if regimes is None else regimes
    seen: dict[tuple[str, Direction], tuple[Measure, Suspension | None, set[Channel]]] = {}
    for situation in situations(
        rule_base,
        day=day,
        crossing=crossing,
        channel=channel,
        direction=direction,
        country=country,
    ):
        in_force = measures_in_force(rule_base, situation)
        found = [(m, None) for m in in_force.active] + list(in_force.suspended)
        for measure, suspension in found:
            entry = seen.setdefault((measure.id, situation.direction), (measure, suspension, set()))
            entry[2].add(situation.channel)
    coverage = {m.id: _coverage(m, below) for m, _, _ in seen.values()}
    entries = []
    for (measure_id, way), (measure, suspension, channels) in seen.items():
        covered = coverage[measure_id]
        if covered is None:
            continue
        kind, subheadings, matched = covered
        verdict, on_code = _verdicts(measure, kind)
        entries.append(
            Applicable(
                id=measure.id,
                regime=measure.regime,
                selected=measure.regime in chosen,
                direction=way,
                channels=tuple(c for c in Channel if c in channels),
                traveller_categories=measure.scope.traveller_categories,
                coverage=kind,
                matched=matched,
                subheadings=subheadings,
                keywords=measure.goods.keywords if subheadings.partial else (),
                effect=measure.effect.type,
                verdict=verdict,
                verdict_on_code=None if suspension or measure.party_roles else on_code,
                party_roles=measure.party_roles,
                suspension=suspension,
                exemptions=_exemptions(rule_base, measure, day),
                document=rule_base.documents.get(measure.id),
                measure=measure,
            )
        )
    order = {r: n for n, r in enumerate(rule_base.regimes)}
    entries.sort(
        key=lambda e: (list(Direction).index(e.direction), *_rank(e), order[e.regime], e.id)
    )
    return CommodityPage(
        code=hs,
        asked=code,
        path=tuple(HSLine(code=e.code, description=e.description) for e in nomenclature().path(hs)),
        subheadings=below,
        as_of=day,
        crossing=here,
        country=country,
        directions=(direction,) if direction else tuple(Direction),
        channels=(channel,) if channel else tuple(Channel),
        regimes=tuple(r for r in rule_base.regimes if r in chosen),
        not_binding=tuple(n.regime.id for n in regimes_not_binding(rule_base, crossing, chosen)),
        measures=tuple(e for e in entries if e.selected),
        not_selected=tuple(e for e in entries if not e.selected),
        conflicts=tuple(_tolerations(entries)),
        rule_base=rule_base.version,
    )
