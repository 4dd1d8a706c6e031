"""Turning pydantic validation problems into RecordErrors that name line, field and value."""

from __future__ import annotations

import re
import reprlib
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from borderwatch.errors import RecordError

__all__ = ["HINTS", "MAX_SHOWN", "record_errors", "shown"]

#: values longer than this are cut in messages (a 1 MB description would flood stderr)
MAX_SHOWN = 200

#: what to do, by the last part of the field path
HINTS: dict[str, str] = {
    "date": "Write the date as YYYY-MM-DD (ISO 8601).",
    "crossing": "Use a crossing id such as dandong, hunchun or changbai.",
    "direction": "Use export or import.",
    "channel": "Use cargo or baggage.",
    "country": "Use the ISO 3166-1 alpha-2 code of the other side, e.g. KP.",
    "nationality": "Use an ISO 3166-1 alpha-2 code, e.g. KP or CN.",
    "hs": "Give a 2-, 4- or 6-digit HS code (or a national tariff line of 8 or 10 digits), "
    "e.g. 851660 or 8516.60.0000, or leave it out to classify.",
    "hs_version": "Give 2012, 2017 or 2022, or leave it out to read codes in the HS version "
    "in force on the declaration's date.",
    "declared_hs": "Leave declared_hs out: borderwatch fills it in from hs.",
    "quantity": "Give a number greater than zero.",
    "amount": "Give a non-negative decimal amount, e.g. 850.00.",
    "currency": "Use an ISO 4217 code such as CNY, USD or EUR.",
    "area_m2": "Give the piece's footprint in square metres, e.g. 0.5.",
    "items": "A declaration needs at least one item.",
}

#: lone surrogates (from a JSON escape such as \\ud800) cannot be written as UTF-8
_SURROGATE = re.compile("[\ud800-\udfff]")

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = MAX_SHOWN
_REPR.maxother = MAX_SHOWN


def shown(value: object) -> object:
    """``value`` as a message may quote it: long strings cut, containers summarised,
    lone surrogates replaced by U+FFFD so the reject report can be written as UTF-8."""
    if isinstance(value, str):
        value = _SURROGATE.sub("\ufffd", value)
        return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        text = str(value)
        return value if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    text = _REPR.repr(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _value_at(data: Any, loc: tuple[int | str, ...]) -> Any:
    for part in loc:
        in_mapping = isinstance(data, dict) and part in data
        in_sequence = isinstance(data, list | tuple) and isinstance(part, int) and part < len(data)
        if in_mapping or in_sequence:
            data = data[part]
        else:
            return None
    return data


def record_errors(
    exc: ValidationError, data: Any, *, source: str, line: int | None
) -> list[RecordError]:
    """One RecordError for each problem pydantic found in ``data``."""
    problems = exc.errors()
    locs = [tuple(p["loc"]) for p in problems]
    errors = []
    for problem in problems:
        loc = tuple(problem["loc"])
        if any(other != loc and other[: len(loc)] == loc for other in locs):
            continue  # a container's complaint about a child already reported
        field = str(shown(".".join(str(p) for p in loc))) or "(record)"
        last = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
        value = _value_at(data, loc) if loc else data
        message = problem["msg"].removeprefix("Value error, ")
        errors.append(
            RecordError(
                source=source,
                line=line,
                field=field,
                value=shown(value),
                problem=message,
                hint=HINTS.get(last, "Correct the value and submit the line again."),
            )
        )
    return errors
