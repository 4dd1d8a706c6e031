"""A built party index in a SQLite file, read on demand.

A query needs the entries that share a blocking key with it, a few hundred
at most, not all of them: :class:`StoredIndex` reads the postings of the
query's keys and :class:`StoredEntries` the prepared entries at those
positions, so opening an index of 290,000 entries reads almost nothing.
Entries are stored as JSON (never pickle: the cache folder is only as
trustworthy as its permissions, and JSON cannot run code).

Tables: ``meta(name, value)``, ``postings(key, positions)`` with positions as
little-endian uint32, ``entries(position, data)``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, overload

import numpy as np

from borderwatch.parties.blocking import BlockingIndex, Positions, select_candidates
from borderwatch.parties.entries import Alias, Document, ListEntry
from borderwatch.parties.forms import OrganisationForm, PersonForm, Split
from borderwatch.parties.prepared import PreparedEntry

__all__ = [
    "SCHEMA",
    "StoredEntries",
    "StoredIndex",
    "decode_entry",
    "encode_entry",
    "open_reader",
    "positions_blob",
    "postings_of",
]

SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE postings (key TEXT PRIMARY KEY, positions BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE entries (position INTEGER PRIMARY KEY, data TEXT NOT NULL)",
)


def encode_entry(prepared: PreparedEntry) -> str:
    """One prepared entry as compact JSON: the list entry and its name forms."""
    persons = [
        [p.text, [[s.surname_class, s.surname, s.given, s.surname_last, s.reading] for s in p.splits],
         p.sorted_tokens]
        for p in prepared.persons
    ]  # fmt: skip
    organisations = [_organisation_fields(o) for o in prepared.organisations]
    record = [_entry_fields(prepared.entry), prepared.snapshot, persons, organisations]
    record.append(list(prepared.sketch))
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _organisation_fields(o: OrganisationForm) -> list[Any]:
    """An organisation form as a list, its Korean readings (of Han names) nested."""
    alternates = [_organisation_fields(a) for a in o.alternates]
    return [
        o.text,
        list(o.distinctive),
        sorted(o.generic),
        o.joined,
        o.sorted_keys,
        o.reading,
        alternates,
    ]


def _organisation_from_fields(fields: list[Any]) -> OrganisationForm:
    text, distinctive, generic, joined, keys, reading, alternates = fields
    return OrganisationForm(
        text, tuple(distinctive), frozenset(generic), joined, keys, reading,
        tuple(_organisation_from_fields(a) for a in alternates),
    )  # fmt: skip


def _entry_fields(e: ListEntry) -> list[Any]:
    """The entry's fields in :class:`ListEntry` order (dataclasses.asdict is several times slower)."""
    return [
        e.ref, e.schema, e.name, [[a.name, a.quality] for a in e.aliases], list(e.birth_dates),
        list(e.birth_places), list(e.nationalities),
        [[d.number, d.type, d.country] for d in e.documents], e.list_type, e.listed_on,
        e.source_id, list(e.addresses), list(e.relations), list(e.datasets),
    ]  # fmt: skip


def _entry_from_fields(fields: list[Any]) -> ListEntry:
    ref, schema, name, aliases, births, places, nations, documents, kind, listed, source = fields[
        :11
    ]
    # files written before addresses, relations and datasets were kept end at the source id
    addresses, relations, datasets = [*fields[11:14], [], [], []][:3]
    return ListEntry(
        ref=ref,
        schema=schema,
        name=name,
        aliases=tuple(Alias(n, q) for n, q in aliases),
        birth_dates=tuple(births),
        birth_places=tuple(places),
        nationalities=tuple(nations),
        documents=tuple(Document(n, t, c) for n, t, c in documents),
        list_type=kind,
        listed_on=listed,
        source_id=source,
        addresses=tuple(addresses),
        relations=tuple(relations),
        datasets=tuple(datasets),
    )


def decode_entry(data: str) -> PreparedEntry:
    """The prepared entry :func:`encode_entry` wrote."""
    entry, snapshot, persons, organisations, sketch = json.loads(data)
    return PreparedEntry(
        entry=_entry_from_fields(entry),
        snapshot=snapshot,
        persons=tuple(
            PersonForm(text, tuple(Split(c, s, g, last, r) for c, s, g, last, r in splits), tokens)
            for text, splits, tokens in persons
        ),
        organisations=tuple(_organisation_from_fields(o) for o in organisations),
        sketch=tuple(sketch),
    )


def positions_blob(positions: Iterable[int]) -> bytes:
    """Entry positions as little-endian uint32, the way :class:`StoredIndex` reads them."""
    if not isinstance(positions, np.ndarray):
        positions = np.fromiter(positions, dtype=np.int64)
    return np.asarray(positions).astype("<u4").tobytes()


class _Reader:
    """One read-only connection, shared under a lock (a matcher may serve several threads)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.lock = threading.Lock()

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with self.lock:
            return self.connection.execute(sql, parameters).fetchall()


class StoredIndex:
    """The blocking index of a stored file: :meth:`BlockingIndex.candidates` over SQLite."""

    def __init__(self, reader: _Reader, *, max_bucket: int, keys: int) -> None:
        self._reader = reader
        self.max_bucket = max_bucket
        self._keys = keys

    def candidates(self, keys: Iterable[str], *, max_bucket: int | None = None) -> Positions:
        """Positions sharing at least one key with the query (see :class:`BlockingIndex`)."""
        wanted = sorted(set(keys))
        buckets: list[Positions] = []
        for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._reader.rows(
                f"SELECT positions FROM postings WHERE key IN ({marks})", chunk
            )
            buckets.extend(np.frombuffer(blob, dtype="<u4") for (blob,) in rows)
        return select_candidates(buckets, max_bucket or self.max_bucket)

    def __len__(self) -> int:
        return self._keys


class StoredEntries(Sequence[PreparedEntry]):
    """Prepared entries by position, read and decoded when asked for (recent ones kept)."""

    def __init__(self, reader: _Reader, count: int, *, keep: int = 65_536) -> None:
        self._reader = reader
        self._count = count
        self._get = lru_cache(maxsize=keep)(self._read)

    def _read(self, position: int) -> PreparedEntry:
        rows = self._reader.rows("SELECT data FROM entries WHERE position = ?", (position,))
        if not rows:
            raise IndexError(position)
        return decode_entry(rows[0][0])

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> PreparedEntry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[PreparedEntry]: ...
    def __getitem__(self, index: int | slice) -> PreparedEntry | Sequence[PreparedEntry]:
        if isinstance(index, slice):
            return [self._get(i) for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._get(index)

    def __iter__(self) -> Iterator[PreparedEntry]:
        for start in range(0, self._count, 10_000):
            rows = self._reader.rows(
                "SELECT data FROM entries WHERE position >= ? AND position < ? ORDER BY position",
                (start, start + 10_000),
            )
            yield from (decode_entry(data) for (data,) in rows)


def open_reader(connection: sqlite3.Connection) -> _Reader:
    """Wrap a read-only connection for :class:`StoredIndex` and :class:`StoredEntries`."""
    return _Reader(connection)


def postings_of(index: BlockingIndex) -> Iterator[tuple[str, bytes]]:
    """(key, packed positions) rows of an in-memory index, for writing."""
    postings = dict(index.postings())
    for key in sorted(postings):  # in key order: SQLite appends instead of splitting pages
        yield key, positions_blob(postings[key])
