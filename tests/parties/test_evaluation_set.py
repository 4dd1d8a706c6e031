"""The committed evaluation set: its shape, and the matcher's quality on it (a regression guard)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from borderwatch.parties.matcher import PartyMatcher
from borderwatch.parties.un_xml import parse_un_xml

QUERIES = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "party-queries.jsonl"
POSITIVE = {"romanization", "hangul", "typo", "alias", "organisation"}
NEGATIVE = {"namesake", "common_korean", "common_chinese", "trading_company"}


def _queries() -> list[dict[str, str]]:
    return [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines()]


def test_set_has_every_category_and_enough_queries() -> None:
    queries = _queries()
    counts = Counter(q["category"] for q in queries)
    assert len(queries) >= 500
    assert set(counts) == POSITIVE | NEGATIVE
    assert all(counts[c] >= 50 for c in counts)
    assert all(bool(q["expected"]) == (q["category"] in POSITIVE) for q in queries)
    assert len({q["id"] for q in queries}) == len(queries)


def test_matcher_quality_on_every_fifth_query(shared_data: Path) -> None:
    path = shared_data / "un-sanctions" / "consolidated.xml"
    matcher = PartyMatcher([parse_un_xml(path.read_bytes(), source=str(path))], threshold=0.80)
    refs = {e.entry.ref for e in matcher.entries}
    sample = _queries()[::5]
    found, false_alerts, positives = 0, 0, 0
    for query in sample:
        matches = matcher.match_fields(
            query["name"], schema=query["schema"], birth_date=query.get("birth_date")
        )
        if query["expected"]:
            assert query["expected"] in refs
            positives += 1
            found += query["expected"] in [m.ref for m in matches]
        else:
            false_alerts += bool(matches)
    assert found / positives >= 0.98, (found, positives)
    assert false_alerts == 0
