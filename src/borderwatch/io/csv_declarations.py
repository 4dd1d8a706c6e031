"""Declarations from CSV, one row per item, read from bytes.

Columns (header on the first line, any order, case and spaces ignored):
:data:`DECLARATION_COLUMNS` then :data:`ITEM_COLUMNS`. The rows of one
declaration share its ``id`` and must be consecutive; they must also agree
on every declaration column. A later row may leave such a cell empty (it
then takes the first row's value) but may not give another value: the
declaration is rejected, naming the line and field of the disagreeing row.
A row with the id of a declaration that already ended is rejected the
same way, rather than silently screened as a second declaration.

``hs_version`` is an item column: each row may say the HS version its code
was written in (blank: the version in force on the declaration's date).
``origin`` is the ISO2 country the row's goods originate in, which some
exemptions depend on (coal of non-DPRK origin shipped from Rajin).

Errors in an item name the line of that item's row. Lines that cannot be
decoded, are longer than 1 MB or break the CSV syntax reject their own
declaration or row; the rest of the file is still read.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from borderwatch.errors import RecordError
from borderwatch.io.parsed import Parsed, parse_record
from borderwatch.io.records import shown
from borderwatch.io.sources import (
    MAX_RECORD_BYTES,
    check_encoding,
    decode_line,
    decoding_hint,
    source_lines,
)
from borderwatch.rules.loader import RuleBase

__all__ = ["COLUMNS", "DECLARATION_COLUMNS", "ITEM_COLUMNS", "read_csv"]

DECLARATION_COLUMNS = (
    "id",
    "date",
    "crossing",
    "direction",
    "country",
    "channel",
    "conveyance_kind",
    "conveyance_id",
    "traveller_name",
    "traveller_category",
    "traveller_nationality",
    "traveller_birth_date",
    "traveller_employer",
    "consignor_name",
    "consignee_name",
)
ITEM_COLUMNS = (
    "item_id",
    "description",
    "hs",
    "hs_version",
    "origin",
    "quantity",
    "unit",
    "unit_value",
    "currency",
    "piece_id",
    "piece_area_m2",
    "exemption_id",
    "exemption_reference",
)
COLUMNS = DECLARATION_COLUMNS + ITEM_COLUMNS

#: bytes that did not decode, kept as lone surrogates U+DC00..U+DCFF so the CSV stays whole
_UNDECODED = re.compile("[\udc00-\udcff]")
_ITEM_FIELD = re.compile(r"items\.(\d+)(\.|$)")


def _keep_undecodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(0xDC00 + byte) for byte in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("borderwatch.keep_undecodable", _keep_undecodable)


def _column_name(index: int, cell: str) -> str:
    name = _UNDECODED.sub("\ufffd", cell.strip().lower())
    return name or f"(column {index + 1})"


class _Lines:
    """Decoded physical lines for csv.reader; notes lines too long or not decodable."""

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self._lines = source_lines(stream)
        self._encoding = encoding
        self.too_long: list[int] = []
        self.undecodable: dict[int, int] = {}  # line -> first bad byte, from 1

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if line.too_long:
            self.too_long.append(line.number)
            return "\n"
        try:
            return decode_line(line, self._encoding) + "\n"
        except UnicodeDecodeError as exc:
            self.undecodable[line.number] = exc.start + 1
            text = line.data.decode(self._encoding, errors="borderwatch.keep_undecodable")
            return text.removeprefix("\ufeff") + "\n"


@dataclass
class _Declaration:
    """The rows of one declaration read so far."""

    id: str
    first_line: int
    last_line: int
    agreed: dict[str, str]
    data: dict[str, Any]
    row_lines: list[int] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)


def _row_to_parts(row: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    def get(name: str) -> str | None:
        value = (row.get(name) or "").strip()
        return value or None

    header: dict[str, Any] = {
        key: get(key) for key in ("id", "date", "crossing", "direction", "country", "channel")
    }
    if get("conveyance_kind") or get("conveyance_id"):
        header["conveyance"] = {"kind": get("conveyance_kind"), "id": get("conveyance_id")}
    if get("traveller_name"):
        header["traveller"] = {
            k: v
            for k, v in {
                "name": get("traveller_name"),
                "category": get("traveller_category"),
                "nationality": get("traveller_nationality"),
                "birth_date": get("traveller_birth_date"),
                "employer": get("traveller_employer"),
            }.items()
            if v is not None
        }
    for role in ("consignor", "consignee"):
        if get(f"{role}_name"):
            header[role] = {"name": get(f"{role}_name"), "schema": "Organization"}
    item: dict[str, Any] = {"id": get("item_id"), "description": get("description") or ""}
    for key in ("hs", "hs_version", "quantity", "unit", "origin"):
        if get(key) is not None:
            item[key] = get(key)
    if get("unit_value") is not None:
        item["unit_value"] = {"amount": get("unit_value"), "currency": get("currency")}
    if get("piece_id") is not None:
        item["piece"] = {"id": get("piece_id"), "area_m2": get("piece_area_m2")}
    if get("exemption_id") is not None:
        item["exemptions"] = [
            {"id": get("exemption_id"), "reference": get("exemption_reference") or ""}
        ]
    return header, item


class _Reader:
    """Groups rows into declarations and turns every problem into a RecordError."""

    def __init__(self, stream: BinaryIO, rule_base: RuleBase, source: str, encoding: str):
        self.lines = _Lines(stream, encoding)
        self.rows = csv.reader(self.lines)
        self.rule_base = rule_base
        self.source = source
        self.encoding = encoding
        self.ended: dict[str, int] = {}  # declaration id -> its last line

    def error(self, line: int, column: str, value: object, problem: str, hint: str) -> RecordError:
        return RecordError(
            source=self.source,
            line=line,
            field=column,
            value=shown(value),
            problem=problem,
            hint=hint,
        )

    def too_long(self) -> Iterator[Parsed]:
        for number in self.lines.too_long:
            problem = f"longer than {MAX_RECORD_BYTES:,} bytes"
            hint = "Keep each row under 1 MB; split long descriptions."
            yield Parsed(number, None, (self.error(number, "(line)", None, problem, hint),))
        self.lines.too_long.clear()

    def undecodable(self, values: dict[str, str], start: int, end: int) -> list[RecordError]:
        if not any(n in self.lines.undecodable for n in range(start, end + 1)):
            return []
        errors = []
        for column, value in values.items():
            if _UNDECODED.search(value):
                line = next(
                    (n for n in range(start, end + 1) if n in self.lines.undecodable), start
                )
                byte = self.lines.undecodable.get(line, 0)
                errors.append(
                    self.error(
                        line,
                        column,
                        _UNDECODED.sub("\ufffd", value),
                        f"not valid {self.encoding} at byte {byte} of line {line}",
                        decoding_hint(self.encoding),
                    )
                )
        return errors

    def disagreements(
        self, current: _Declaration, values: dict[str, str], line: int
    ) -> list[RecordError]:
        errors = []
        for column in DECLARATION_COLUMNS:
            value = (values.get(column) or "").strip()
            first = current.agreed[column]
            if value and value != first:
                errors.append(
                    self.error(
                        line,
                        column,
                        value,
                        f"differs from {first!r} on line {current.first_line} "
                        f"for declaration {current.id}; all rows of a declaration must agree",
                        "Correct the row, or give it the id of its own declaration.",
                    )
                )
        return errors

    def finish(self, current: _Declaration) -> Parsed:
        self.ended[current.id] = current.last_line
        if current.errors:
            errors = tuple(current.errors)
            return Parsed(current.first_line, None, errors, current.last_line)
        parsed = parse_record(
            current.data, self.rule_base, source=self.source, line=current.first_line
        )
        errors = tuple(self.on_item_line(e, current.row_lines) for e in parsed.errors)
        return Parsed(current.first_line, parsed.declaration, errors, current.last_line)

    def on_item_line(self, error: RecordError, row_lines: list[int]) -> RecordError:
        match = _ITEM_FIELD.match(error.field)
        if match is None or int(match[1]) >= len(row_lines):
            return error
        return RecordError(
            source=error.source,
            line=row_lines[int(match[1])],
            field=error.field,
            value=error.value,
            problem=error.problem,
            hint=error.hint,
        )

    def start(self, values: dict[str, str], start: int, end: int) -> _Declaration:
        header, item = _row_to_parts(values)
        ident = header["id"] or ""
        agreed = {c: (values.get(c) or "").strip() for c in DECLARATION_COLUMNS}
        current = _Declaration(ident, start, end, agreed, {**header, "items": [item]}, [start])
        if ident in self.ended:
            current.errors.append(
                self.error(
                    start,
                    "id",
                    ident,
                    f"declaration {ident} already ended on line {self.ended[ident]}; "
                    "the rows of a declaration must be consecutive",
                    "Sort the file by id, or give this declaration an id of its own.",
                )
            )
        return current

    def read(self) -> Iterator[Parsed]:
        columns: list[str] | None = None
        current: _Declaration | None = None
        end = 0
        while True:
            start = end + 1
            try:
                row = next(self.rows)
            except StopIteration:
                break
            except csv.Error as exc:
                end = self.rows.line_num
                yield from self.too_long()
                problem = f"not readable as CSV ({exc})"
                hint = "Quote fields that hold commas, quotes or line breaks."
                yield Parsed(start, None, (self.error(start, "(row)", None, problem, hint),), end)
                continue
            end = self.rows.line_num
            yield from self.too_long()
            if all(cell == "" for cell in row):
                continue
            if columns is None:
                columns = [_column_name(i, c) for i, c in enumerate(row)]
                if "id" not in columns:
                    yield self.without_id(columns, start, end)
                    return
                continue
            values = dict(zip(columns, row, strict=False))
            ident = (values.get("id") or "").strip()
            if current is not None and ident == current.id:
                current.errors += self.disagreements(current, values, start)
                current.errors += self.undecodable(values, start, end)
                current.data["items"].append(_row_to_parts(values)[1])
                current.row_lines.append(start)
                current.last_line = end
                continue
            if current is not None:
                yield self.finish(current)
            current = self.start(values, start, end)
            current.errors += self.undecodable(values, start, end)
        if current is not None:
            yield self.finish(current)

    def without_id(self, columns: list[str], start: int, end: int) -> Parsed:
        """The header names no id column: one reject for the whole file."""
        last = end
        while True:
            try:
                next(self.rows)
            except StopIteration:
                break
            except csv.Error:
                pass
            last = self.rows.line_num
        self.lines.too_long.clear()
        header = ",".join(columns)
        error = self.error(
            start,
            "(header)",
            header,
            "the first line names no id column, so no row can be read",
            f"Start the file with the header {','.join(COLUMNS[:6])},...; "
            + decoding_hint(self.encoding),
        )
        return Parsed(start, None, (error,), last)


def read_csv(
    stream: BinaryIO, rule_base: RuleBase, *, source: str, encoding: str = "utf-8"
) -> Iterator[Parsed]:
    """Declarations from CSV bytes, one row per item (see the module docstring)."""
    return _Reader(stream, rule_base, source, check_encoding(encoding)).read()
