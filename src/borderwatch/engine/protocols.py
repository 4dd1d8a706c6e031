"""What the screening engine asks of the goods classifier and the party matcher.

Both are pure: they hold their data in memory and do no I/O when called, so
the CLI, the API and a batch worker all pass the same objects in.
"""

from __future__ import annotations

from typing import Protocol

from borderwatch.model.declaration import Party
from borderwatch.model.verdict import HSCandidate, PartyMatch

__all__ = ["GoodsClassifier", "ItemContext", "PartyScreener"]


class ItemContext(Protocol):
    """What the classifier may use besides the description (all optional)."""

    channel: str | None
    lang: str | None


class GoodsClassifier(Protocol):
    """Free-text description -> ranked HS 2022 six-digit candidates, best first."""

    @property
    def version(self) -> str:
        """Names what classifies (data, code, learned examples), for the recorded configuration."""
        ...

    def classify(
        self, description: str, *, top_k: int = 5, lang: str | None = None
    ) -> list[HSCandidate]:
        """Scores are in [0, 1] and comparable across descriptions (calibrated)."""
        ...


class PartyScreener(Protocol):
    """A named party -> list entries it may be, best first, above the threshold."""

    def match(self, party: Party) -> list[PartyMatch]:
        """Every match carries its reference number and an explanation."""
        ...
