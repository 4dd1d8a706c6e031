"""The as-of index: which measures in force cover an HS code, looked up by prefix.

A measure keyed at chapter 85 covers 851660; a declared code shorter than a
measure's key (a chapter-only "85" against a measure on 8516) may or may not
be covered, so it comes back as partial and the item is referred.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from borderwatch.model.measure import Measure

__all__ = ["Coverage", "MeasureIndex"]


@dataclass(frozen=True, slots=True)
class Coverage:
    """A measure covering a code: fully, or partially (refer, do not decide)."""

    measure: Measure
    matched: str
    partial: bool


class MeasureIndex:
    """HS prefix -> measures, built once per set of measures."""

    def __init__(self, measures: list[Measure] | tuple[Measure, ...]) -> None:
        self._at: dict[str, list[Coverage]] = defaultdict(list)
        self._below: dict[str, list[Coverage]] = defaultdict(list)
        for measure in measures:
            for codes, partial in ((measure.goods.hs, False), (measure.goods.hs_partial, True)):
                for code in codes:
                    entry = Coverage(measure, code, partial)
                    self._at[code].append(entry)
                    for n in (2, 4):
                        if len(code) > n:
                            self._below[code[:n]].append(Coverage(measure, code, True))
        self.measures = tuple(measures)

    def covering(self, hs: str) -> list[Coverage]:
        """Every measure covering ``hs``, one entry per measure, full before partial."""
        found: dict[str, Coverage] = {}
        candidates = [c for n in (2, 4, 6) if len(hs) >= n for c in self._at.get(hs[:n], ())]
        if len(hs) < 6:
            candidates.extend(self._below.get(hs, ()))
        for entry in candidates:
            excluded, maybe_excluded = self._exclusion(entry.measure, hs)
            if excluded:
                continue
            if maybe_excluded:
                entry = Coverage(entry.measure, entry.matched, True)
            best = found.get(entry.measure.id)
            if best is None or (best.partial and not entry.partial):
                found[entry.measure.id] = entry
        return sorted(found.values(), key=lambda c: (c.partial, c.measure.id))

    @staticmethod
    def _exclusion(measure: Measure, hs: str) -> tuple[bool, bool]:
        excluded = any(hs.startswith(code) for code in measure.goods.exclude_hs)
        maybe = any(code.startswith(hs) and code != hs for code in measure.goods.exclude_hs)
        return excluded, maybe
