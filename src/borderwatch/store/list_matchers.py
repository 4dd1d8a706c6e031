"""Party matchers over list snapshots, through the on-disk index cache.

Every matcher comes from :func:`borderwatch.parties.index_cache.cached_matcher`,
keyed by the content hashes of the snapshots it holds: from the store a call
reads only the snapshot and selection tables, and the entry rows only when
the index of those snapshots is not cached yet. Hashes are kept sorted, so
the same set of lists is one cache file and one recorded configuration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from borderwatch.parties.entries import ListSnapshot, content_hash
from borderwatch.parties.index_cache import cached_matcher
from borderwatch.parties.matcher import PartyMatcher
from borderwatch.parties.sources import fetch_list, parse_list
from borderwatch.store.list_selections import (
    current_snapshot_hashes,
    current_snapshots,
    snapshots_by_hash,
)
from borderwatch.store.list_snapshots import save_snapshot

__all__ = [
    "ListMatcher",
    "current_matcher",
    "matcher_from_files",
    "matcher_from_store",
    "recorded_matcher",
]


@dataclass(frozen=True)
class ListMatcher:
    """A matcher and the content hashes of the snapshots it matches against, sorted."""

    matcher: PartyMatcher
    hashes: tuple[str, ...]


def _in_hash_order(snapshots: Sequence[ListSnapshot]) -> list[ListSnapshot]:
    return sorted(snapshots, key=lambda s: s.content_hash)


def matcher_from_files(
    locations: Sequence[str],
    *,
    threshold: float,
    limit: int = 5,
    keep_in: Engine | None = None,
) -> ListMatcher:
    """A matcher over the lists at ``locations`` (paths or URLs).

    The files are read every time and parsed only when their index is not
    cached. With ``keep_in``, they are also stored there (not made current),
    so results that name them can be screened again later.
    """
    raws = [(location, fetch_list(location)) for location in locations]

    def load() -> list[ListSnapshot]:
        return _in_hash_order([parse_list(raw, source=location) for location, raw in raws])

    if keep_in is not None:
        for snapshot in load():
            save_snapshot(keep_in, snapshot)
    hashes = tuple(sorted(content_hash(raw) for _location, raw in raws))
    return ListMatcher(cached_matcher(hashes, load, threshold=threshold, limit=limit), hashes)


def current_matcher(engine: Engine, *, threshold: float, limit: int = 5) -> ListMatcher | None:
    """A matcher over the current snapshot of each list; None when none is current."""
    hashes = tuple(sorted(current_snapshot_hashes(engine)))
    if not hashes:
        return None

    def load() -> list[ListSnapshot]:
        return _in_hash_order(current_snapshots(engine))

    return ListMatcher(cached_matcher(hashes, load, threshold=threshold, limit=limit), hashes)


def recorded_matcher(
    engine: Engine, hashes: Sequence[str], *, threshold: float, limit: int = 5
) -> ListMatcher:
    """A matcher over exactly the snapshots ``hashes`` names, current or not.

    Raises :class:`~borderwatch.errors.NotFoundError` when one is neither
    cached nor in the store.
    """
    ordered = tuple(sorted(hashes))

    def load() -> list[ListSnapshot]:
        return _in_hash_order(snapshots_by_hash(engine, ordered))

    return ListMatcher(cached_matcher(ordered, load, threshold=threshold, limit=limit), ordered)


def matcher_from_store(engine: Engine, *, threshold: float, limit: int = 5) -> PartyMatcher | None:
    """The matcher of :func:`current_matcher`, without its hashes."""
    found = current_matcher(engine, threshold=threshold, limit=limit)
    return found.matcher if found else None
