"""What changed between two snapshots of one list: entries added, removed and amended.

Entries are compared by reference number; an amended entry names the
fields that differ (``aliases``, ``documents``, ``listed_on`` ...), so an
officer can see at a glance that a listed person got a new passport.
Pure: the store records the result with the new snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from borderwatch.parties.entries import ListEntry

__all__ = ["CHANGE_KINDS", "EntryChange", "diff_entries", "summarise"]

CHANGE_KINDS = ("added", "removed", "amended")


@dataclass(frozen=True, slots=True)
class EntryChange:
    """One entry that is new, gone or different; ``fields`` are those that differ."""

    ref: str
    name: str
    kind: str
    fields: tuple[str, ...] = ()


def _by_ref(entries: Iterable[ListEntry]) -> dict[str, ListEntry]:
    return {entry.ref: entry for entry in entries}


def _differing(old: ListEntry, new: ListEntry) -> tuple[str, ...]:
    before, after = old.to_dict(), new.to_dict()
    return tuple(name for name in after if name != "ref" and before.get(name) != after[name])


def diff_entries(previous: Iterable[ListEntry], current: Iterable[ListEntry]) -> list[EntryChange]:
    """Changes from ``previous`` to ``current``: added, then removed, then amended, each by
    reference."""
    old, new = _by_ref(previous), _by_ref(current)
    added = [EntryChange(r, new[r].name, "added") for r in sorted(new.keys() - old.keys())]
    removed = [EntryChange(r, old[r].name, "removed") for r in sorted(old.keys() - new.keys())]
    amended = [
        EntryChange(ref, new[ref].name, "amended", fields)
        for ref in sorted(new.keys() & old.keys())
        if (fields := _differing(old[ref], new[ref]))
    ]
    return [*added, *removed, *amended]


def summarise(changes: Iterable[EntryChange]) -> str:
    """``"2 added, 1 removed, 3 amended (documents 2, aliases 1)"``, or ``"no change"``."""
    counts = dict.fromkeys(CHANGE_KINDS, 0)
    fields: dict[str, int] = {}
    for change in changes:
        counts[change.kind] += 1
        for name in change.fields:
            fields[name] = fields.get(name, 0) + 1
    if not any(counts.values()):
        return "no change"
    text = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    if fields:
        ranked = sorted(fields.items(), key=lambda item: (-item[1], item[0]))
        text += " (" + ", ".join(f"{name} {n}" for name, n in ranked) + ")"
    return text
