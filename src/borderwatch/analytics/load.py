"""Reading a folder of declarations (and, if present, their truth) into screened columns.

Declarations are JSON lines as ``borderwatch screen`` reads them. They become
numpy columns and go through the vectorised batch path of the engine
(``engine/batch.py``); declarations citing exemptions or whose descriptions
name a measure's keyword go through the per-declaration engine, as in
``screen_batch``. A record that cannot be read raises a RecordError naming
file, line, field and value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from borderwatch.analytics.columns import CHANNELS, bad_record, parse_declaration_lines
from borderwatch.engine.batch import screen_batch
from borderwatch.engine.batch_columns import batch_from_columns
from borderwatch.errors import InputError
from borderwatch.rules.loader import RuleBase

__all__ = ["CHANNELS", "ScreenedRun", "load_run", "parse_declaration_lines"]


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
                raise bad_record(
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
