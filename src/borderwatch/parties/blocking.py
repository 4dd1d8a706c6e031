"""The blocking index: which list entries a query is worth comparing with.

Every name form gives a few keys: the given name's sound key under the
surname's class, the same with any one letter deleted (so a one-letter typo
on either side still meets), and the given name alone (so a misspelt
surname still meets). A query is compared only with the entries that share
a key, instead of with the whole list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from borderwatch.parties.forms import OrganisationForm, PersonForm

__all__ = ["BlockingIndex", "organisation_keys", "person_keys"]

_MIN_DELETE = 4  # shorter keys would put too many names in one block
_MAX_DELETE = 24


def _deletions(key: str) -> Iterator[str]:
    if _MIN_DELETE <= len(key) <= _MAX_DELETE:
        for i in range(len(key)):
            yield key[:i] + key[i + 1 :]


def person_keys(form: PersonForm) -> set[str]:
    """Blocking keys of a personal name."""
    keys = set()
    for split in form.splits:
        if not split.given:
            continue
        surname = str(split.surname_class) if split.surname_class is not None else split.surname
        keys.add(f"p:{surname}|{split.given}")
        keys.add(f"p:*|{split.given}")
        keys.update(f"p:{surname}|{d}" for d in _deletions(split.given))
    return keys


def organisation_keys(form: OrganisationForm) -> set[str]:
    """Blocking keys of an organisation name."""
    joined = form.joined
    if not joined:
        return {"o:generic:" + "+".join(sorted(form.generic))}
    keys = {f"o:{joined}", *(f"o:{d}" for d in _deletions(joined))}
    keys.update(f"o:{token}" for token in form.distinctive if len(token) >= _MIN_DELETE)
    return keys


class BlockingIndex:
    """Keys -> ids of the entries (positions) that carry them."""

    def __init__(self) -> None:
        self._postings: dict[str, list[int]] = defaultdict(list)

    def add(self, position: int, keys: Iterable[str]) -> None:
        """File ``position`` under each of ``keys``."""
        for key in keys:
            bucket = self._postings[key]
            if not bucket or bucket[-1] != position:
                bucket.append(position)

    def candidates(self, keys: Iterable[str]) -> set[int]:
        """Positions sharing at least one key with the query."""
        found: set[int] = set()
        postings = self._postings
        for key in keys:
            bucket = postings.get(key)
            if bucket:
                found.update(bucket)
        return found

    def __len__(self) -> int:
        return len(self._postings)
