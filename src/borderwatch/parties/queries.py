"""Reading match queries: JSON lines ``{"id", "name", "schema"?, "birth_date"?, "nationality"?}``.

A bad line becomes a :class:`~borderwatch.errors.RecordError` with its line,
field and value; the reader goes on with the next line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import ValidationError

from borderwatch.errors import RecordError
from borderwatch.model.declaration import Party

__all__ = ["MatchQuery", "read_queries"]

_HINT = 'Write one JSON object a line: {"id": "q1", "name": "Ri Won Ho", "schema": "Person"}.'


@dataclass(frozen=True)
class MatchQuery:
    """One query line: a client id and the party to match, or the error that line has."""

    line: int
    id: str | None
    party: Party | None
    error: RecordError | None = None


def _error(source: str, line: int, field: str, value: object, problem: str) -> MatchQuery:
    return MatchQuery(line, None, None, RecordError(
        source=source, line=line, field=field, value=value, problem=problem, hint=_HINT
    ))  # fmt: skip


def _parse(source: str, number: int, text: str) -> MatchQuery:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return _error(source, number, "(line)", text[:80], f"not JSON ({exc.msg})")
    if not isinstance(record, dict):
        return _error(source, number, "(line)", text[:80], "not a JSON object")
    ident = record.pop("id", None)
    if not isinstance(ident, str | int) or isinstance(ident, bool) or str(ident) == "":
        return _error(source, number, "id", ident, "missing or not a string")
    try:
        party = Party.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(object)"
        value = record.get(str(first["loc"][0])) if first["loc"] else record
        return _error(source, number, field, value, first["msg"].lower())
    return MatchQuery(number, str(ident), party)


def read_queries(lines: Iterable[str], *, source: str) -> Iterator[MatchQuery]:
    """Queries from JSON lines; blank lines are skipped."""
    for number, text in enumerate(lines, start=1):
        if text.strip():
            yield _parse(source, number, text)
