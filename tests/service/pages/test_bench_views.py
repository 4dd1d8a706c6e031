"""How the declaration page says where an item's HS code came from, and how long a
declaration has waited: golden cases."""

from __future__ import annotations

import datetime as dt

import pytest

from borderwatch.model.verdict import HSCandidate, ItemVerdict, Verdict
from borderwatch.service.pages.bench_views import hs_origin, waiting


def _verdict(**fields: object) -> ItemVerdict:
    return ItemVerdict.model_validate({"id": "1", "verdict": Verdict.CLEAR, "hs": None} | fields)


@pytest.mark.parametrize(
    ("declared", "verdict", "expected"),
    [
        ("847130", _verdict(hs="847130", hs_version=2022), ("hs_declared", {})),
        ("847130", _verdict(hs="847130"), ("hs_declared", {})),
        (
            "8471.30",
            _verdict(hs="847130", hs_version=2017, declared_hs="8471.30"),
            ("hs_converted", {"version": 2017, "declared": "8471.30"}),
        ),
        (
            None,
            _verdict(hs="851660", classification=[HSCandidate(hs="851660", score=0.87)]),
            ("hs_classified", {"score": "0.87"}),
        ),
        (None, _verdict(), ("hs_unclassified", {})),
        (None, None, ("hs_unclassified", {})),
    ],
)
def test_how_the_code_was_obtained(
    declared: str | None, verdict: ItemVerdict | None, expected: tuple[str, dict[str, object]]
) -> None:
    assert hs_origin(declared, verdict) == expected


NOW = dt.datetime(2019, 3, 20, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("ago", "expected"),
    [
        (dt.timedelta(seconds=30), ("minutes", {"n": 0})),
        (dt.timedelta(minutes=59), ("minutes", {"n": 59})),
        (dt.timedelta(hours=2, minutes=5), ("hours", {"h": 2, "m": 5})),
        (dt.timedelta(days=3, hours=4), ("days", {"d": 3, "h": 4})),
        (-dt.timedelta(minutes=5), ("minutes", {"n": 0})),  # a clock a little ahead
    ],
)
def test_waiting_time(ago: dt.timedelta, expected: tuple[str, dict[str, int]]) -> None:
    assert waiting(NOW - ago, NOW) == expected
