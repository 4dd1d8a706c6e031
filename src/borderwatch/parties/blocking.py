"""The blocking index: which list entries a query is worth comparing with.

Every name form gives a few keys: the given name's sound key (with o and u
merged) under the surname's class, the same with any one letter deleted (so a one-letter typo
on either side still meets), and the given name alone (so a misspelt
surname still meets). Each word of five letters or more is a key too, alone
and with one letter deleted, so a long name with slips in two of its words
still meets its entry. A query is compared only with the entries that share
a key, instead of with the whole list.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from borderwatch.parties.forms import OrganisationForm, PersonForm
from borderwatch.parties.normalize import loose_key

__all__ = ["BlockingIndex", "Positions", "organisation_keys", "person_keys", "select_candidates"]

#: entry positions in ascending order (int32 in a bucket, int64 once selected)
Positions = npt.NDArray[Any]

_MIN_DELETE = 3  # shorter keys would put too many names in one block
_MAX_DELETE = 24
_MIN_WORD = 5  # words this long also meet on their own: shorter ones are too common


def _deletions(key: str) -> Iterator[str]:
    if _MIN_DELETE <= len(key) <= _MAX_DELETE:
        for i in range(len(key)):
            yield key[:i] + key[i + 1 :]


def person_keys(form: PersonForm, *, query: bool = False) -> set[str]:
    """Blocking keys of a personal name.

    A query whose surname is a known one does not use the given-name-only
    key: it meets entries through its surname class, and the wide key is
    kept for queries whose surname is misspelt beyond recognition.
    """
    keys = {f"p:words:{form.sorted_tokens}"}  # names that do not split as surname + given
    for split in form.splits:
        if not split.given:
            continue
        known = split.surname_class is not None
        surname = str(split.surname_class) if known else split.surname
        keys.add(f"p:{surname}|{split.loose}")
        if not (query and known):
            keys.add(f"p:*|{split.loose}")
        keys.update(f"p:{surname}|{d}" for d in _deletions(split.loose))
        # a slip in the surname that lands on another surname (Choe -> Cho)
        keys.add(f"p:s:{split.surname}|{split.loose}")
        keys.update(f"p:s:{d}|{split.loose}" for d in _all_deletions(split.surname))
    # each long word alone, and with a letter deleted: slips in two words of a long
    # name ("Saddgm Hussein Al-Ikriti") leave another word to meet the entry by
    for word in form.sorted_tokens.split():
        if len(word) >= _MIN_WORD:
            loose = loose_key(word)
            keys.add(f"p:w:{loose}")
            keys.update(f"p:w:{d}" for d in _deletions(loose))
    return keys


def _all_deletions(key: str) -> Iterator[str]:
    if len(key) >= 2:
        for i in range(len(key)):
            yield key[:i] + key[i + 1 :]


def organisation_keys(form: OrganisationForm) -> set[str]:
    """Blocking keys of an organisation name, and of its other readings (Han read in Korean)."""
    keys = _organisation_keys(form)
    for alternate in form.alternates:
        keys |= _organisation_keys(alternate)
    return keys


def _organisation_keys(form: OrganisationForm) -> set[str]:
    joined = form.joined
    if not joined:
        return {"o:generic:" + "+".join(sorted(form.generic))}
    keys = {f"o:{joined}", *(f"o:{d}" for d in _deletions(joined))}
    for token in form.distinctive:
        if len(token) >= _MIN_DELETE:
            keys.add(f"o:{token}")
        if len(token) >= _MIN_WORD:  # a slip in every word ("Congoemt Trading Housue")
            keys.update(f"o:{d}" for d in _deletions(token))
    return keys


def select_candidates(buckets: Iterable[Positions], max_bucket: int) -> Positions:
    """The positions in the query's buckets, leaving out crowded ones, in ascending order.

    A key shared by more than ``max_bucket`` entries ("dandong", a common
    given name under no surname) says too little to be worth comparing
    with all of them: such keys count only together, for the entries that
    share all of them, when the query has no better key. Each bucket holds
    its positions in ascending order.
    """
    found: list[Positions] = []
    crowded: list[Positions] = []
    for bucket in buckets:
        if len(bucket):
            (crowded if len(bucket) > max_bucket else found).append(bucket)
    if found:
        # sorting and dropping repeats: half the time of np.unique on a few hundred
        merged = np.concatenate(found).astype(np.int64)
        merged.sort()
        return merged[np.concatenate(([True], merged[1:] != merged[:-1]))]
    if len(crowded) > 1:
        crowded.sort(key=len)
        shared = crowded[0]
        for other in crowded[1:]:
            at = np.minimum(np.searchsorted(other, shared), len(other) - 1)
            shared = shared[other[at] == shared]
        if len(shared) <= max_bucket:
            return shared.astype(np.int64)
    return np.zeros(0, dtype=np.int64)


class BlockingIndex:
    """Keys -> ids of the entries (positions) that carry them.

    Positions added are collected in lists and, by :meth:`pack` (or the first
    query after), packed into one array of every bucket's positions side by side: a
    tenth of the memory of a list per key, and buckets read as array views.
    """

    def __init__(self, *, max_bucket: int = 300) -> None:
        self._pending: dict[str, list[int]] = {}
        self._bucket: dict[str, int] = {}  # key -> bucket number
        self._start = np.zeros(1, dtype=np.int64)  # bucket b is _positions[_start[b]:_start[b+1]]
        self._positions = np.zeros(0, dtype=np.int32)
        self.max_bucket = max_bucket

    def add(self, position: int, keys: Iterable[str]) -> None:
        """File ``position`` under each of ``keys`` (positions in ascending order)."""
        pending = self._pending
        for key in keys:
            bucket = pending.get(key)
            if bucket is None:
                pending[key] = [position]
            elif bucket[-1] != position:
                bucket.append(position)

    def pack(self) -> None:
        """Move the positions added since the last call into the packed arrays.

        Keys new to the index are appended; when positions were added to keys
        already packed (entries added after a query), every bucket is rebuilt.
        """
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        if self._bucket and not pending.keys().isdisjoint(self._bucket):
            merged = {key: self._bucket_of(key).tolist() for key in self._bucket}
            for key, added in pending.items():
                merged.setdefault(key, []).extend(added)
            pending = merged
            self._bucket, self._start = {}, np.zeros(1, dtype=np.int64)
            self._positions = np.zeros(0, dtype=np.int32)
        sizes = np.fromiter(map(len, pending.values()), dtype=np.int64, count=len(pending))
        flat = np.fromiter(
            itertools.chain.from_iterable(pending.values()), dtype=np.int32, count=int(sizes.sum())
        )
        first = len(self._start) - 1
        self._start = np.concatenate([self._start, self._start[-1] + np.cumsum(sizes)])
        self._positions = np.concatenate([self._positions, flat])
        if self._bucket:
            self._bucket.update(zip(pending, range(first, first + len(pending)), strict=True))
        else:  # the first packing turns the pending dict itself into key -> bucket number
            numbers: dict[str, Any] = pending
            for number, key in enumerate(numbers):
                numbers[key] = number  # each list freed as its number takes its place
            self._bucket = numbers

    def _bucket_of(self, key: str) -> Positions:
        number = self._bucket[key]
        return self._positions[self._start[number] : self._start[number + 1]]

    def candidates(self, keys: Iterable[str], *, max_bucket: int | None = None) -> Positions:
        """Positions sharing at least one key with the query (see :func:`select_candidates`)."""
        self.pack()
        bucket, start, positions = self._bucket, self._start, self._positions
        numbers = [bucket[key] for key in keys if key in bucket]
        found = (positions[start[n] : start[n + 1]] for n in numbers)
        return select_candidates(found, max_bucket or self.max_bucket)

    def postings(self) -> Iterator[tuple[str, Positions]]:
        """Every key with the positions filed under it."""
        self.pack()
        for key in self._bucket:
            yield key, self._bucket_of(key)

    def __len__(self) -> int:
        self.pack()
        return len(self._bucket)
