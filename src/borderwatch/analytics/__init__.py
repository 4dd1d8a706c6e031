"""Analytics over many declarations: flows, seizures, displacement, baggage use.

``analyse`` screens a folder of declarations (JSON lines, with a truth file
when the folder comes from ``borderwatch simulate``) and computes the
figures; ``write_report`` writes the self-contained HTML report, the charts,
``summary.json`` and CSV tables. The change-point detector is
``poisson_cusum``; its quality is measured by ``benchmarks/displacement.py``.
"""

from borderwatch.analytics.changepoint import naive_alarms, poisson_cusum, rate_ratio
from borderwatch.analytics.report import Report, analyse, write_report

__all__ = ["Report", "analyse", "naive_alarms", "poisson_cusum", "rate_ratio", "write_report"]
