"""What screening tells targeting about a declaration: how strict its verdict, how close a
party came to a listed name, and how unsure the classifier was of a line declared in words.

A bag whose traveller nearly matches a listed person, or whose goods were written so
that the classifier could not place them, deserves a look the goods alone do not say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict
from borderwatch.targeting.baggage_features import BaggageFeatures, baggage_features
from borderwatch.targeting.baggage_history import CompanyHistory
from borderwatch.targeting.crossing_history import CrossingHistory
from borderwatch.targeting.profiles import Screened

__all__ = ["ScreeningSignals", "described"]


def _party_score(result: DeclarationVerdict) -> float:
    return max((m.score for p in result.parties for m in p.matches), default=0.0)


def _doubt(result: DeclarationVerdict) -> float:
    """1 − the best candidate's score, for the least certain line the classifier coded."""
    doubts = [
        1.0 - max(c.score for c in item.classification)
        for item in result.items
        if item.classification and item.declared_hs is None
    ]
    return max(doubts, default=0.0)


@dataclass(frozen=True)
class ScreeningSignals:
    """Per declaration, in order: the features screening gives, and what profiles need."""

    verdict_rank: tuple[float, ...]
    party_score: tuple[float, ...]
    classification_doubt: tuple[float, ...]
    screened: tuple[Screened, ...]

    def take(self, rows: Sequence[int]) -> ScreeningSignals:
        """The signals of ``rows`` only, in that order."""
        return ScreeningSignals(
            tuple(self.verdict_rank[r] for r in rows),
            tuple(self.party_score[r] for r in rows),
            tuple(self.classification_doubt[r] for r in rows),
            tuple(self.screened[r] for r in rows),
        )

    @classmethod
    def of(cls, results: Sequence[DeclarationVerdict]) -> ScreeningSignals:
        return cls(
            tuple(float(r.verdict.rank) for r in results),
            tuple(_party_score(r) for r in results),
            tuple(_doubt(r) for r in results),
            tuple(Screened.of(r) for r in results),
        )


def described(
    declarations: Sequence[Declaration],
    history: CompanyHistory | None = None,
    signals: ScreeningSignals | None = None,
    crossings: CrossingHistory | None = None,
) -> BaggageFeatures:
    """The bags' features, with screening's columns when ``signals`` are given."""
    if signals is None:
        return baggage_features(declarations, history, crossings=crossings)
    return baggage_features(
        declarations,
        history,
        crossings=crossings,
        verdict_rank=signals.verdict_rank,
        party_score=signals.party_score,
        classification_doubt=signals.classification_doubt,
    )
