"""Reading classification requests: JSON lines ``{"id", "description", "lang"?}``.

Every line yields either a :class:`ClassifyRequest` or the
:class:`~borderwatch.errors.RecordError` that says which line, field and
value was wrong, so one bad line never stops the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from borderwatch.errors import RecordError

__all__ = ["LANGUAGES", "ClassifyRequest", "read_requests"]

LANGUAGES = frozenset({"en", "zh", "ko"})
MAX_DESCRIPTION = 2000


@dataclass(frozen=True, slots=True)
class ClassifyRequest:
    """One description to classify, keyed by the caller's id."""

    id: str
    description: str
    lang: str | None = None


def _error(
    source: str, line: int, field: str, value: object, problem: str, hint: str
) -> RecordError:
    return RecordError(
        source=source, line=line, field=field, value=value, problem=problem, hint=hint
    )


def _parse(text: str, source: str, line: int) -> ClassifyRequest | RecordError:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return _error(
            source,
            line,
            "(line)",
            text[:80],
            f"not JSON ({exc.msg})",
            "Write one JSON object a line.",
        )
    if not isinstance(record, dict):
        return _error(
            source,
            line,
            "(line)",
            text[:80],
            "not a JSON object",
            'Write {"id": ..., "description": ...}.',
        )
    ident = record.get("id")
    if not isinstance(ident, str | int) or isinstance(ident, bool) or str(ident) == "":
        return _error(
            source, line, "id", ident, "missing or not a string or number", "Give each line an id."
        )
    description = record.get("description")
    if not isinstance(description, str) or not description.strip():
        return _error(
            source,
            line,
            "description",
            description,
            "missing or empty",
            "Give the goods description as a non-empty string.",
        )
    if len(description) > MAX_DESCRIPTION:
        return _error(
            source,
            line,
            "description",
            description[:40] + "…",
            f"longer than {MAX_DESCRIPTION} characters",
            "Shorten it to the description of one item.",
        )
    lang = record.get("lang")
    if lang is not None and lang not in LANGUAGES:
        return _error(
            source,
            line,
            "lang",
            lang,
            "not a supported language",
            "Use en, zh or ko, or leave it out.",
        )
    return ClassifyRequest(str(ident), description, lang)


def read_requests(
    lines: Iterable[str], *, source: str = "-"
) -> Iterator[ClassifyRequest | RecordError]:
    """Parse each non-blank line; line numbers start at 1."""
    for number, text in enumerate(lines, start=1):
        if text.strip():
            yield _parse(text.strip(), source, number)
