"""Golden name cases: near misses stay below the alert threshold, slips reach it, both explained.

The table is tests/data/parties/name-golden-cases.yaml. Each query is screened
through the blocking index against a list made of every listed name in the
table, so a typo must also be found by the index, not only scored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from borderwatch.parties.entries import ListEntry, ListSnapshot
from borderwatch.parties.matcher import PartyMatcher, score_entry
from borderwatch.parties.prepared import prepare_entry, prepare_query
from borderwatch.settings import Settings

TABLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "name-golden-cases.yaml"
FIELDS = ("query", "listed", "schema", "reason", "why")


def _rows(kind: str) -> list[dict[str, str]]:
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = data[kind]
    for number, row in enumerate(rows, start=1):
        for field in FIELDS:
            if not isinstance(row.get(field), str) or not row[field]:
                raise ValueError(
                    f"{TABLE.name}: {kind} row {number}: field {field!r} is {row.get(field)!r}; "
                    f"every row needs text in {', '.join(FIELDS)}."
                )
    return rows


NEAR_MISSES = _rows("near_misses")
TYPOS = _rows("typos")


def _ref(listed: str) -> str:
    return f"GOLD-{listed}"


@pytest.fixture(scope="module")
def matcher() -> PartyMatcher:
    listed = {(row["listed"], row["schema"]) for row in (*NEAR_MISSES, *TYPOS)}
    entries = tuple(ListEntry(ref=_ref(n), schema=s, name=n) for n, s in sorted(listed))
    snapshot = ListSnapshot("golden", "test", None, "0" * 64, entries)
    return PartyMatcher([snapshot], threshold=Settings().party_threshold)


def _name_reason(row: dict[str, str]) -> str:
    entry = ListEntry(ref=_ref(row["listed"]), schema=row["schema"], name=row["listed"])
    match = score_entry(prepare_entry(entry, ""), prepare_query(row["query"], schema=row["schema"]))
    assert match is not None
    return match.explanation[0]


@pytest.mark.parametrize("row", NEAR_MISSES, ids=lambda r: r["query"])
def test_near_miss_does_not_alert(matcher: PartyMatcher, row: dict[str, str]) -> None:
    found = matcher.match_fields(row["query"], schema=row["schema"])
    assert _ref(row["listed"]) not in [m.ref for m in found], row["why"]
    assert row["reason"] in _name_reason(row)


@pytest.mark.parametrize("row", TYPOS, ids=lambda r: r["query"])
def test_slip_of_the_pen_alerts(matcher: PartyMatcher, row: dict[str, str]) -> None:
    found = {m.ref: m for m in matcher.match_fields(row["query"], schema=row["schema"])}
    assert _ref(row["listed"]) in found, row["why"]
    assert row["reason"] in found[_ref(row["listed"])].explanation[0]


def test_a_kind_that_is_no_generic_group_is_named_in_the_error() -> None:
    from borderwatch.errors import ReferenceDataError
    from borderwatch.parties.organisation_names import _kinds

    with pytest.raises(ReferenceDataError, match=r"'kinds' names \['bnak'\]"):
        _kinds({"kinds": ["bank", "bnak"], "generic": {"bank": ["bank"]}})
