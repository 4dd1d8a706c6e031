"""Reading declarations: JSON lines, or CSV with one row per item.

Readers never stop at a bad record: each yields either a Declaration or the
RecordErrors that explain why a record was rejected, so a batch reports its
rejects and still screens every good declaration.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, TextIO

from pydantic import ValidationError

from borderwatch.errors import RecordError
from borderwatch.io.records import record_errors
from borderwatch.model.declaration import Declaration
from borderwatch.reference.hs import nomenclature, normalise_hs
from borderwatch.rules.loader import RuleBase

__all__ = ["Parsed", "parse_record", "read_csv", "read_declarations", "read_json_lines"]


@dataclass(frozen=True)
class Parsed:
    """A declaration read from ``line``, or the errors that rejected it."""

    line: int
    declaration: Declaration | None
    errors: tuple[RecordError, ...] = ()


def _unknown_crossing(value: object, rule_base: RuleBase, source: str, line: int) -> RecordError:
    return RecordError(
        source=source,
        line=line,
        field="crossing",
        value=value,
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
                    value=raw,
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
            value=data,
            problem="a declaration must be a JSON object",
            hint="Write one JSON object per line.",
        )
        return Parsed(line, None, (error,))
    errors = _reference_errors(data, rule_base, source, line)
    try:
        declaration = Declaration.model_validate(data)
    except ValidationError as exc:
        return Parsed(line, None, (*record_errors(exc, data, source=source, line=line), *errors))
    return Parsed(line, None if errors else declaration, tuple(errors))


def read_json_lines(stream: TextIO, rule_base: RuleBase, *, source: str) -> Iterator[Parsed]:
    """One Parsed per non-blank line of JSON lines."""
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            error = RecordError(
                source=source,
                line=number,
                field="(line)",
                value=text.strip()[:80],
                problem=f"not valid JSON ({exc.msg} at column {exc.colno})",
                hint="Write one complete JSON object per line.",
            )
            yield Parsed(number, None, (error,))
            continue
        yield parse_record(data, rule_base, source=source, line=number)


def _row_to_parts(row: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    def get(name: str) -> str | None:
        value = (row.get(name) or "").strip()
        return value or None

    header: dict[str, Any] = {
        key: get(key) for key in ("id", "date", "crossing", "direction", "country", "channel")
    }
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
    item: dict[str, Any] = {
        "id": get("item_id"),
        "description": get("description") or "",
    }
    for key in ("hs", "quantity", "unit"):
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


def read_csv(stream: TextIO, rule_base: RuleBase, *, source: str) -> Iterator[Parsed]:
    """Declarations from CSV, one row per item, rows of a declaration consecutive.

    Columns: id, date, crossing, direction, country, channel, traveller_name,
    traveller_category, traveller_nationality, traveller_employer,
    consignor_name, consignee_name, item_id, description, hs, quantity, unit,
    unit_value, currency, piece_id, piece_area_m2, exemption_id,
    exemption_reference. Errors name the CSV line of the first row.
    """
    reader = csv.DictReader(stream)
    current: dict[str, Any] | None = None
    first_line = 0
    try:
        for row in reader:
            number = reader.line_num
            header, item = _row_to_parts(row)
            if current is not None and header["id"] == current["id"]:
                current["items"].append(item)
                continue
            if current is not None:
                yield parse_record(current, rule_base, source=source, line=first_line)
            current, first_line = {**header, "items": [item]}, number
    except csv.Error as exc:
        broken = RecordError(
            source=source,
            line=reader.line_num,
            field="(file)",
            value=None,
            problem=f"the CSV cannot be read from here on ({exc})",
            hint="Save the file as UTF-8 CSV with quoted fields; the rows before were read.",
        )
        if current is not None:
            yield parse_record(current, rule_base, source=source, line=first_line)
        yield Parsed(reader.line_num, None, (broken,))
        return
    if current is not None:
        yield parse_record(current, rule_base, source=source, line=first_line)


def read_declarations(
    stream: BinaryIO,
    rule_base: RuleBase,
    *,
    source: str,
    fmt: str = "auto",
    encoding: str = "utf-8",
) -> Iterator[Parsed]:
    """JSON lines or CSV, by ``fmt`` or, with ``auto``, by the source's suffix."""
    text = io.TextIOWrapper(
        stream, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline=""
    )
    try:
        if fmt == "csv" or (fmt == "auto" and source.lower().endswith(".csv")):
            yield from read_csv(text, rule_base, source=source)
        else:
            yield from read_json_lines(text, rule_base, source=source)
    finally:
        text.detach()
