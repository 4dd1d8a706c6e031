"""What screening hands to targeting: the verdict's rank, the closest party match and the
classifier's doubt about lines declared in words (and none about declared codes)."""

from __future__ import annotations

from typing import Any

from borderwatch.engine.screener import Screener
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import PartyMatch, PartyResult, Verdict
from borderwatch.targeting.screening_signals import ScreeningSignals, described
from tests.targeting.bags import bag


def _bag(*items: dict[str, Any]) -> Declaration:
    return bag("B1", list(items))


def test_doubt_comes_from_lines_declared_in_words_only(goods_screener: Screener) -> None:
    coded = _bag({"id": "1", "description": "noodles", "hs": "190230"})
    worded = _bag({"id": "1", "description": "노트북 컴퓨터"}, {"id": "2", "hs": "190230"})
    results = [goods_screener.screen(coded), goods_screener.screen(worded)]
    signals = ScreeningSignals.of(results)
    assert signals.classification_doubt[0] == 0.0
    best = max(c.score for c in results[1].items[0].classification)
    assert signals.classification_doubt[1] == 1.0 - best and 0 < 1.0 - best < 1
    assert signals.verdict_rank == tuple(float(r.verdict.rank) for r in results)
    features = described([coded, worded], None, signals)
    assert features.column("classification_doubt").tolist() == list(signals.classification_doubt)
    assert "party_score" in features.names and "party_score" not in described([coded]).names


def test_the_closest_party_match_is_taken(goods_screener: Screener) -> None:
    result = goods_screener.screen(_bag({"id": "1", "hs": "190230"}))
    hits = (
        PartyMatch(ref="KPi.1", name="RI", score=0.7),
        PartyMatch(ref="KPi.2", name="RI", score=0.9),
    )
    matched = result.model_copy(
        update={
            "parties": (PartyResult(role="traveller", name="Ri", matches=hits),),
            "verdict": Verdict.REFER,
        }
    )
    signals = ScreeningSignals.of([result, matched])
    assert signals.party_score == (0.0, 0.9)
    assert [s.party_hit for s in signals.screened] == [False, True]
