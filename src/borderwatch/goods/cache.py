"""A folder of built objects kept between processes, each under the digest of its inputs.

Building the classifier's index takes seconds; loading it takes tens of
milliseconds. :func:`load_or_build` returns the object stored under a name
when the file holds exactly that key, and otherwise builds it and stores it.

Safety of the files:

- each file holds ``(FILE_MAGIC, key, object)``; a file whose key differs (other
  inputs) is never used, and the key is part of the file name, so different
  inputs never share a file;
- a file is written to a temporary file in the same folder, flushed to disk and
  moved into place with :func:`os.replace`, which is atomic: a reader sees the
  old file or the new one, never a part; processes building at the same time
  each write their own temporary file and the last move wins;
- a file that cannot be read back (cut short, corrupt, from another version of
  Python or of this code) is rebuilt and replaced;
- pickle runs code from the file it loads, so only files this user owns, in a
  folder created private (0700), are loaded;
- a folder that cannot be written (read-only home) only costs the rebuild;
- building for new inputs removes the files of the same family built for older
  ones (``family-<key>.pickle``), so editing the lexicon does not fill the disk.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from borderwatch.settings import get_settings

__all__ = ["FILE_MAGIC", "cache_dir", "load_cached", "load_or_build", "store"]

log = logging.getLogger(__name__)

#: the environment variable naming the cache folder
#: the first item of every cache file (bump it when the file layout changes)
FILE_MAGIC = "borderwatch-cache-1"

T = TypeVar("T")


def cache_dir() -> Path:
    """The cache folder of the settings (``BORDERWATCH_CACHE_DIR``)."""
    return get_settings().cache_dir


def _path(folder: Path, name: str) -> Path:
    return folder / f"{name}.pickle"


def load_cached(folder: Path, name: str, key: str, kind: type[T]) -> T | None:
    """The ``kind`` object stored under ``name`` for ``key``, or None (absent, other key,
    unreadable, or not this user's file)."""
    path = _path(folder, name)
    try:
        with path.open("rb") as stream:
            if hasattr(os, "getuid") and os.fstat(stream.fileno()).st_uid != os.getuid():
                log.warning("not loading %s: owned by another user", path)
                return None
            stored = pickle.load(stream)  # a file this user's processes wrote
    except FileNotFoundError:
        return None
    except Exception as exc:  # any damage to a cache file means: rebuild it
        log.warning("cache file %s is unreadable (%s); rebuilding it", path, exc)
        return None
    if (
        not isinstance(stored, tuple)
        or len(stored) != 3
        or stored[0] != FILE_MAGIC
        or stored[1] != key
        or not isinstance(stored[2], kind)
    ):
        log.warning("cache file %s holds something else; rebuilding it", path)
        return None
    return stored[2]


def store(folder: Path, name: str, key: str, value: object) -> Path | None:
    """Write ``value`` under ``name`` for ``key``, atomically; None when the folder is not
    writable (the caller goes on with the object it built)."""
    temporary: str | None = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((FILE_MAGIC, key, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
            stream.flush()
            os.fsync(stream.fileno())
        path = _path(folder, name)
        os.replace(temporary, path)
        return path
    except OSError as exc:
        log.warning("could not write the cache in %s (%s); going on without it", folder, exc)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return None


def _prune(folder: Path, family: str, keep: str) -> None:
    """Remove the other ``<family>-*.pickle`` files (built for other inputs)."""
    for path in folder.glob(f"{family}-*.pickle"):
        if path.name != f"{keep}.pickle":
            path.unlink(missing_ok=True)


def load_or_build(
    folder: Path, name: str, key: str, build: Callable[[], T], kind: type[T]
) -> tuple[T, bool]:
    """The object stored under ``name`` for ``key``, or ``build()`` stored there;
    and whether it was loaded (True) or built (False).

    A ``name`` of the form ``<family>-<digest>`` replaces the family's older files.
    """
    found = load_cached(folder, name, key, kind)
    if found is not None:
        return found, True
    value = build()
    if store(folder, name, key, value) is not None and "-" in name:
        try:
            _prune(folder, name.split("-", 1)[0], name)
        except OSError as exc:
            log.warning("could not remove old cache files in %s (%s)", folder, exc)
    return value, False
