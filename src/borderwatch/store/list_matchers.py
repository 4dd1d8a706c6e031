"""Building a matcher from list files or from the snapshots in the store.

Both come from the party index cache
(:func:`borderwatch.parties.index_cache.cached_matcher`): from the store a call
reads only the snapshot table, and the entry rows only when the index of
those snapshots is not cached yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from borderwatch.parties.entries import ListSnapshot, content_hash
from borderwatch.parties.index_cache import cached_matcher
from borderwatch.parties.matcher import PartyMatcher
from borderwatch.parties.sources import fetch_list, parse_list
from borderwatch.store.list_snapshots import latest_snapshots, stored_snapshots

__all__ = ["latest_snapshot_hashes", "matcher_from_files", "matcher_from_store"]


def matcher_from_files(
    locations: Sequence[str], *, threshold: float, limit: int = 5
) -> PartyMatcher:
    """A matcher over the lists at ``locations`` (paths or URLs), nothing stored.

    The files are read every time; they are parsed and indexed only when the
    index of their contents is not cached yet.
    """
    raws = [(location, fetch_list(location)) for location in locations]

    def load() -> list[ListSnapshot]:
        return [parse_list(raw, source=location) for location, raw in raws]

    hashes = [content_hash(raw) for _location, raw in raws]
    return cached_matcher(hashes, load, threshold=threshold, limit=limit)


def latest_snapshot_hashes(engine: Engine) -> list[str]:
    """Content hashes of the snapshots :func:`latest_snapshots` returns, in its order.

    Reads the snapshot table only, never the entries.
    """
    latest = {row.source: row.content_hash for row in stored_snapshots(engine)}
    return list(latest.values())


def matcher_from_store(engine: Engine, *, threshold: float, limit: int = 5) -> PartyMatcher | None:
    """A matcher over the latest stored snapshot of each list; None when none is stored."""
    hashes = latest_snapshot_hashes(engine)
    if not hashes:
        return None
    return cached_matcher(
        hashes, lambda: latest_snapshots(engine), threshold=threshold, limit=limit
    )
