"""Reading a folder of declarations (and, if present, their truth) into screened columns.

Declarations are JSON lines as ``borderwatch screen`` reads them. They become
numpy columns and go through the vectorised batch path of the engine
(``engine/batch.py``); declarations citing exemptions or whose descriptions
name a measure's keyword go through the per-declaration engine, as in
``screen_batch``. A record that cannot be read raises a RecordError naming
file, line, field and value.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from borderwatch.engine.batch import screen_batch
from borderwatch.engine.batch_columns import batch_from_columns
from borderwatch.engine.batch_tables import CODE_INDEX
from borderwatch.errors import InputError, RecordError
from borderwatch.io.records import record_errors
from borderwatch.model.codes import normalise_hs
from borderwatch.model.declaration import Declaration, Money
from borderwatch.rules.loader import RuleBase

__all__ = ["ScreenedRun", "load_run", "parse_declaration_lines"]

T = TypeVar("T")
CHANNELS = ("cargo", "baggage")
DIRECTIONS = ("export", "import")


@dataclass
class _Columns:
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


@dataclass(frozen=True)
class ScreenedRun:
    """Declarations as columns, with the engine's verdict rank per item, and truth if known."""

    crossings: tuple[str, ...]
    item_decl: npt.NDArray[np.int64]
    item_chapter: npt.NDArray[np.int64]
    item_quantity: npt.NDArray[np.float64]
    item_usd: npt.NDArray[np.float64]
    item_piece: npt.NDArray[np.int64]
    item_area: npt.NDArray[np.float64]
    item_rank: npt.NDArray[np.int8]
    decl_id: list[str]
    decl_day: npt.NDArray[np.datetime64]
    decl_crossing: npt.NDArray[np.int64]
    decl_channel: npt.NDArray[np.int64]
    decl_employer: list[str | None]
    truth: dict[str, dict[str, Any]]
    info: dict[str, Any]


def _bad(source: str, line: int, field_name: str, value: object, problem: str) -> RecordError:
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
        self.columns = _Columns()

    def _usd_per_unit(self, currency: str, day: dt.date) -> float:
        key = (currency, day)
        if key not in self.rates:
            usd = self.rate_or_none(currency, day)
            self.rates[key] = np.nan if usd is None else usd
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
            raise _bad(self.source, line, "(record)", data, "a declaration must be a JSON object")
        day = self._field(data, line, "date", dt.date.fromisoformat, "write YYYY-MM-DD")
        crossing = self._field(data, line, "crossing", self.crossings.index, "unknown crossing")
        channel = self._field(data, line, "channel", CHANNELS.index, "cargo or baggage")
        direction = self._field(data, line, "direction", DIRECTIONS.index, "export or import")
        items = data.get("items")
        if not isinstance(items, list) or not items:
            raise _bad(self.source, line, "items", items, "at least one item is needed")
        traveller = data.get("traveller") if isinstance(data.get("traveller"), dict) else {}
        assert isinstance(traveller, dict)
        category, employer = traveller.get("category"), traveller.get("employer")
        for name, text in (("category", category), ("employer", employer)):
            if text is not None and not isinstance(text, str):
                raise _bad(self.source, line, f"traveller.{name}", text, "must be text")
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
            raise _bad(self.source, line, name, value, problem) from exc

    def _item(
        self, item: Any, day: dt.date, line: int, number: int, index: int
    ) -> tuple[int, float, float, int, float, int]:
        where = f"items.{number}"
        if not isinstance(item, dict):
            raise _bad(self.source, line, where, item, "an item must be a JSON object")
        try:
            code = normalise_hs(str(item["hs"]))
            quantity = float(Decimal(str(item.get("quantity", 1))))
        except (KeyError, ValueError, InvalidOperation) as exc:
            raise _bad(self.source, line, f"{where}.hs/quantity", item.get("hs"), str(exc)) from exc
        if code not in CODE_INDEX:
            raise _bad(self.source, line, f"{where}.hs", code, "not a code of HS 2022")
        if not quantity > 0:
            raise _bad(self.source, line, f"{where}.quantity", quantity, "must be above zero")
        usd = np.nan
        value = item.get("unit_value")
        if isinstance(value, dict):
            try:
                amount = float(Decimal(str(value.get("amount"))))
            except InvalidOperation as exc:
                raise _bad(self.source, line, f"{where}.unit_value", value, "not a number") from exc
            usd = amount * self._usd_per_unit(str(value.get("currency", "")), day)
        piece, area = -1, 0.0
        bag = item.get("piece")
        if isinstance(bag, dict):
            piece = self.pieces.setdefault((index, str(bag.get("id"))), len(self.pieces))
            try:
                area = float(Decimal(str(bag.get("area_m2", 0))))
            except InvalidOperation as exc:
                raise _bad(
                    self.source, line, f"{where}.piece.area_m2", bag, "not a number"
                ) from exc
        return CODE_INDEX[code], quantity, usd, piece, area, int(code[:2])


def parse_declaration_lines(lines: Iterable[str], rule_base: RuleBase, *, source: str) -> _Columns:
    """Columns from JSON lines; the first unreadable record raises a RecordError."""
    reader = _Reader(rule_base, source)
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _bad(
                source, number, "(line)", text.strip()[:80], f"not JSON ({exc.msg})"
            ) from exc
        reader.add(data, number)
    return reader.columns


def _read_truth(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    truth = {}
    with path.open(encoding="utf-8") as stream:
        for number, text in enumerate(stream, start=1):
            try:
                record = json.loads(text)
                truth[str(record["declaration"])] = record
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise _bad(
                    str(path), number, "declaration", text[:80], "not a truth record"
                ) from exc
    return truth


def _counting(lines: Iterable[str], on_bytes: Callable[[int], None] | None) -> Iterator[str]:
    for text in lines:
        if on_bytes is not None:
            on_bytes(len(text))
        yield text


def load_run(
    in_dir: Path, rule_base: RuleBase, *, on_bytes: Callable[[int], None] | None = None
) -> ScreenedRun:
    """Read ``in_dir/declarations.jsonl`` (and truth.jsonl, run.json if there) and screen it.

    ``on_bytes`` is told how many characters of declarations were read, for progress bars.
    """
    path = in_dir / "declarations.jsonl"
    if not path.exists():
        raise InputError(
            f"{path} not found; point at a folder written by `borderwatch simulate` "
            "or holding your declarations as declarations.jsonl."
        )
    with path.open(encoding="utf-8") as stream:
        cols = parse_declaration_lines(_counting(stream, on_bytes), rule_base, source=str(path))
    if not cols.decl_id:
        raise InputError(f"{path} holds no declarations; nothing to analyse.")
    crossings = tuple(sorted(rule_base.crossings))
    days = np.array(cols.decl_day, dtype="datetime64[D]")
    decl = np.asarray(cols.item_decl, dtype=np.int64)
    batch = batch_from_columns(
        rule_base,
        declaration=decl,
        day=days[decl],
        crossing=np.asarray(cols.decl_crossing, dtype=np.int64)[decl],
        crossings=crossings,
        direction=np.asarray(cols.decl_direction, dtype=np.int64)[decl],
        channel=np.asarray(cols.decl_channel, dtype=np.int64)[decl],
        category=np.asarray(cols.decl_category, dtype=np.int64)[decl],
        categories=list(cols.categories),
        code=np.asarray(cols.item_code, dtype=np.int64),
        quantity=np.asarray(cols.item_quantity, dtype=np.float64),
        value_usd=np.asarray(cols.item_usd, dtype=np.float64),
        piece=np.asarray(cols.item_piece, dtype=np.int64),
        piece_area=np.asarray(cols.item_area, dtype=np.float64),
    )
    batch.fallback = cols.fallback
    result = screen_batch(batch, rule_base)
    rank = result.rank.copy()
    for row, (verdict, _) in result.overrides.items():
        rank[row] = verdict.rank
    info_path = in_dir / "run.json"
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
    return ScreenedRun(
        crossings=crossings,
        item_decl=decl,
        item_chapter=np.asarray(cols.item_chapter, dtype=np.int64),
        item_quantity=batch.quantity,
        item_usd=batch.value_usd,
        item_piece=batch.piece,
        item_area=batch.piece_area,
        item_rank=rank,
        decl_id=cols.decl_id,
        decl_day=days,
        decl_crossing=np.asarray(cols.decl_crossing, dtype=np.int64),
        decl_channel=np.asarray(cols.decl_channel, dtype=np.int64),
        decl_employer=cols.decl_employer,
        truth=_read_truth(in_dir / "truth.jsonl"),
        info=info,
    )
