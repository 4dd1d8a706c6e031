"""Classifications confirmed or corrected by officers, as evidence for the next description.

The examples live in the store (see :mod:`borderwatch.store.classification_decisions`); this
module holds them in memory and answers "which confirmed descriptions are
the same as, or like, this one". The same normalised description counts
fully; a similar one counts by its similarity (rapidfuzz token-set ratio on
the normalised text, from :data:`SIMILAR_CUTOFF`).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from borderwatch.goods.limits import bounded
from borderwatch.goods.text import NormalisedText, normalise

__all__ = ["SIMILAR_CUTOFF", "LearnedExamples", "LearnedHit"]

#: how alike (0-100) a confirmed description must be to count as evidence
SIMILAR_CUTOFF = 80.0


@dataclass(frozen=True, slots=True)
class LearnedHit:
    """A subheading officers gave to this or a similar description."""

    hs: str
    similarity: float  # 1.0 for the same normalised description
    example: str
    votes: int
    share: float  # share of the votes for that description that went to ``hs``


def _key(text: NormalisedText) -> str:
    """The matching key: words and CJK runs, in order, without quantities."""
    return " ".join((*text.words, *text.cjk_runs))


class LearnedExamples:
    """An in-memory index of (description, HS6) pairs that officers settled."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._votes: dict[str, Counter[str]] = defaultdict(Counter)
        self._example: dict[str, str] = {}
        self._keys: list[str] = []
        self._digest: str | None = None
        for description, hs in pairs:
            self.add(description, hs)

    def __len__(self) -> int:
        return sum(sum(c.values()) for c in self._votes.values())

    def add(self, description: str, hs: str) -> None:
        """Count one more officer decision that ``description`` is ``hs``."""
        description = bounded(description)  # read as the classifier reads it
        key = _key(normalise(description))
        if not key:
            return
        if key not in self._votes:
            self._keys.append(key)
            self._example[key] = description.strip()
        self._votes[key][hs] += 1
        self._digest = None

    def digest(self) -> str:
        """SHA-256 (hex) of the decisions held: each normalised description with its
        codes and votes, in sorted order (the order they were added in does not count)."""
        if self._digest is None:
            digest = hashlib.sha256()
            for key in sorted(self._votes):
                for hs, votes in sorted(self._votes[key].items()):
                    digest.update(f"{key}\0{hs}\0{votes}\n".encode())
            self._digest = digest.hexdigest()
        return self._digest

    def _hits_for(self, key: str, similarity: float) -> list[LearnedHit]:
        votes = self._votes[key]
        total = sum(votes.values())
        return [
            LearnedHit(hs, similarity, self._example[key], n, n / total)
            for hs, n in votes.most_common(3)
        ]

    def lookup(self, text: NormalisedText, *, limit: int = 5) -> list[LearnedHit]:
        """Hits for the same description first, then for similar ones."""
        key = _key(text)
        if not key or not self._keys:
            return []
        if key in self._votes:
            return self._hits_for(key, 1.0)
        found = process.extract(
            key, self._keys, scorer=fuzz.token_set_ratio, limit=limit, score_cutoff=SIMILAR_CUTOFF
        )
        hits: list[LearnedHit] = []
        for other, score, _ in found:
            # a longer confirmed description says more than the query does: discount it
            length_ratio = min(len(key), len(other)) / max(len(key), len(other))
            similarity = (score / 100) * (0.6 + 0.4 * length_ratio) * 0.9
            hits.extend(self._hits_for(other, similarity))
        return hits
