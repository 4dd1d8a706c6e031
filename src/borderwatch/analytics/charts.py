"""Charts for a briefing, as PNG bytes (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # after choosing the backend
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from borderwatch.analytics.baggage import AllowanceUse, Concentration
from borderwatch.analytics.displacement import Finding, Tightening
from borderwatch.analytics.flows import Flows
from borderwatch.analytics.load import CHANNELS

__all__ = [
    "allowance_chart",
    "chapter_chart",
    "concentration_chart",
    "flagged_flow_chart",
    "seizure_chart",
]

COLOURS = {"dandong": "#1f4e79", "hunchun": "#c55a11", "changbai": "#548235"}


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _dates(flows: Flows) -> npt.NDArray[np.datetime64]:
    return np.datetime64(flows.start, "D") + 7 * np.arange(flows.weeks)


def flagged_flow_chart(
    flows: Flows, findings: Sequence[Finding], tightenings: Sequence[Tightening]
) -> bytes:
    """Weekly flagged declarations per crossing, tightenings as lines, alarms as markers."""
    figure, axis = plt.subplots(figsize=(10, 4.2))
    dates = _dates(flows)
    for c, crossing in enumerate(flows.crossings):
        series = flows.flagged[c].sum(axis=0)
        axis.plot(dates, series, label=crossing, color=COLOURS.get(crossing), linewidth=1.4)
    top = float(flows.flagged.sum(axis=1).max(initial=1))
    for t in tightenings:
        day = np.array([t.day], dtype="datetime64[D]")
        axis.vlines(day, 0, top, colors="#7f7f7f", linestyles="--", linewidth=1)
        axis.annotate(
            f"{t.crossing} tightens",
            (float(day.astype(np.int64)[0]), top),
            fontsize=8,
            rotation=90,
            va="top",
            ha="right",
        )
    for f in findings:
        c = flows.crossings.index(f.crossing)
        axis.plot(
            np.array([f.alarm_day], dtype="datetime64[D]"),
            flows.flagged[c].sum(axis=0)[f.alarm_week : f.alarm_week + 1],
            marker="v",
            markersize=10,
            color="red",
        )
    axis.set_title("Declarations with prohibited goods or commercial-looking baggage, per week")
    axis.set_ylabel("declarations / week")
    axis.legend(loc="upper left")
    axis.grid(alpha=0.3)
    return _png(figure)


def seizure_chart(flows: Flows) -> bytes:
    """Seized or refused items, and sanctioned items that crossed, by crossing and channel."""
    figure, axis = plt.subplots(figsize=(7, 3.6))
    labels, seized, passed = [], [], []
    for c, crossing in enumerate(flows.crossings):
        for k, channel in enumerate(CHANNELS):
            labels.append(f"{crossing}\n{channel}")
            seized.append(int(flows.seized_items[c, k].sum()))
            passed.append(int(flows.evading_passed[c, k].sum()))
    x = np.arange(len(labels))
    axis.bar(x - 0.2, seized, width=0.4, label="seized or refused", color="#1f4e79")
    axis.bar(x + 0.2, passed, width=0.4, label="sanctioned, crossed", color="#c00000")
    axis.set_xticks(x, labels, fontsize=8)
    axis.set_ylabel("items")
    axis.set_title("Seizures and what got through (ground truth)")
    axis.legend()
    return _png(figure)


def chapter_chart(flows: Flows, top: int = 12) -> bytes:
    """Declared value by HS chapter (largest chapters) and crossing."""
    totals = flows.chapter_value.sum(axis=0)
    chapters = [int(c) for c in np.argsort(totals)[::-1][:top] if totals[c] > 0]
    figure, axis = plt.subplots(figsize=(8, 3.8))
    bottom = np.zeros(len(chapters))
    for c, crossing in enumerate(flows.crossings):
        values = flows.chapter_value[c, chapters] / 1e6
        axis.bar(
            [f"{ch:02d}" for ch in chapters],
            values,
            bottom=bottom,
            label=crossing,
            color=COLOURS.get(crossing),
        )
        bottom += values
    axis.set_xlabel("HS chapter")
    axis.set_ylabel("declared value, USD million")
    axis.set_title("Flows by HS chapter")
    axis.legend()
    return _png(figure)


def allowance_chart(flows: Flows, use: AllowanceUse) -> bytes:
    """Share of baggage area holding goods not the traveller's own, 4-week mean."""
    figure, axis = plt.subplots(figsize=(10, 3.6))
    dates = _dates(flows)
    for c, crossing in enumerate(flows.crossings):
        series = use.by_crossing_week[c]
        kernel = np.ones(4) / 4
        smooth = np.convolve(np.nan_to_num(series), kernel, mode="same")
        axis.plot(dates, 100 * smooth, label=crossing, color=COLOURS.get(crossing))
    axis.set_ylabel("% of luggage area")
    basis = "ground truth" if use.from_truth else "commercial-looking pieces"
    axis.set_title(f"Allowance used by goods not the traveller's own ({basis})")
    axis.legend(loc="upper left")
    axis.grid(alpha=0.3)
    return _png(figure)


def concentration_chart(concentration: Concentration) -> bytes:
    """Share of foreign-goods pieces per managing company, against its share of workers."""
    names = [name for name, _, _ in concentration.shares][:10]
    figure, axis = plt.subplots(figsize=(8, 3.8))
    y = np.arange(len(names))
    axis.barh(
        y - 0.2,
        [100 * s for _, s, _ in concentration.shares[:10]],
        height=0.4,
        label="pieces not the worker's own",
        color="#c00000",
    )
    axis.barh(
        y + 0.2,
        [100 * concentration.worker_shares.get(n, 0.0) for n in names],
        height=0.4,
        label="returning workers",
        color="#7f7f7f",
    )
    axis.set_yticks(y, names, fontsize=8)
    axis.invert_yaxis()
    axis.set_xlabel("%")
    axis.set_title(
        f"Managing companies (HHI {concentration.hhi:,.0f}; top 3 {100 * concentration.top3:.0f}%)"
    )
    axis.legend(fontsize=8)
    return _png(figure)
