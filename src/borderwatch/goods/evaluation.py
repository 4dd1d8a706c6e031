"""Accuracy of the classifier on a labelled file: top-1 and top-5 at 2, 4 and 6 digits.

The file is CSV with at least the columns ``description`` and ``hs6``
(extra columns such as ``lang``, ``group`` and ``split`` are kept for
breakdowns). The report also lists the most frequent confusions and how
often a wrong best candidate was nevertheless scored as confident.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from borderwatch.errors import RecordError
from borderwatch.model.verdict import HSCandidate

__all__ = ["Accuracy", "LabelledDescription", "evaluate", "read_labelled"]

LEVELS = (2, 4, 6)


@dataclass(frozen=True, slots=True)
class LabelledDescription:
    """One row of an evaluation file."""

    description: str
    hs6: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Accuracy:
    """Counts behind the accuracy table."""

    total: int = 0
    top1: Counter[int] = field(default_factory=Counter)
    top5: Counter[int] = field(default_factory=Counter)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    confident_wrong: int = 0
    confident: int = 0
    no_candidate: int = 0

    def rate(self, k: int, digits: int) -> float:
        """Share of rows whose top-``k`` holds the right code at ``digits`` digits."""
        hits = self.top1 if k == 1 else self.top5
        return hits[digits] / self.total if self.total else 0.0

    def as_dict(self, *, confusions: int = 10) -> dict[str, object]:
        """A JSON-ready report."""
        return {
            "rows": self.total,
            "top1": {str(d): round(self.rate(1, d), 4) for d in LEVELS},
            "top5": {str(d): round(self.rate(5, d), 4) for d in LEVELS},
            "confident": self.confident,
            "confident_wrong": self.confident_wrong,
            "no_candidate": self.no_candidate,
            "confusions": [
                {"expected": e, "predicted": p, "count": n}
                for (e, p), n in self.confusions.most_common(confusions)
            ],
        }


def read_labelled(stream: TextIO, *, source: str) -> list[LabelledDescription]:
    """Rows of a CSV with ``description`` and ``hs6``; a bad row raises with its line."""
    reader = csv.DictReader(stream)
    if not {"description", "hs6"} <= set(reader.fieldnames or ()):
        raise RecordError(
            source=source,
            line=1,
            field="header",
            value=",".join(reader.fieldnames or ()),
            problem="the columns description and hs6 are required",
            hint="Start the file with a header line such as: description,hs6",
        )
    rows = []
    for line, row in enumerate(reader, start=2):
        hs6 = (row.get("hs6") or "").strip()
        if len(hs6) != 6 or not hs6.isdigit():
            raise RecordError(
                source=source,
                line=line,
                field="hs6",
                value=hs6,
                problem="not six digits",
                hint="Write the HS 2022 subheading with its leading zeros, e.g. 030743.",
            )
        extra = {k: v for k, v in row.items() if k not in ("description", "hs6") and k}
        rows.append(LabelledDescription((row.get("description") or "").strip(), hs6, extra))
    return rows


def evaluate(
    rows: Iterable[LabelledDescription],
    classify: Callable[[str], list[HSCandidate]],
    *,
    confident: float = 0.6,
    progress: Callable[[Iterable[LabelledDescription]], Iterable[LabelledDescription]]
    | None = None,
) -> Accuracy:
    """Classify every row and count hits at each level."""
    result = Accuracy()
    for row in progress(rows) if progress else rows:
        result.total += 1
        candidates = classify(row.description)
        if not candidates:
            result.no_candidate += 1
            continue
        best = candidates[0]
        for digits in LEVELS:
            want = row.hs6[:digits]
            if best.hs[:digits] == want:
                result.top1[digits] += 1
            if any(c.hs[:digits] == want for c in candidates[:5]):
                result.top5[digits] += 1
        if best.score >= confident:
            result.confident += 1
            if best.hs != row.hs6:
                result.confident_wrong += 1
        if best.hs != row.hs6:
            result.confusions[(row.hs6, best.hs)] += 1
    return result
