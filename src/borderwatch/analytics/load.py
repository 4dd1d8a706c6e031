"""Reading a folder of declarations (and, if present, their truth) into screened columns.

Declarations are JSON lines, read by the same reader as ``borderwatch screen``
and screened by the same assembly through its batch path, so every verdict
in a report is the verdict ``screen`` gives. A record that cannot be read is
kept as a reject (file, line, field, value) and the rest are analysed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from borderwatch.engine.screener import Screener
from borderwatch.errors import InputError, RecordError
from borderwatch.io.declarations import read_declarations
from borderwatch.model.declaration import Channel, Declaration

__all__ = ["CHANNELS", "ScreenedRun", "load_run", "read_truth"]

CHANNELS = tuple(c.value for c in Channel)


@dataclass(frozen=True)
class ScreenedRun:
    """Declarations as columns, with the engine's verdict rank per item, and truth if known."""

    crossings: tuple[str, ...]
    item_decl: npt.NDArray[np.int64]
    item_chapter: npt.NDArray[np.int64]  # 0 when the item has no HS code and none was found
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
    decl_rank: npt.NDArray[np.int8]
    truth: dict[str, dict[str, Any]]
    info: dict[str, Any]
    rejects: tuple[RecordError, ...] = ()


def read_truth(path: Path) -> dict[str, dict[str, Any]]:
    """The simulator's ground truth by declaration id; empty when the file is absent."""
    if not path.exists():
        return {}
    truth = {}
    with path.open(encoding="utf-8") as stream:
        for number, text in enumerate(stream, start=1):
            try:
                record = json.loads(text)
                truth[str(record["declaration"])] = record
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise RecordError(
                    source=str(path),
                    line=number,
                    field="declaration",
                    value=text[:80],
                    problem="not a truth record",
                    hint="truth.jsonl is written by `borderwatch simulate`; remove it for real data.",
                ) from exc
    return truth


def _read(
    path: Path, screener: Screener, on_position: Callable[[int], None] | None
) -> tuple[list[Declaration], list[RecordError]]:
    declarations: list[Declaration] = []
    rejects: list[RecordError] = []
    with path.open("rb") as stream:
        for count, parsed in enumerate(
            read_declarations(stream, screener.rule_base, source_name=str(path), fmt="jsonl")
        ):
            if parsed.declaration is None:
                rejects.extend(parsed.errors)
            else:
                declarations.append(parsed.declaration)
            if on_position is not None and count % 512 == 0:
                on_position(stream.tell())
    return declarations, rejects


def load_run(
    in_dir: Path,
    screener: Screener,
    *,
    on_position: Callable[[int], None] | None = None,
) -> ScreenedRun:
    """Read ``in_dir/declarations.jsonl`` (and truth.jsonl, run.json if there) and screen it.

    ``on_position`` is told how far into the file reading has come, in bytes.
    """
    path = in_dir / "declarations.jsonl"
    if not path.exists():
        raise InputError(
            f"{path} not found; point at a folder written by `borderwatch simulate` "
            "or holding your declarations as declarations.jsonl."
        )
    declarations, rejects = _read(path, screener, on_position)
    if not declarations:
        raise InputError(
            f"{path} holds no declarations that could be read ({len(rejects)} rejected); "
            "nothing to analyse. `borderwatch screen` on the file lists every problem."
        )
    result = screener.screen_batch(declarations)
    batch = result.batch
    # the crossings of the countries the declarations cross from: every Chinese
    # crossing for China-DPRK data, never the other enforcing states' ports
    known = screener.rule_base.crossings
    countries = {known[d.crossing].country for d in declarations}
    crossings = tuple(sorted(c for c in known if known[c].country in countries))
    info_path = in_dir / "run.json"
    return ScreenedRun(
        crossings=crossings,
        item_decl=batch.declaration,
        item_chapter=_chapters(
            [item.hs for d in declarations for item in d.items], result.resolved_hs
        ),
        item_quantity=batch.quantity,
        item_usd=batch.value_usd,
        item_piece=batch.piece,
        item_area=batch.piece_area,
        item_rank=result.item_ranks(),
        decl_id=[d.id for d in declarations],
        decl_day=np.array([d.date.isoformat() for d in declarations], dtype="datetime64[D]"),
        decl_crossing=np.array([crossings.index(d.crossing) for d in declarations], dtype=np.int64),
        decl_channel=np.array(
            [CHANNELS.index(d.channel.value) for d in declarations], dtype=np.int64
        ),
        decl_employer=[d.traveller.employer if d.traveller else None for d in declarations],
        decl_rank=result.declaration_rank,
        truth=read_truth(in_dir / "truth.jsonl"),
        info=json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {},
        rejects=tuple(rejects),
    )


def _chapters(declared: list[str | None], resolved: dict[int, str | None]) -> npt.NDArray[np.int64]:
    """HS chapter per item: the declared code's, else the classified one's, else 0."""
    codes = [resolved.get(row, code) or code for row, code in enumerate(declared)]
    return np.array([int(c[:2]) if c else 0 for c in codes], dtype=np.int64)
