"""Declarations from JSON lines into numpy-ready columns, each record checked on the way.

A record that cannot be read raises a RecordError naming file, line, field
and value. Declarations citing exemptions, or whose descriptions name a
measure's keyword, are also validated in full and kept for the
per-declaration engine, as ``screen_batch`` expects.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import ValidationError

from borderwatch.engine.batch_tables import CODE_INDEX
from borderwatch.errors import RecordError
from borderwatch.io.records import record_errors
from borderwatch.model.declaration import Declaration, Money
from borderwatch.reference.hs import normalise_hs
from borderwatch.rules.loader import RuleBase

__all__ = [
    "CHANNELS",
    "DIRECTIONS",
    "DeclarationColumns",
    "bad_record",
    "parse_declaration_lines",
]

T = TypeVar("T")
CHANNELS = ("cargo", "baggage")
DIRECTIONS = ("export", "import")


@dataclass
class DeclarationColumns:
    """Growing lists, one entry per item (``item_*``) or per declaration (``decl_*``)."""

    item_decl: list[int] = field(default_factory=list)
    item_code: list[int] = field(default_factory=list)
    item_quantity: list[float] = field(default_factory=list)
    item_usd: list[float] = field(default_factory=list)
    item_piece: list[int] = field(default_factory=list)
    item_area: list[float] = field(default_factory=list)
    item_chapter: list[int] = field(default_factory=list)
    decl_id: list[str] = field(default_factory=list)
    decl_day: list[dt.date] = field(default_factory=list)
    decl_crossing: list[int] = field(default_factory=list)
    decl_direction: list[int] = field(default_factory=list)
    decl_channel: list[int] = field(default_factory=list)
    decl_category: list[int] = field(default_factory=list)
    decl_employer: list[str | None] = field(default_factory=list)
    fallback: dict[int, Declaration] = field(default_factory=dict)
    categories: dict[str | None, int] = field(default_factory=lambda: {None: 0})


def bad_record(source: str, line: int, field_name: str, value: object, problem: str) -> RecordError:
    return RecordError(
        source=source,
        line=line,
        field=field_name,
        value=value,
        problem=problem,
        hint="Fix the record; `borderwatch screen` on the file lists every problem.",
    )


class _Reader:
    def __init__(self, rule_base: RuleBase, source: str) -> None:
        self.rule_base = rule_base
        self.source = source
        self.crossings = tuple(sorted(rule_base.crossings))
        self.rates: dict[tuple[str, dt.date], float] = {}
        self.keyword: dict[str, bool] = {}
        self.pieces: dict[tuple[int, str], int] = {}
        self.codes: dict[str, str] = {}
        self.columns = DeclarationColumns()

    def _usd_per_unit(self, currency: str, day: dt.date) -> float:
        key = (currency, day)
        if key not in self.rates:
            usd = self.rate_or_none(currency, day)
            self.rates[key] = math.nan if usd is None else usd
        return self.rates[key]

    def rate_or_none(self, currency: str, day: dt.date) -> float | None:
        try:
            usd = self.rule_base.rates.to_usd(Money(amount=Decimal(1), currency=currency), day)
        except ValidationError:
            return None
        return None if usd is None else float(usd)

    def _names_keyword(self, description: str) -> bool:
        if description not in self.keyword:
            self.keyword[description] = bool(description) and any(
                m.goods.named_in(description) for m in self.rule_base.measures
            )
        return self.keyword[description]

    def add(self, data: Any, line: int) -> None:
        """Append one record's declaration and items; raise RecordError if it cannot be read."""
        if not isinstance(data, dict):
            raise bad_record(
                self.source, line, "(record)", data, "a declaration must be a JSON object"
            )
        day = self._field(data, line, "date", dt.date.fromisoformat, "write YYYY-MM-DD")
        crossing = self._field(data, line, "crossing", self.crossings.index, "unknown crossing")
        channel = self._field(data, line, "channel", CHANNELS.index, "cargo or baggage")
        direction = self._field(data, line, "direction", DIRECTIONS.index, "export or import")
        items = data.get("items")
        if not isinstance(items, list) or not items:
            raise bad_record(self.source, line, "items", items, "at least one item is needed")
        traveller = data.get("traveller") if isinstance(data.get("traveller"), dict) else {}
        assert isinstance(traveller, dict)
        category, employer = traveller.get("category"), traveller.get("employer")
        for name, text in (("category", category), ("employer", employer)):
            if text is not None and not isinstance(text, str):
                raise bad_record(self.source, line, f"traveller.{name}", text, "must be text")
        cols = self.columns
        index = len(cols.decl_id)
        rows: list[tuple[int, float, float, int, float, int]] = []
        needs_engine = bool(data.get("exemptions"))
        for number, item in enumerate(items):
            rows.append(self._item(item, day, line, number, index))
            needs_engine |= bool(item.get("exemptions")) or self._names_keyword(
                str(item.get("description", ""))
            )
        if needs_engine:
            try:
                cols.fallback[index] = Declaration.model_validate(data)
            except ValidationError as exc:
                raise record_errors(exc, data, source=self.source, line=line)[0] from exc
        for code, quantity, usd, piece, area, chapter in rows:
            cols.item_decl.append(index)
            cols.item_code.append(code)
            cols.item_quantity.append(quantity)
            cols.item_usd.append(usd)
            cols.item_piece.append(piece)
            cols.item_area.append(area)
            cols.item_chapter.append(chapter)
        cols.decl_id.append(str(data.get("id", "")))
        cols.decl_day.append(day)
        cols.decl_crossing.append(crossing)
        cols.decl_direction.append(direction)
        cols.decl_channel.append(channel)
        cols.decl_category.append(cols.categories.setdefault(category, len(cols.categories)))
        cols.decl_employer.append(employer)

    def _field(
        self, data: dict[str, Any], line: int, name: str, parse: Callable[[str], T], problem: str
    ) -> T:
        value = data.get(name)
        try:
            return parse(str(value).lower() if name != "date" else str(value))
        except ValueError as exc:
            raise bad_record(self.source, line, name, value, problem) from exc

    def _number(self, raw: object, line: int, field_name: str, *, positive: bool) -> float:
        """A finite decimal number (JSON number or decimal string), zero or above."""
        try:
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                raise ValueError
            number = float(raw)
        except ValueError as exc:
            raise bad_record(self.source, line, field_name, raw, "not a number") from exc
        if not math.isfinite(number) or number < 0 or (positive and number == 0):
            limit = "above zero" if positive else "zero or above"
            raise bad_record(self.source, line, field_name, raw, f"must be finite and {limit}")
        return number

    def _code(self, raw: object, line: int, field_name: str) -> str:
        key = str(raw)
        if key not in self.codes:
            try:
                code = normalise_hs(key)
            except ValueError as exc:
                raise bad_record(self.source, line, field_name, raw, str(exc)) from exc
            if code not in CODE_INDEX:
                raise bad_record(self.source, line, field_name, raw, "not a code of HS 2022")
            self.codes[key] = code
        return self.codes[key]

    def _item(
        self, item: Any, day: dt.date, line: int, number: int, index: int
    ) -> tuple[int, float, float, int, float, int]:
        where = f"items.{number}"
        if not isinstance(item, dict):
            raise bad_record(self.source, line, where, item, "an item must be a JSON object")
        if "hs" not in item:
            raise bad_record(self.source, line, f"{where}.hs", None, "missing; give the HS code")
        code = self._code(item["hs"], line, f"{where}.hs")
        quantity = self._number(item.get("quantity", 1), line, f"{where}.quantity", positive=True)
        usd = math.nan
        value = item.get("unit_value")
        if isinstance(value, dict):
            amount = self._number(
                value.get("amount"), line, f"{where}.unit_value.amount", positive=False
            )
            usd = amount * self._usd_per_unit(str(value.get("currency", "")), day)
        piece, area = -1, 0.0
        bag = item.get("piece")
        if isinstance(bag, dict):
            piece = self.pieces.setdefault((index, str(bag.get("id"))), len(self.pieces))
            area = self._number(
                bag.get("area_m2", 0), line, f"{where}.piece.area_m2", positive=False
            )
        return CODE_INDEX[code], quantity, usd, piece, area, int(code[:2])


def parse_declaration_lines(
    lines: Iterable[str], rule_base: RuleBase, *, source: str
) -> DeclarationColumns:
    """Columns from JSON lines; the first unreadable record raises a RecordError."""
    reader = _Reader(rule_base, source)
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise bad_record(
                source, number, "(line)", text.strip()[:80], f"not JSON ({exc.msg})"
            ) from exc
        reader.add(data, number)
    return reader.columns
