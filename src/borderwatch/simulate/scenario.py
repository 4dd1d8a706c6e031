"""The scenario file: every parameter of a simulation, validated with file and line in errors.

A scenario is YAML (the shipped default is ``scenario.yaml`` beside this
module, each parameter commented with its source). :func:`load_scenario`
reads one, :func:`with_changes` applies ``--set PATH=VALUE`` changes, either
to the base values or, with a date, as a new timeline event.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from borderwatch.errors import InputError, RuleBaseError
from borderwatch.goods.nomenclature import nomenclature
from borderwatch.rules.yaml_source import LocatedYaml, read_yaml

__all__ = [
    "DEFAULT_SCENARIO",
    "TIMED_FIELDS",
    "CrossingParameters",
    "Scenario",
    "ScenarioError",
    "default_scenario",
    "load_scenario",
    "with_changes",
]

DEFAULT_SCENARIO = Path(__file__).with_name("scenario.yaml")

Probability = Annotated[float, Field(ge=0, le=1)]
Amount = Annotated[float, Field(ge=0)]


class ScenarioError(InputError):
    """A scenario file or a ``--set`` change that cannot be used; names file, line and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _ordered(pair: tuple[float, float]) -> tuple[float, float]:
    if pair[0] > pair[1]:
        raise ValueError("a range is [low, high] with low <= high")
    return pair


class CrossingParameters(_Strict):
    """What differs between crossings, and may change over time (see ``TIMED_FIELDS``)."""

    worker_share: Amount
    cargo_share: Amount
    modes: tuple[Literal["rail", "truck"], ...] = Field(min_length=1)
    cargo_inspection: Probability
    baggage_inspection: Probability
    electronics_allowance: Annotated[int, Field(ge=0)]
    electronics_screening: Probability
    freight_cost: Amount
    detour_cost: Amount


#: crossing parameters a timeline event may change
TIMED_FIELDS = (
    "cargo_inspection",
    "baggage_inspection",
    "electronics_allowance",
    "electronics_screening",
    "freight_cost",
    "detour_cost",
)

_PROBABILITIES = frozenset({"cargo_inspection", "baggage_inspection", "electronics_screening"})


class Company(_Strict):
    """A company managing workers abroad: its share of workers, its readiness to take placed bags."""

    name: str
    weight: Annotated[float, Field(gt=0)]
    placement: Amount = 1.0


class Names(_Strict):
    """Parts of invented names for travellers."""

    family: tuple[str, ...] = Field(min_length=1)
    given: tuple[str, ...] = Field(min_length=1)


class Workers(_Strict):
    """Returning workers: how many, their allowance and what they carry."""

    per_week: Annotated[float, Field(gt=0)]
    allowance_m2: Annotated[float, Field(gt=0)]
    bag_area_m2: tuple[Amount, Amount]
    own_items: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]
    electronics_propensity: Probability
    awareness_weeks: Amount
    companies: tuple[Company, ...] = Field(min_length=1)
    names: Names
    own_goods: tuple[str, ...] = Field(min_length=1)
    own_electronics: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ranges(self) -> Workers:
        _ordered(self.bag_area_m2)
        _ordered(self.own_items)
        return self


class Placement(_Strict):
    """Trade officials' goods placed in workers' luggage for pay."""

    pay_per_bag: tuple[Amount, Amount]
    bag_area_m2: tuple[Amount, Amount]
    lines_per_bag: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]
    goods: tuple[str, ...] = Field(min_length=1)
    officials: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ranges(self) -> Placement:
        _ordered(self.pay_per_bag)
        _ordered(self.bag_area_m2)
        _ordered(self.lines_per_bag)
        return self


class Cargo(_Strict):
    """Legitimate consignments by rail and truck."""

    consignments_per_week: Amount
    lines: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]
    consignors: tuple[str, ...] = Field(min_length=1)
    consignees: tuple[str, ...] = Field(min_length=1)
    legitimate_goods: tuple[str, ...] = Field(min_length=1)


class Evasion(_Strict):
    """Shipments of sanctioned goods and how their senders choose channel and crossing."""

    shipments_per_week: Amount
    cargo_goods: tuple[str, ...] = Field(min_length=1)
    detection: dict[Literal["cargo", "baggage"], Probability]
    loss_if_seized: Amount
    sensitivity: Amount
    risk_update: Probability
    misdeclared_share: Probability = 0.0
    cover_line_share: Probability
    baggage_per_worker: Annotated[int, Field(ge=0)]


class Good(_Strict):
    """One kind of goods: what the officer reads, its HS 2022 code, value and footprint."""

    description: str
    hs: str
    value: tuple[Amount, Amount]
    area_m2: Amount
    units: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]
    electronic: bool = False

    @model_validator(mode="after")
    def _valid(self) -> Good:
        _ordered(self.value)
        _ordered(self.units)
        if self.hs not in nomenclature():
            raise ValueError(f"{self.hs!r} is not a six-digit code of HS 2022")
        return self


class TimelineEvent(_Strict):
    """A dated change: parameters of crossings that take new values from that date."""

    date: dt.date
    event: str
    source: str = ""
    tightening: str | None = None
    set: dict[str, float] = Field(default_factory=dict)


class Scenario(_Strict):
    """Every parameter of a simulation run."""

    start: dt.date
    crossings: dict[str, CrossingParameters] = Field(min_length=1)
    workers: Workers
    placement: Placement
    cargo: Cargo
    evasion: Evasion
    goods: dict[str, Good]
    timeline: tuple[TimelineEvent, ...] = ()


def _reference_problems(scenario: Scenario) -> list[tuple[tuple[int | str, ...], object, str]]:
    """Names that point nowhere: unknown goods, crossings or timed parameters."""
    problems: list[tuple[tuple[int | str, ...], object, str]] = []
    lists: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
        (("workers", "own_goods"), scenario.workers.own_goods),
        (("workers", "own_electronics"), scenario.workers.own_electronics),
        (("placement", "goods"), scenario.placement.goods),
        (("cargo", "legitimate_goods"), scenario.cargo.legitimate_goods),
        (("evasion", "cargo_goods"), scenario.evasion.cargo_goods),
    ]
    for loc, names in lists:
        for index, name in enumerate(names):
            if name not in scenario.goods:
                problems.append(((*loc, index), name, "not a key of `goods`"))
    for index, event in enumerate(scenario.timeline):
        if event.tightening is not None and event.tightening not in scenario.crossings:
            problems.append((("timeline", index, "tightening"), event.tightening, "not a crossing"))
        for path in event.set:
            parts = path.split(".")
            if (
                len(parts) != 3
                or parts[0] != "crossings"
                or parts[1] not in scenario.crossings
                or parts[2] not in TIMED_FIELDS
            ):
                problems.append(
                    (
                        ("timeline", index, "set", path),
                        path,
                        "a timeline sets crossings.<crossing>.<field>, field one of "
                        + ", ".join(TIMED_FIELDS),
                    )
                )
            elif not 0 <= event.set[path] <= (1 if parts[2] in _PROBABILITIES else float("inf")):
                problems.append((("timeline", index, "set", path), event.set[path], "out of range"))
    return problems


def _where(source: LocatedYaml, loc: tuple[int | str, ...]) -> str:
    line = source.line_of(loc)
    return f"{source.path}:{line}" if line is not None else str(source.path)


def _validate(source: LocatedYaml) -> Scenario:
    try:
        scenario = Scenario.model_validate(source.data)
    except ValidationError as exc:
        lines = []
        for problem in exc.errors():
            loc = tuple(p for p in problem["loc"] if not str(p).startswith("function-"))
            field = ".".join(str(p) for p in loc)
            lines.append(
                f"{_where(source, loc)}: {field} = {problem.get('input')!r}: {problem['msg']}"
            )
        raise ScenarioError(
            "the scenario does not validate:\n  "
            + "\n  ".join(lines)
            + "\nFix the values named above; the shipped scenario.yaml documents each one."
        ) from exc
    problems = _reference_problems(scenario)
    if problems:
        raise ScenarioError(
            "the scenario refers to things it does not define:\n  "
            + "\n  ".join(
                f"{_where(source, loc)}: {'.'.join(map(str, loc))} = {value!r}: {why}"
                for loc, value, why in problems
            )
            + "\nAdd the missing entries or fix the names."
        )
    return scenario


def load_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file; errors name file, line, field and value."""
    try:
        source = read_yaml(path)
    except RuleBaseError as exc:
        raise ScenarioError(str(exc).replace("rule base", "scenario")) from exc
    except OSError as exc:
        raise ScenarioError(
            f"cannot read scenario {path}: {exc.strerror}. Check the path."
        ) from exc
    if not isinstance(source.data, dict):
        raise ScenarioError(
            f"{path}:1: a scenario is a YAML mapping; see the shipped scenario.yaml."
        )
    return _validate(source)


@cache
def default_scenario() -> Scenario:
    """The shipped scenario (SCENARIO.md as a simulation)."""
    return load_scenario(DEFAULT_SCENARIO)


def _parse_value(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def with_changes(
    scenario: Scenario, changes: dict[str, str], *, from_date: dt.date | None = None
) -> Scenario:
    """The scenario with ``PATH=VALUE`` changes: from the start, or as an event on ``from_date``."""
    data = scenario.model_dump(mode="json")
    if from_date is not None:
        event = {"date": from_date.isoformat(), "event": "what-if change", "set": {}}
        for path, text in changes.items():
            event["set"][path] = float(_parse_value(text))  # type: ignore[index]
        data["timeline"].append(event)
    else:
        for path, text in changes.items():
            node: Any = data
            parts = path.split(".")
            for part in parts[:-1]:
                if not isinstance(node, dict) or part not in node:
                    raise ScenarioError(
                        f"--set {path}: no parameter {part!r} there; paths look like "
                        "crossings.hunchun.baggage_inspection or evasion.loss_if_seized."
                    )
                node = node[part]
            if not isinstance(node, dict) or parts[-1] not in node:
                raise ScenarioError(f"--set {path}: no parameter {parts[-1]!r}; check the name.")
            node[parts[-1]] = _parse_value(text)
    source = LocatedYaml(Path(f"--set {' '.join(changes)}"), copy.deepcopy(data), None)
    return _validate(source)
