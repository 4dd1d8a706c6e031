"""JSON lines from bytes: each line decoded and parsed on its own."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from borderwatch.errors import RecordError
from borderwatch.io.parsed import Parsed, parse_record, too_deep
from borderwatch.io.records import shown
from borderwatch.io.sources import (
    MAX_RECORD_BYTES,
    check_encoding,
    decode_line,
    decoding_hint,
    source_lines,
)
from borderwatch.rules.loader import RuleBase

__all__ = ["RawRecord", "read_json_lines", "read_json_records"]

#: integers longer than this are read as Decimal, so the model (not int()) rejects them
_LONG_INT = 30


@dataclass(frozen=True)
class RawRecord:
    """One JSON line decoded but not yet validated: ``data``, or the errors that rejected it."""

    line: int
    data: Any
    errors: tuple[RecordError, ...] = ()


def _line_error(source: str, line: int, value: object, problem: str, hint: str) -> RawRecord:
    error = RecordError(
        source=source, line=line, field="(line)", value=shown(value), problem=problem, hint=hint
    )
    return RawRecord(line, None, (error,))


def _read_int(digits: str) -> int | Decimal:
    return int(digits) if len(digits) <= _LONG_INT else Decimal(digits)


def _read_fraction(text: str) -> Decimal | float:
    try:
        return Decimal(text)
    except InvalidOperation:  # an exponent beyond Decimal's: the model says "not finite"
        return math.inf


#: one decoder for every line (building one per call costs as much as decoding a line)
_DECODER = json.JSONDecoder(parse_float=_read_fraction, parse_int=_read_int)


def read_json_records(
    stream: BinaryIO, *, source: str, encoding: str = "utf-8"
) -> Iterator[RawRecord]:
    """Each non-blank line of JSON lines, decoded on its own: one bad line rejects only itself.

    Fractions and long integers are read as Decimal, so a value too large is
    reported by the model with its field rather than failing ``int()``.
    """
    encoding = check_encoding(encoding)
    for line in source_lines(stream):
        number = line.number
        if line.too_long:
            yield _line_error(
                source,
                number,
                None,
                f"longer than {MAX_RECORD_BYTES:,} bytes",
                "A declaration must fit on one line of at most 1 MB; split it up.",
            )
            continue
        try:
            text = decode_line(line, encoding)
        except UnicodeDecodeError as exc:
            yield _line_error(
                source,
                number,
                line.data[max(exc.start - 20, 0) : exc.end + 20],
                f"not valid {encoding} at byte {exc.start + 1}",
                decoding_hint(encoding),
            )
            continue
        if not text.strip():
            continue
        try:
            data = _DECODER.decode(text)
        except json.JSONDecodeError as exc:
            yield _line_error(
                source,
                number,
                text.strip(),
                f"not valid JSON ({exc.msg} at column {exc.colno})",
                "Write one complete JSON object per line.",
            )
            continue
        except RecursionError:
            yield RawRecord(number, None, (too_deep(source, number),))
            continue
        except ValueError as exc:  # e.g. a number json cannot convert
            yield _line_error(
                source, number, text.strip(), f"not readable ({exc})", "Correct the line."
            )
            continue
        yield RawRecord(number, data)


def read_json_lines(
    stream: BinaryIO, rule_base: RuleBase, *, source: str, encoding: str = "utf-8"
) -> Iterator[Parsed]:
    """One Parsed per non-blank line of JSON lines."""
    for record in read_json_records(stream, source=source, encoding=check_encoding(encoding)):
        if record.errors:
            yield Parsed(record.line, None, record.errors)
        else:
            yield parse_record(record.data, rule_base, source=source, line=record.line)
