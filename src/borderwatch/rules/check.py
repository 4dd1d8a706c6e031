"""Linting the rule base: what `borderwatch rules check` reports.

Errors stop a rule base from shipping: files that do not validate, HS codes
that HS 2022 does not have, suspensions outside their measure's validity,
references to measures that do not exist. Warnings are for a person to
read: measures of one regime that overlap with different effects.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from borderwatch.errors import RuleBaseError
from borderwatch.model.measure import EffectType, Measure
from borderwatch.reference.hs import nomenclature
from borderwatch.rules.check_exemptions import exemption_problems
from borderwatch.rules.loader import RuleBase, load_rule_base

__all__ = ["Finding", "check_rule_base"]


@dataclass(frozen=True)
class Finding:
    """One problem, with where it is."""

    level: str  # "error" | "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


def _hs_findings(rule_base: RuleBase) -> list[Finding]:
    known = nomenclature()
    out = []
    for m in rule_base.measures:
        for field in ("hs", "hs_partial", "exclude_hs"):
            for code in getattr(m.goods, field):
                if code not in known:
                    out.append(
                        Finding(
                            "error",
                            f"{rule_base.origin[m.id]} ({m.id})",
                            f"goods.{field} has {code!r}, which is not an HS 2022 code",
                        )
                    )
    return out


def _date_findings(rule_base: RuleBase) -> list[Finding]:
    ids = {m.id for m in rule_base.measures}
    out = []
    for m in rule_base.measures:
        where = f"{rule_base.origin[m.id]} ({m.id})"
        for s in m.suspensions:
            if s.start < m.valid_from or (
                m.valid_to is not None and (s.end is None or s.end > m.valid_to)
            ):
                out.append(
                    Finding("error", where, f"suspension from {s.start} lies outside the validity")
                )
        for successor in m.superseded_by:
            if successor not in ids:
                out.append(Finding("error", where, f"superseded_by names unknown {successor!r}"))
    return out


def _goods_specific(m: Measure) -> bool:
    """False for inspection duties and luggage-volume allowances, which span all goods."""
    if m.effect.type is EffectType.INSPECT:
        return False
    allowance = m.effect.allowance
    return allowance is None or allowance.max_items is not None


def _overlap(a: Measure, b: Measure) -> bool:
    if not (_goods_specific(a) and _goods_specific(b)):
        return False
    if a.regime != b.regime or a.party_roles != b.party_roles:
        return False
    if a.valid_to is not None and a.valid_to < b.valid_from:
        return False
    if b.valid_to is not None and b.valid_to < a.valid_from:
        return False
    sa, sb = a.scope, b.scope
    if not set(sa.directions) & set(sb.directions):
        return False
    if "any" not in (sa.channel, sb.channel) and sa.channel != sb.channel:
        return False
    if sa.crossings and sb.crossings and not set(sa.crossings) & set(sb.crossings):
        return False
    codes_a, codes_b = a.goods.hs, b.goods.hs
    return any(x.startswith(y) or y.startswith(x) for x in codes_a for y in codes_b)


def _overlap_findings(rule_base: RuleBase) -> list[Finding]:
    out = []
    for a, b in itertools.combinations(rule_base.measures, 2):
        if a.effect.type != b.effect.type and _overlap(a, b):
            out.append(
                Finding(
                    "warning",
                    f"{a.id} / {b.id}",
                    f"overlap in force together with different effects "
                    f"({a.effect.type.value} vs {b.effect.type.value}); the strictest applies",
                )
            )
    return out


def check_rule_base(directory: Path | None = None) -> list[Finding]:
    """Every error and warning in the rule base at ``directory`` (default: shipped)."""
    try:
        rule_base = load_rule_base(directory)
    except RuleBaseError as exc:
        return [Finding("error", str(directory or "shipped rule base"), str(exc))]
    exemptions = [Finding(*problem) for problem in exemption_problems(rule_base)]
    return (
        _hs_findings(rule_base)
        + _date_findings(rule_base)
        + exemptions
        + _overlap_findings(rule_base)
    )
