"""Building a matcher from list files or from the snapshots in the store."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from borderwatch.parties.matcher import PartyMatcher
from borderwatch.parties.sources import read_list
from borderwatch.store.list_selections import current_snapshots

__all__ = ["matcher_from_files", "matcher_from_store"]


def matcher_from_files(
    locations: Sequence[str], *, threshold: float, limit: int = 5
) -> PartyMatcher:
    """A matcher over the lists at ``locations`` (paths or URLs), nothing stored."""
    return PartyMatcher([read_list(loc) for loc in locations], threshold=threshold, limit=limit)


def matcher_from_store(engine: Engine, *, threshold: float, limit: int = 5) -> PartyMatcher | None:
    """A matcher over the current snapshot of each list; None when none is current."""
    snapshots = current_snapshots(engine)
    if not snapshots:
        return None
    return PartyMatcher(snapshots, threshold=threshold, limit=limit)
