"""The party index built once per set of list snapshots and kept on disk.

Building the matcher over a large list (290,000 entries) takes most of a
minute and a gigabyte; screening one declaration needs a few hundred of its
entries. :func:`cached_matcher` keeps the built index in a SQLite file in the
cache folder, named by a key over what decides its content:

- the content hashes of the snapshots, in order;
- the blocking cap (``max_bucket``);
- the code that prepares names and keys (a hash of this package's source and
  data files) and :data:`FORMAT`, the layout of the file.

Threshold and limit only filter and cut the results, so one file serves
every threshold. A warm call reads only the postings of the query's keys and
the entries they name; the caller's ``load`` (which reads every entry row
from the store) runs only on a miss. Files are written to a temporary name and
moved into place with :func:`os.replace`, so a reader sees a whole file or
none, and concurrent writers each leave a whole file; a file that does not
open as a complete index of the expected key is rebuilt. After a write, only
the :data:`KEEP` most recently used index files stay.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from borderwatch.parties.entries import ListSnapshot
from borderwatch.parties.matcher import PartyMatcher
from borderwatch.parties.stored_index import (
    SCHEMA,
    StoredEntries,
    StoredIndex,
    encode_entry,
    open_reader,
    postings_of,
)
from borderwatch.settings import get_settings

__all__ = [
    "FORMAT",
    "KEEP",
    "cache_dir",
    "cache_key",
    "cache_path",
    "cached_matcher",
    "prune",
    "write_index",
]

#: the layout of the cache file; raise it when the tables or the entry JSON change
FORMAT = 2
#: index files kept after a write, most recently used first (each list version makes one)
KEEP = 4
_BATCH = 20_000
_STALE_TEMPORARY_S = 3600  # a writer that died left this; live writers finish far sooner


def cache_dir() -> Path:
    """The cache folder of the settings (``BORDERWATCH_CACHE_DIR``)."""
    return get_settings().cache_dir


@cache
def _code_fingerprint() -> str:
    """A hash of the party package's source and data: prepared forms change with them."""
    digest = hashlib.sha256()
    package = resources.files("borderwatch.parties")
    files = [f for f in package.iterdir() if f.name.endswith(".py")]
    data = package.joinpath("data")
    if data.is_dir():
        files.extend(data.iterdir())
    for item in sorted(files, key=lambda f: f.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(hashes: Sequence[str], *, max_bucket: int = 300) -> str:
    """The name of the index for these snapshots (content hashes, in order) and this code."""
    parts = {
        "format": FORMAT,
        "code": _code_fingerprint(),
        "snapshots": list(hashes),
        "max_bucket": max_bucket,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def cache_path(key: str, directory: Path | None = None) -> Path:
    """Where the index of ``key`` is kept."""
    return (directory or cache_dir()) / f"party-index-{key}.sqlite"


def write_index(path: Path, matcher: PartyMatcher, key: str) -> None:
    """Write ``matcher``'s entries and index to ``path``, atomically (temporary file, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            for statement in SCHEMA:
                connection.execute(statement)
            index = matcher.blocking_index
            entries = matcher.entries
            for start in range(0, len(entries), _BATCH):
                connection.executemany(
                    "INSERT INTO entries (position, data) VALUES (?, ?)",
                    (
                        (start + i, encode_entry(e))
                        for i, e in enumerate(entries[start : start + _BATCH])
                    ),
                )
            connection.executemany(
                "INSERT INTO postings (key, positions) VALUES (?, ?)", postings_of(index)
            )
            meta = {
                "format": str(FORMAT),
                "key": key,
                "snapshots": json.dumps(list(matcher.snapshots)),
                "entries": str(len(entries)),
                "keys": str(len(index)),
                "max_bucket": str(index.max_bucket),
            }
            connection.executemany("INSERT INTO meta (name, value) VALUES (?, ?)", meta.items())
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Unusable(Exception):
    """The cache file is missing, incomplete, corrupt or for another key."""


def _open(path: Path, key: str, *, threshold: float, limit: int) -> PartyMatcher:
    if not path.is_file():
        raise _Unusable(f"{path} does not exist")
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
    )
    try:
        meta = dict(connection.execute("SELECT name, value FROM meta").fetchall())
        page_size, pages = (
            connection.execute(f"PRAGMA {pragma}").fetchone()[0]
            for pragma in ("page_size", "page_count")
        )
        if path.stat().st_size != page_size * pages:
            raise _Unusable(f"{path} is truncated")
        if meta.get("format") != str(FORMAT) or meta.get("key") != key:
            raise _Unusable(f"{path} holds another index")
        count = int(meta["entries"])
        (stored,) = connection.execute("SELECT count(*) FROM entries").fetchone()
        if stored != count:
            raise _Unusable(f"{path} has {stored} entries of {count}")
        reader = open_reader(connection)
        index = StoredIndex(reader, max_bucket=int(meta["max_bucket"]), keys=int(meta["keys"]))
        entries = StoredEntries(reader, count)
        snapshots = json.loads(meta["snapshots"])
    except (sqlite3.DatabaseError, KeyError, ValueError, TypeError) as exc:
        connection.close()
        raise _Unusable(f"{path}: {exc}") from exc
    except _Unusable:
        connection.close()
        raise
    return PartyMatcher.from_parts(snapshots, entries, index, threshold=threshold, limit=limit)


def cached_matcher(
    hashes: Sequence[str],
    load: Callable[[], Sequence[ListSnapshot]],
    *,
    threshold: float,
    limit: int = 5,
    max_bucket: int = 300,
    directory: Path | None = None,
) -> PartyMatcher:
    """The matcher over the snapshots with ``hashes``, from the cache or built and cached.

    ``load`` returns those snapshots with their entries; it is called only when
    no usable cache file exists. If the cache folder cannot be written, the
    built matcher is returned all the same (and built again next time).
    """
    key = cache_key(hashes, max_bucket=max_bucket)
    path = cache_path(key, directory)
    try:
        matcher = _open(path, key, threshold=threshold, limit=limit)
    except _Unusable:
        pass
    else:
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: kept longest by prune()
        return matcher
    snapshots = load()
    matcher = PartyMatcher(snapshots, threshold=threshold, limit=limit, max_bucket=max_bucket)
    loaded = [s.content_hash for s in snapshots]
    if loaded != list(hashes):  # the store changed between reading hashes and entries
        key = cache_key(loaded, max_bucket=max_bucket)
        path = cache_path(key, directory)
    # a read-only or full cache folder costs speed, not results
    with contextlib.suppress(OSError, sqlite3.Error):
        write_index(path, matcher, key)
        prune(path.parent, keep=KEEP)
    return matcher


def prune(directory: Path, *, keep: int = KEEP) -> None:
    """Delete all but the ``keep`` most recently used index files, and dead writers' leftovers."""
    now = time.time()
    for leftover in directory.glob(".party-index-*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > _STALE_TEMPORARY_S:
                leftover.unlink()
    files = []
    for item in directory.glob("party-index-*.sqlite"):
        with contextlib.suppress(OSError):
            files.append((item.stat().st_mtime, item))
    for _used, item in sorted(files, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            item.unlink()  # a process reading it keeps its open file
