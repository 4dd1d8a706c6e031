"""One decoded record checked against the model and the reference data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from borderwatch.errors import RecordError
from borderwatch.io.records import record_errors, shown
from borderwatch.model.declaration import Declaration, hs_version_value
from borderwatch.reference.hs import normalise_hs
from borderwatch.reference.hs_versions import HS_VERSIONS, CodeReading, read_code
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


def _day(value: object) -> dt.date | None:
    """The record's date if it reads as one (the model reports it otherwise)."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


_BAD = object()


def _declared_version(value: object) -> object:
    """A declared hs_version as an int, None when not given, _BAD when the model rejects it."""
    try:
        return hs_version_value(value)
    except ValueError:
        return _BAD


def _code_error(raw: str, reading: CodeReading, field: str, source: str, line: int) -> RecordError:
    written = re.sub(r"[\s.\-]", "", raw)
    read_as = f" (read as {reading.code})" if written != reading.code else ""
    if reading.declared_version:
        others = [
            f"HS {v}"
            for v in HS_VERSIONS
            if read_code(reading.code, day=None, declared=v).version is not None
        ]
        hint = (
            f"It is a code of {' and '.join(others)}: declare the hs_version it was written in, "
            if others
            else "Correct the code, or the hs_version if it is of another version, "
        ) + "or leave hs out to classify from the description."
    else:
        hint = (
            "Check the code against the HS version of the declaration's date, give "
            "hs_version (2012, 2017 or 2022) if it is of another, or leave hs out to "
            "classify from the description (`borderwatch classify` suggests HS 2022 codes)."
        )
    return RecordError(
        source=source,
        line=line,
        field=field,
        value=shown(raw),
        problem=f"not a code of {reading.tried_text()}{read_as}",
        hint=hint,
    )


def _reference_errors(
    data: dict[str, Any], rule_base: RuleBase, source: str, line: int
) -> list[RecordError]:
    """Checks against reference data, on the raw record so they run even if others fail.

    A code must be one of the HS version declared (``hs_version`` on the item,
    else on the declaration), or else of the version in force on the
    declaration's date, HS 2022 or another version borderwatch reads.
    """
    errors = []
    crossing = data.get("crossing")
    if isinstance(crossing, str) and crossing.lower() not in rule_base.crossings:
        errors.append(_unknown_crossing(crossing, rule_base, source, line))
    items = data.get("items")
    day = _day(data.get("date"))
    default = _declared_version(data.get("hs_version"))
    for index, item in enumerate(items if isinstance(items, list) else []):
        raw = item.get("hs") if isinstance(item, dict) else None
        if not isinstance(raw, str) or not raw:
            continue
        try:
            code = normalise_hs(raw)
        except ValueError:
            continue  # the model reports malformed codes
        assert isinstance(item, dict)
        version = _declared_version(item.get("hs_version"))
        if version is None:
            version = default
        if version is _BAD:
            continue  # the model reports the hs_version; there is no version to check against
        assert version is None or isinstance(version, int)
        reading = read_code(code, day=day, declared=version)
        if reading.version is None:
            errors.append(_code_error(raw, reading, f"items.{index}.hs", source, line))
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
