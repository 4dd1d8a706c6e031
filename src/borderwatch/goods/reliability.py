"""A reliability chart: how often the best candidate is right, by its score."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # after choosing the backend

__all__ = ["BINS", "reliability_png"]

#: score bins of the chart, [low, high)
BINS = tuple((i / 10, (i + 1) / 10) for i in range(10))


def reliability_png(scored: list[tuple[float, bool]], *, title: str, confident: float) -> bytes:
    """Bars: rows per score bin; line: share right at six digits in the bin, against the
    diagonal a calibrated score would follow; a vertical line at the ``confident`` setting."""
    counts, rights = [0] * len(BINS), [0] * len(BINS)
    for score, right in scored:
        index = min(int(score * 10), len(BINS) - 1)
        counts[index] += 1
        rights[index] += right
    middles = [(lo + hi) / 2 for lo, hi in BINS]
    figure, rows = plt.subplots(figsize=(6.4, 4.2))
    rows.bar(middles, counts, width=0.09, color="#c9d6e3", label="descriptions")
    rows.set_xlabel("score of the best candidate")
    rows.set_ylabel("descriptions")
    share = rows.twinx()
    filled = [(m, r / c) for m, r, c in zip(middles, rights, counts, strict=True) if c]
    share.plot([m for m, _ in filled], [v for _, v in filled], "o-", color="#1f4e79", label="right")
    share.plot([0, 1], [0, 1], ":", color="#888888", label="calibrated")
    share.axvline(confident, color="#c55a11", linewidth=1)
    share.set_ylim(0, 1.02)
    share.set_ylabel("share right at six digits")
    rows.set_title(title)
    share.legend(loc="upper left", fontsize="small")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()
