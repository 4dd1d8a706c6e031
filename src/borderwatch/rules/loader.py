"""Loading the rule base: measure files, regimes, crossings and rates, validated."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from borderwatch.errors import RuleBaseError
from borderwatch.model.measure import Measure, SourceDocument
from borderwatch.rules.reference import Crossing, ExchangeRates, Regime
from borderwatch.rules.yaml_source import read_yaml

__all__ = ["RuleBase", "default_rule_base_dir", "load_rule_base"]


class _MeasureFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: SourceDocument
    measures: list[dict[str, Any]]


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


def default_rule_base_dir() -> Path:
    """The rule base shipped inside the package."""
    return Path(str(resources.files("borderwatch.rules") / "data"))


def _version(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _load_list(path: Path, key: str, model: type[BaseModel]) -> list[Any]:
    source = read_yaml(path)
    items = (source.data or {}).get(key)
    if not isinstance(items, list):
        raise RuleBaseError(f"{path}:1: expected a list under '{key}'. See the shipped file.")
    out = []
    for index, item in enumerate(items):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            raise source.error(exc, (key, index)) from exc
    return out


def _load_profiles(path: Path, regimes: dict[str, Regime]) -> dict[str, tuple[str, ...]]:
    source = read_yaml(path)
    raw = (source.data or {}).get("profiles") or {}
    profiles: dict[str, tuple[str, ...]] = {}
    for name, members in raw.items():
        unknown = [m for m in members if m not in regimes]
        if unknown:
            raise RuleBaseError(
                f"{path}:{source.line_of(('profiles', name))}: profile {name!r} names unknown "
                f"regime(s) {', '.join(unknown)}. Use ids defined under 'regimes'."
            )
        profiles[name] = tuple(members)
    return profiles


def _load_measures(path: Path) -> tuple[SourceDocument, list[Measure]]:
    source = read_yaml(path)
    try:
        parsed = _MeasureFile.model_validate(source.data)
    except ValidationError as exc:
        raise source.error(exc) from exc
    measures = []
    for index, raw in enumerate(parsed.measures):
        document = parsed.document
        data = {"regime": document.regime, "symbol": document.symbol, "url": document.url, **raw}
        try:
            measures.append(Measure.model_validate(data))
        except ValidationError as exc:
            raise source.error(exc, ("measures", index)) from exc
    return parsed.document, measures


def load_rule_base(directory: Path | None = None) -> RuleBase:
    """Read and validate the rule base in ``directory`` (default: the shipped one).

    Raises RuleBaseError naming file, line, field and value on the first bad file.
    """
    root = directory or default_rule_base_dir()
    if not root.is_dir():
        raise RuleBaseError(f"rule base folder {root} does not exist. Point to a folder of YAML.")
    measure_files = sorted((root / "measures").rglob("*.yaml"))
    if not measure_files:
        raise RuleBaseError(f"{root}/measures holds no .yaml measure files.")
    regimes = {r.id: r for r in _load_list(root / "regimes.yaml", "regimes", Regime)}
    profiles = _load_profiles(root / "regimes.yaml", regimes)
    crossings = {c.id: c for c in _load_list(root / "crossings.yaml", "crossings", Crossing)}
    rates_source = read_yaml(root / "exchange-rates.yaml")
    try:
        rates = ExchangeRates.model_validate(rates_source.data)
    except ValidationError as exc:
        raise rates_source.error(exc) from exc

    measures: list[Measure] = []
    documents: dict[str, SourceDocument] = {}
    origin: dict[str, Path] = {}
    for path in measure_files:
        document, found = _load_measures(path)
        for measure in found:
            if measure.id in origin:
                raise RuleBaseError(
                    f"{path}: measure id {measure.id!r} is also used in {origin[measure.id]}. "
                    "Give each measure its own id."
                )
            if measure.regime not in regimes:
                raise RuleBaseError(
                    f"{path}: measure {measure.id!r} names regime {measure.regime!r}, which "
                    f"regimes.yaml does not define (known: {', '.join(regimes)})."
                )
            origin[measure.id] = path
            documents[measure.id] = document
            measures.append(measure)
    files = [root / "regimes.yaml", root / "crossings.yaml", root / "exchange-rates.yaml"]
    return RuleBase(
        measures=tuple(measures),
        regimes=regimes,
        crossings=crossings,
        rates=rates,
        version=_version([*files, *measure_files], root),
        profiles=profiles,
        documents=documents,
        origin=origin,
    )


@cache
def shipped_rule_base() -> RuleBase:
    """The shipped rule base, loaded once per process."""
    return load_rule_base()
