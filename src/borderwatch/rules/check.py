"""Linting the rule base: what `borderwatch rules check` reports.

Errors stop a rule base from shipping: files that do not validate, HS codes
that HS 2022 does not have, suspensions outside their measure's validity,
references to measures that do not exist, UN measures that cite no
operative paragraph, measures without a source. Each names the file, line,
field and value. Warnings are for a person to read: measures of one regime
that overlap with different effects.

Every file is read and every check run in one go, whatever failed before:
the cross-file checks run on the measures that did validate.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from borderwatch.errors import RuleProblem
from borderwatch.model.measure import EffectType, Measure
from borderwatch.reference.hs import nomenclature
from borderwatch.rules.check_exemptions import exemption_problems
from borderwatch.rules.loader import ReadRuleBase, read_rule_base
from borderwatch.rules.measure_files import MeasureSite

__all__ = ["Finding", "check_rule_base"]

#: an operative paragraph at the start of a UN provision: "OP29", "OP8(a)(iii)", "OP6 and annex V"
_OPERATIVE_PARAGRAPH = re.compile(r"^OP ?[0-9]+(?![0-9])")


@dataclass(frozen=True)
class Finding:
    """One problem, with where it is."""

    level: str  # "error" | "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"

    @classmethod
    def error(cls, problem: RuleProblem) -> Finding:
        """An error finding for ``problem``, at its file and line."""
        return cls("error", problem.where, problem.detail)


def _sited(read: ReadRuleBase) -> Iterator[tuple[Measure, MeasureSite]]:
    for m in read.rule_base.measures:
        yield m, read.sites[m.id]


def _raw_index(site: MeasureSite, field: str, code: str) -> int | None:
    """Which written value of ``goods.<field>`` gave ``code`` ('8471.30' gives '847130')."""
    try:
        raw = site.source.data["measures"][site.index]["goods"][field]
    except (KeyError, IndexError, TypeError):  # given through a merge key or an alias
        return None
    for index, written in enumerate(raw):
        if str(written).replace(".", "").replace(" ", "")[:6] == code:
            return index
    return None


def _hs_problems(read: ReadRuleBase) -> Iterator[RuleProblem]:
    known = nomenclature()
    for m, site in _sited(read):
        for field in ("hs", "hs_partial", "exclude_hs"):
            for code in getattr(m.goods, field):
                if code not in known:
                    index = _raw_index(site, field, code)
                    loc = ("goods", field) if index is None else ("goods", field, index)
                    yield site.problem(
                        loc,
                        code,
                        f"not an HS 2022 code (measure {m.id})",
                        "Use a code of the HS 2022 nomenclature, at 2, 4 or 6 digits.",
                    )


def _date_problems(read: ReadRuleBase) -> Iterator[RuleProblem]:
    ids = {m.id for m in read.rule_base.measures}
    for m, site in _sited(read):
        validity = f"{m.valid_from} to {m.valid_to or 'open end'}"
        for index, s in enumerate(m.suspensions):
            if s.start < m.valid_from or (
                m.valid_to is not None and (s.end is None or s.end > m.valid_to)
            ):
                yield site.problem(
                    ("suspensions", index, "start"),
                    s.start.isoformat(),
                    f"suspension from {s.start} to {s.end or 'open end'} lies outside the "
                    f"validity of {m.id} ({validity})",
                    "Move the suspension inside the validity, or correct the validity.",
                )
        for index, successor in enumerate(m.superseded_by):
            if successor not in ids:
                yield site.problem(
                    ("superseded_by", index),
                    successor,
                    f"superseded_by of {m.id} names a measure the rule base does not have",
                    "Use the id of an existing measure.",
                )


def _citation_problems(read: ReadRuleBase) -> Iterator[RuleProblem]:
    for m, site in _sited(read):
        if not m.source.strip():
            yield site.problem(
                ("source",),
                m.source,
                f"measure {m.id} has no source",
                "Name the document the measure was taken from, so an officer can verify it.",
            )
        if m.regime == "UN" and m.basis == "law" and not _OPERATIVE_PARAGRAPH.match(m.provision):
            yield site.problem(
                ("provision",),
                m.provision,
                f"UN citation without a paragraph (measure {m.id})",
                "Start the provision with its operative paragraph, e.g. 'OP8(a)(iii)' "
                "or 'OP23, Annex IV(a)'.",
            )


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


def _overlap_findings(measures: tuple[Measure, ...]) -> list[Finding]:
    out = []
    for a, b in itertools.combinations(measures, 2):
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
    read = read_rule_base(directory)
    problems = [
        *read.problems,
        *_hs_problems(read),
        *_date_problems(read),
        *_citation_problems(read),
    ]
    problems.sort(key=lambda p: (p.path, p.line or 0))  # stable: a file's problems together
    errors = [Finding.error(p) for p in problems]
    # exemptions naming crossings are checked only when crossings.yaml gave any
    checked = (
        exemption_problems(read.rule_base, lambda i, loc: read.sites[i].where(loc))
        if read.rule_base.crossings
        else ()
    )
    # an exemption list shared through a YAML alias is reported once, at its anchor
    exemptions = [Finding(*problem) for problem in dict.fromkeys(checked)]
    return errors + exemptions + _overlap_findings(read.rule_base.measures)
