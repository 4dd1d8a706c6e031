"""One decoded record checked against the model and the reference data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from borderwatch.errors import RecordError
from borderwatch.io.records import record_errors, shown
from borderwatch.model.declaration import Declaration
from borderwatch.reference.hs import nomenclature, normalise_hs
from borderwatch.rules.loader import RuleBase

__all__ = ["Parsed", "parse_record", "too_deep"]


@dataclass(frozen=True)
class Parsed:
    """A declaration read from ``line``, or the errors that rejected it.

    ``last_line`` is the last line the record took (a CSV declaration spans
    its rows); None when the record is the one line ``line``.
    """

    line: int
    declaration: Declaration | None
    errors: tuple[RecordError, ...] = ()
    last_line: int | None = None

    @property
    def lines(self) -> range:
        """Every line number this record was read from."""
        return range(self.line, (self.last_line or self.line) + 1)


def _unknown_crossing(value: object, rule_base: RuleBase, source: str, line: int) -> RecordError:
    return RecordError(
        source=source,
        line=line,
        field="crossing",
        value=shown(value),
        problem="unknown crossing",
        hint=f"Use one of: {', '.join(sorted(rule_base.crossings))}.",
    )


def _reference_errors(
    data: dict[str, Any], rule_base: RuleBase, source: str, line: int
) -> list[RecordError]:
    """Checks against reference data, on the raw record so they run even if others fail."""
    errors = []
    crossing = data.get("crossing")
    if isinstance(crossing, str) and crossing.lower() not in rule_base.crossings:
        errors.append(_unknown_crossing(crossing, rule_base, source, line))
    items = data.get("items")
    known = nomenclature()
    for index, item in enumerate(items if isinstance(items, list) else []):
        raw = item.get("hs") if isinstance(item, dict) else None
        if not isinstance(raw, str) or not raw:
            continue
        try:
            code = normalise_hs(raw)
        except ValueError:
            continue  # the model reports malformed codes
        if code not in known:
            errors.append(
                RecordError(
                    source=source,
                    line=line,
                    field=f"items.{index}.hs",
                    value=shown(raw),
                    problem="not a code of the HS 2022 nomenclature",
                    hint="Check the code against HS 2022 (`borderwatch classify` can suggest one).",
                )
            )
    return errors


def parse_record(data: Any, rule_base: RuleBase, *, source: str, line: int) -> Parsed:
    """Validate one decoded record against the model and the reference data."""
    if not isinstance(data, dict):
        error = RecordError(
            source=source,
            line=line,
            field="(record)",
            value=shown(data),
            problem="a declaration must be a JSON object",
            hint="Write one JSON object per line.",
        )
        return Parsed(line, None, (error,))
    try:
        errors = _reference_errors(data, rule_base, source, line)
        try:
            declaration = Declaration.model_validate(data)
        except ValidationError as exc:
            found = record_errors(exc, data, source=source, line=line)
            return Parsed(line, None, (*found, *errors))
    except RecursionError:
        return Parsed(line, None, (too_deep(source, line),))
    return Parsed(line, None if errors else declaration, tuple(errors))


def too_deep(source: str, line: int) -> RecordError:
    return RecordError(
        source=source,
        line=line,
        field="(line)",
        value=None,
        problem="nested too deeply to be a declaration",
        hint="Write one declaration object per line, as documented.",
    )
