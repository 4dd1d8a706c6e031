"""Loading a list again from its URL: only when it changed, and saying what changed.

:func:`fetch_for_loading` reads a path, or downloads a URL asking the server
"changed since?" with the validators kept from the copy loaded before; a
``304 Not Modified`` ends there with no snapshot. :func:`load_fetched`
loads what came (see :func:`~borderwatch.store.list_loading.load_snapshot`,
which records the entries added, removed and amended) and only then keeps
the new validators, so a refused file is asked for in full next time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from borderwatch.parties.entries import ListSnapshot
from borderwatch.parties.sources import (
    Download,
    Progress,
    download_list,
    fetch_list,
    is_url,
    parse_list,
)
from borderwatch.store.list_history import ListValidators, remember_download, validators_for
from borderwatch.store.list_loading import LoadOutcome, load_snapshot

__all__ = ["Fetched", "fetch_for_loading", "load_fetched"]


@dataclass(frozen=True)
class Fetched:
    """A list read for loading; ``snapshot`` None when the server said it had not changed.

    ``held`` are the validators of the copy loaded before (None for a path or a new URL)."""

    location: str
    snapshot: ListSnapshot | None
    download: Download | None
    held: ListValidators | None

    @property
    def unchanged_since(self) -> str:
        """When the copy held was last modified (the server's date) or fetched."""
        if self.held is None:
            return "the last load"
        return self.held.last_modified or f"{self.held.fetched_at:%Y-%m-%d %H:%M} UTC"


def fetch_for_loading(
    engine: Engine,
    location: str,
    *,
    fmt: str | None = None,
    timeout: float | None = None,
    refetch: bool = False,
    progress: Progress | None = None,
) -> Fetched:
    """Read the list at ``location``; a URL is asked for only if changed unless ``refetch``."""
    if not is_url(location):
        raw = fetch_list(location, timeout=timeout)
        return Fetched(location, parse_list(raw, source=location, fmt=fmt), None, None)
    held = None if refetch else validators_for(engine, location)
    download = download_list(
        location,
        timeout=timeout,
        etag=held.etag if held else None,
        last_modified=held.last_modified if held else None,
        progress=progress,
    )
    if download.raw is None:
        return Fetched(location, None, download, held)
    snapshot = parse_list(download.raw, source=location, fmt=fmt)
    return Fetched(location, snapshot, download, held)


def load_fetched(
    engine: Engine,
    fetched: Fetched,
    *,
    max_shrink: float | None = None,
    force: bool = False,
    note: str | None = None,
    actor: str,
) -> LoadOutcome:
    """Load a fetched list and, once it is loaded, keep its URL's validators."""
    if fetched.snapshot is None:
        raise ValueError("nothing to load: the server said the list had not changed")
    outcome = load_snapshot(
        engine, fetched.snapshot, max_shrink=max_shrink, force=force, note=note, actor=actor
    )
    download = fetched.download
    if download is not None and (download.etag or download.last_modified):
        remember_download(
            engine,
            fetched.location,
            etag=download.etag,
            last_modified=download.last_modified,
            content_hash=fetched.snapshot.content_hash,
        )
    return outcome
