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

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from borderwatch.parties.forms import OrganisationForm, PersonForm
from borderwatch.parties.normalize import loose_key

__all__ = ["BlockingIndex", "organisation_keys", "person_keys", "select_candidates"]

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


def select_candidates(buckets: Iterable[Sequence[int]], max_bucket: int) -> set[int]:
    """The positions in the query's buckets, leaving out crowded ones.

    A key shared by more than ``max_bucket`` entries ("dandong", a common
    given name under no surname) says too little to be worth comparing
    with all of them: such keys count only together, for the entries that
    share all of them, when the query has no better key.
    """
    found: set[int] = set()
    crowded: list[Sequence[int]] = []
    for bucket in buckets:
        if not bucket:
            continue
        if len(bucket) > max_bucket:
            crowded.append(bucket)
        else:
            found.update(bucket)
    if not found and len(crowded) > 1:
        crowded.sort(key=len)
        shared = set(crowded[0]).intersection(*crowded[1:])
        if len(shared) <= max_bucket:
            found = shared
    return found


class BlockingIndex:
    """Keys -> ids of the entries (positions) that carry them."""

    def __init__(self, *, max_bucket: int = 300) -> None:
        self._postings: dict[str, list[int]] = defaultdict(list)
        self.max_bucket = max_bucket

    def add(self, position: int, keys: Iterable[str]) -> None:
        """File ``position`` under each of ``keys``."""
        for key in keys:
            bucket = self._postings[key]
            if not bucket or bucket[-1] != position:
                bucket.append(position)

    def candidates(self, keys: Iterable[str], *, max_bucket: int | None = None) -> set[int]:
        """Positions sharing at least one key with the query (see :func:`select_candidates`)."""
        postings = self._postings
        found = (postings[key] for key in keys if key in postings)
        return select_candidates(found, max_bucket or self.max_bucket)

    def postings(self) -> Iterator[tuple[str, list[int]]]:
        """Every key with the positions filed under it."""
        yield from self._postings.items()

    def __len__(self) -> int:
        return len(self._postings)
