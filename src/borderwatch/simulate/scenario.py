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
from typing import Any

from pydantic import ValidationError

from borderwatch.errors import InputError, RuleBaseError
from borderwatch.rules.yaml_source import LocatedYaml, read_yaml
from borderwatch.simulate.parameters import (
    PROBABILITIES,
    TIMED_FIELDS,
    CrossingParameters,
    Scenario,
)

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


class ScenarioError(InputError):
    """A scenario file or a ``--set`` change that cannot be used; names file, line and field."""


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
            elif not 0 <= event.set[path] <= (1 if parts[2] in PROBABILITIES else float("inf")):
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
