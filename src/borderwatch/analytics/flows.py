"""Flows and seizures by crossing, channel, HS chapter and week, from a screened run.

"Flagged" declarations are what displacement is watched on: those with an
item the engine prohibits, and baggage that looks commercial (a line of
several units of some value, which a traveller's own belongings seldom are).
Seizures come from the truth file when there is one (simulated runs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from borderwatch.analytics.load import CHANNELS, ScreenedRun
from borderwatch.model.verdict import Verdict

__all__ = ["CommercialLook", "Flows", "weekly_flows"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CommercialLook:
    """When a baggage line looks commercial: at least ``units`` units worth ``unit_usd`` each."""

    units: float = 3
    unit_usd: float = 45.0


@dataclass(frozen=True)
class Flows:
    """Weekly counts ``[crossing, channel, week]`` and totals by HS chapter ``[crossing, chapter]``."""

    start: dt.date
    crossings: tuple[str, ...]
    weeks: int
    declaration_week: IntArray
    declarations: IntArray
    flagged: IntArray
    prohibited_items: IntArray
    value_usd: FloatArray
    seized_items: IntArray  # truth: items seized or refused
    evading_passed: IntArray  # truth: placed or evasion items that crossed
    chapter_value: FloatArray
    chapter_prohibited: IntArray
    commercial: npt.NDArray[np.bool_]  # per declaration
    flagged_declaration: npt.NDArray[np.bool_]

    def week_start(self, week: int) -> dt.date:
        """The Monday of ``week``."""
        return self.start + dt.timedelta(weeks=week)


def _start(run: ScreenedRun) -> dt.date:
    if "start" in run.info:
        return dt.date.fromisoformat(str(run.info["start"]))
    first = dt.date.fromisoformat(str(run.decl_day.min()))
    return first - dt.timedelta(days=first.weekday())


def weekly_flows(run: ScreenedRun, look: CommercialLook | None = None) -> Flows:
    """Aggregate a screened run by crossing, channel and week."""
    look = look or CommercialLook()
    start = _start(run)
    offset = (run.decl_day - np.datetime64(start, "D")).astype(np.int64)
    week = offset // 7
    weeks = int(week.max()) + 1 if len(week) else 0
    n_decl, n_cross = len(run.decl_id), len(run.crossings)
    decl = run.item_decl
    prohibited = run.item_rank == Verdict.PROHIBITED.rank
    commercial_line = (run.item_quantity >= look.units) & (run.item_usd >= look.unit_usd)
    baggage = run.decl_channel == CHANNELS.index("baggage")
    commercial = np.zeros(n_decl, dtype=bool)
    commercial[decl[commercial_line]] = True
    commercial &= baggage
    has_prohibited = np.zeros(n_decl, dtype=bool)
    has_prohibited[decl[prohibited]] = True
    flagged_decl = commercial | has_prohibited
    shape = (n_cross, len(CHANNELS), weeks)
    key = (run.decl_crossing, run.decl_channel, week)
    item_key = (run.decl_crossing[decl], run.decl_channel[decl], week[decl])

    def count(mask: npt.NDArray[np.bool_], index: tuple[IntArray, ...]) -> IntArray:
        out = np.zeros(shape, dtype=np.int64)
        np.add.at(out, tuple(i[mask] for i in index), 1)
        return out

    value = np.zeros(shape)
    np.add.at(value, item_key, np.nan_to_num(run.item_usd * run.item_quantity))
    seized = np.zeros(len(decl), dtype=bool)
    evading = np.zeros(len(decl), dtype=bool)
    if run.truth:
        first_item = np.searchsorted(decl, np.arange(n_decl))
        for d, ident in enumerate(run.decl_id):
            truth = run.truth.get(ident)
            if truth is None:
                continue
            for offset_in_decl, item in enumerate(truth["items"]):
                row = first_item[d] + offset_in_decl
                seized[row] = item["outcome"] != "passed"
                evading[row] = item["role"] in ("placed", "evasion") and item["outcome"] == "passed"
    chapter_value = np.zeros((n_cross, 100))
    np.add.at(
        chapter_value,
        (run.decl_crossing[decl], run.item_chapter),
        np.nan_to_num(run.item_usd * run.item_quantity),
    )
    chapter_prohibited = np.zeros((n_cross, 100), dtype=np.int64)
    np.add.at(chapter_prohibited, (run.decl_crossing[decl], run.item_chapter), prohibited)
    every = np.ones(n_decl, dtype=bool)
    return Flows(
        start=start,
        crossings=run.crossings,
        weeks=weeks,
        declaration_week=week,
        declarations=count(every, key),
        flagged=count(flagged_decl, key),
        prohibited_items=count(prohibited, item_key),
        value_usd=value,
        seized_items=count(seized, item_key),
        evading_passed=count(evading, item_key),
        chapter_value=chapter_value,
        chapter_prohibited=chapter_prohibited,
        commercial=commercial,
        flagged_declaration=flagged_decl,
    )
