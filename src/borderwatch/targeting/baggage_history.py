"""What earlier inspections of a company's workers found, read strictly before a date.

A company that took paid-for bags before is likelier to again, so its past
seizure rate is a targeting feature; counting an outcome dated on or after
the declaration would let the model read the answer it is asked for.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

__all__ = ["CompanyHistory", "PastOutcome"]


@dataclass(frozen=True)
class PastOutcome:
    """What one earlier inspection of a company's worker found."""

    company: str
    date: dt.date
    seized: bool


@dataclass
class CompanyHistory:
    """Inspections per company, looked up strictly before a date: the future never leaks."""

    _dates: dict[str, list[dt.date]] = field(default_factory=dict)
    _seized: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, outcomes: Iterable[PastOutcome]) -> CompanyHistory:
        """The history of these inspections, in any order."""
        by_company: dict[str, list[tuple[dt.date, bool]]] = defaultdict(list)
        for outcome in outcomes:
            by_company[outcome.company].append((outcome.date, outcome.seized))
        history = cls()
        for company, rows in by_company.items():
            rows.sort()
            history._dates[company] = [d for d, _ in rows]
            history._seized[company] = np.cumsum([int(s) for _, s in rows]).tolist()
        return history

    def before(self, company: str | None, date: dt.date) -> tuple[int, float]:
        """Inspections of the company dated before ``date``, and the share that found goods
        (NaN with none: no history is not a clean history)."""
        dates = self._dates.get(company or "")
        if not dates:
            return 0, float("nan")
        n = bisect_left(dates, date)
        return n, (self._seized[company or ""][n - 1] / n if n else float("nan"))
