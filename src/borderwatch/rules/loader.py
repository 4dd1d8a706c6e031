"""Loading the rule base: measure files, regimes, crossings and rates, validated.

A rule base may be a user's own folder, so it is read like any input: every
file and every entry is validated whatever failed before it, and each problem
is kept with its file, line, field and value (:func:`read_rule_base`, which
``rules check`` lists in full); :func:`load_rule_base` refuses a rule base
with any problem, naming the first few.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from borderwatch.errors import RuleBaseError, RuleProblem
from borderwatch.model.measure import Measure, SourceDocument
from borderwatch.model.risk_profile import RiskProfile
from borderwatch.rules.measure_files import (
    MAX_PROBLEMS_PER_FILE,
    MeasureSite,
    cross_check,
    read_measures,
)
from borderwatch.rules.reference import Crossing, ExchangeRates, Regime
from borderwatch.rules.yaml_source import LocatedYaml, read_yaml_noting

__all__ = [
    "ReadRuleBase",
    "RuleBase",
    "content_version",
    "default_rule_base_dir",
    "load_rule_base",
    "read_rule_base",
    "rule_base_files",
]

_Listed = TypeVar("_Listed", Regime, Crossing, RiskProfile)
#: the risk unit's selectivity criteria; optional, and hashed only when present, so a rule
#: base written before risk profiles keeps its version
RISK_PROFILES = "risk-profiles.yaml"
_SEE_SHIPPED = "See the shipped file of the same name."
_OWN_ID = "Give each entry its own id."


@dataclass(frozen=True, eq=False)
class RuleBase:
    """Everything screening needs to know about the law, in memory (hashed by identity)."""

    measures: tuple[Measure, ...]
    regimes: dict[str, Regime]
    crossings: dict[str, Crossing]
    rates: ExchangeRates
    version: str
    profiles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    documents: dict[str, SourceDocument] = field(default_factory=dict)
    origin: dict[str, Path] = field(default_factory=dict)
    risk_profiles: tuple[RiskProfile, ...] = ()

    def measure(self, measure_id: str) -> Measure:
        """The measure with ``measure_id``."""
        return self._by_id[measure_id]

    @cached_property
    def _by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}

    @cached_property
    def change_dates(self) -> tuple[dt.date, ...]:
        """Every date on which some measure starts, ends or is suspended or resumed.

        Between two consecutive change dates the measures in force are the same,
        so the batch path screens one representative day per such epoch.
        """
        one_day = dt.timedelta(days=1)
        days = {dt.date.min}
        for m in self.measures:
            days.add(m.valid_from)
            if m.valid_to is not None:
                days.add(m.valid_to + one_day)
            for s in m.suspensions:
                days.add(s.start)
                if s.end is not None:
                    days.add(s.end + one_day)
        return tuple(sorted(days))

    def regime_ids(self) -> tuple[str, ...]:
        """Every regime shipped, in file order."""
        return tuple(self.regimes)


@dataclass(frozen=True, eq=False)
class ReadRuleBase:
    """A rule base read as far as it goes: what validated, every problem, and where each
    measure stands (for checks that name a line)."""

    rule_base: RuleBase
    problems: list[RuleProblem]
    sites: dict[str, MeasureSite]


def default_rule_base_dir() -> Path:
    """The rule base shipped inside the package."""
    return Path(str(resources.files("borderwatch.rules") / "data"))


def rule_base_files(root: Path) -> list[Path]:
    """The files of the rule base in ``root`` that are read and hashed, in hashing order:
    regimes, crossings and exchange rates (whether or not they exist), the risk profiles
    (when they exist), then every measure file under ``measures/`` sorted by path. Any
    other file in the folder is ignored."""
    fixed = [root / "regimes.yaml", root / "crossings.yaml", root / "exchange-rates.yaml"]
    optional = [root / RISK_PROFILES] if (root / RISK_PROFILES).is_file() else []
    return [*fixed, *optional, *sorted((root / "measures").rglob("*.yaml"))]


def content_version(files: Iterable[tuple[str, bytes]]) -> str:
    """The version of a rule base made of ``files`` (relative POSIX path, bytes), given in
    the order of :func:`rule_base_files`: what every result records as ``rule_base``."""
    digest = hashlib.sha256()
    for relative, content in files:
        digest.update(relative.encode())
        digest.update(b"\0")
        digest.update(content)
    return digest.hexdigest()[:16]


def _version(files: list[Path], root: Path) -> str:
    def contents() -> Iterator[tuple[str, bytes]]:
        for path in files:
            try:
                content = path.read_bytes()
            except OSError:  # reported as a problem by read_yaml
                content = b"\0unreadable"
            yield path.relative_to(root).as_posix(), content

    return content_version(contents())


def _load_list(
    source: LocatedYaml | None, key: str, model: type[_Listed], problems: list[RuleProblem]
) -> dict[str, _Listed]:
    """Entries under ``key``, by id; a bad entry is a problem and the others still load."""
    if source is None:
        return {}
    items = source.data.get(key) if isinstance(source.data, dict) else None
    if not isinstance(items, list):
        loc: tuple[str, ...] = (key,) if isinstance(source.data, dict) else ()
        value = items if loc else source.data
        problem = f"expected a list under '{key}' at the top of the file"
        problems.append(source.problem(loc, value, problem, _SEE_SHIPPED))
        return {}
    out: dict[str, _Listed] = {}
    listed = 0
    for index, item in enumerate(items):
        if listed >= MAX_PROBLEMS_PER_FILE:
            why = f"more than {MAX_PROBLEMS_PER_FILE} problems: the entries from here on were not read"
            problems.append(source.problem((key, index), item, why, "Fix those listed first."))
            break
        try:
            entry = model.model_validate(item)
        except ValidationError as exc:
            problems.extend(found := source.problems(exc, (key, index)))
            listed += len(found)
            continue
        if entry.id in out:
            problems.append(
                source.problem((key, index, "id"), entry.id, "this id is used above", _OWN_ID)
            )
        out.setdefault(entry.id, entry)
    return out


def _load_profiles(
    source: LocatedYaml | None, regimes: dict[str, Regime] | None, problems: list[RuleProblem]
) -> dict[str, tuple[str, ...]]:
    """Profiles by name; ``regimes`` None when some did not load (then names go unchecked)."""
    raw = source.data.get("profiles") if source and isinstance(source.data, dict) else None
    if source is None or raw is None:
        return {}
    if not isinstance(raw, dict):
        fix = "Write `profiles:` as a mapping from profile name to a list of regime ids."
        problems.append(source.problem(("profiles",), raw, "expected a mapping", fix))
        return {}
    profiles: dict[str, tuple[str, ...]] = {}
    for name, members in raw.items():
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            fix = "Give the profile a list of regime ids, e.g. [UN, CN]."
            problems.append(source.problem(("profiles", name), members, "not a list", fix))
            continue
        unknown = [m for m in members if regimes is not None and m not in regimes]
        if unknown:
            problems.append(
                source.problem(
                    ("profiles", name),
                    members,
                    f"names regime(s) {', '.join(unknown)} that 'regimes' does not define",
                    "Use ids defined under 'regimes'.",
                )
            )
        profiles[str(name)] = tuple(members)
    return profiles


def _load_risk_profiles(
    path: Path, crossings: dict[str, Crossing], problems: list[RuleProblem]
) -> tuple[RiskProfile, ...]:
    """The risk profiles in ``path`` when it exists; one naming an unknown crossing is a
    problem (it would never match, silently)."""
    if not path.is_file():
        return ()
    source = read_yaml_noting(path, problems)
    profiles = _load_list(source, "profiles", RiskProfile, problems)
    if source is None or not crossings:  # crossings.yaml did not load: reported already
        return tuple(profiles.values())
    entries = source.data["profiles"] if profiles else []
    for index, entry in enumerate(entries):
        profile = profiles.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        unknown = [c for c in profile.conditions.crossings if c not in crossings] if profile else []
        if unknown:
            where = ("profiles", index, "conditions", "crossings")
            why = f"names crossing(s) {', '.join(unknown)} that crossings.yaml does not define"
            problems.append(source.problem(where, unknown, why, "Use ids from crossings.yaml."))
    return tuple(profiles.values())


def _load_rates(source: LocatedYaml | None, problems: list[RuleProblem]) -> ExchangeRates:
    if source is not None:
        try:
            return ExchangeRates.model_validate(source.data)
        except ValidationError as exc:
            problems.extend(source.problems(exc))
    return ExchangeRates(source="(not loaded)", confidence="low", rates={})


def read_rule_base(directory: Path | None = None) -> ReadRuleBase:
    """Read the rule base in ``directory`` (default: the shipped one) as far as it goes.

    Every file is read and every entry validated, whatever failed before it;
    what validates is kept, and each problem is listed with file, line, field
    and value. :func:`load_rule_base` refuses a rule base with any problem.
    """
    root = directory or default_rule_base_dir()
    problems: list[RuleProblem] = []
    if not root.is_dir():
        fix = "Point --rule-base to a folder laid out like the shipped rule base."
        problems.append(RuleProblem(str(root), None, "", None, "not a folder", fix))
        empty = ExchangeRates(source="(not loaded)", confidence="low", rates={})
        return ReadRuleBase(RuleBase((), {}, {}, empty, "none"), problems, {})
    files = rule_base_files(root)
    measure_files = [f for f in files if f.relative_to(root).parts[0] == "measures"]
    if not measure_files:
        fix = "Add measure files, one per legal source, as in the shipped rule base."
        problems.append(RuleProblem(str(root / "measures"), None, "", None, "no .yaml files", fix))
    regimes_source = read_yaml_noting(root / "regimes.yaml", problems)
    before = len(problems)
    regimes = _load_list(regimes_source, "regimes", Regime, problems)
    regimes_ok = regimes_source is not None and len(problems) == before
    profiles = _load_profiles(regimes_source, regimes if regimes_ok else None, problems)
    crossings = _load_list(
        read_yaml_noting(root / "crossings.yaml", problems), "crossings", Crossing, problems
    )
    rates = _load_rates(read_yaml_noting(root / "exchange-rates.yaml", problems), problems)
    risk_profiles = _load_risk_profiles(root / RISK_PROFILES, crossings, problems)
    found = read_measures(measure_files, problems)
    if regimes_ok:  # else every measure would be reported for the regimes that did not load
        cross_check(found, regimes, problems)
    rule_base = RuleBase(
        measures=tuple(m for m, _, _ in found.values()),
        regimes=regimes,
        crossings=crossings,
        rates=rates,
        version=_version(files, root),
        profiles=profiles,
        documents={i: d for i, (_, d, _) in found.items()},
        origin={i: s.source.path for i, (_, _, s) in found.items()},
        risk_profiles=risk_profiles,
    )
    return ReadRuleBase(rule_base, problems, {i: s for i, (_, _, s) in found.items()})


def load_rule_base(directory: Path | None = None) -> RuleBase:
    """Read and validate the rule base in ``directory`` (default: the shipped one).

    Raises RuleBaseError listing every problem (the first few in its message),
    each naming file, line, field and value.
    """
    read = read_rule_base(directory)
    if read.problems:
        where = str(directory or default_rule_base_dir())
        raise RuleBaseError.listing(read.problems, where)
    return read.rule_base


@cache
def shipped_rule_base() -> RuleBase:
    """The shipped rule base, loaded once per process."""
    return load_rule_base()
