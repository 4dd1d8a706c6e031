"""Lists and queries prepared once for matching: name forms, blocking keys, name sketches.

A list entry is prepared when the matcher (or its on-disk index) is built; a
query when it arrives. The sketch is a handful of strings a cheap first test
compares (:func:`sketches_meet`) before the full score runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from borderwatch.parties.blocking import organisation_keys, person_keys
from borderwatch.parties.entries import ListEntry
from borderwatch.parties.features import NAME_BASE, NAME_SLOPE
from borderwatch.parties.forms import (
    OrganisationForm,
    PersonForm,
    organisation_form,
    person_form,
    readings,
)

__all__ = [
    "NamesakeForms",
    "PreparedEntry",
    "PreparedQuery",
    "entry_keys",
    "name_sketch",
    "prepare_entry",
    "prepare_query",
    "sketch_slack",
    "sketches_meet",
]


@dataclass(frozen=True, slots=True)
class PreparedEntry:
    """A list entry with its name forms computed once."""

    entry: ListEntry
    snapshot: str
    persons: tuple[PersonForm, ...]
    organisations: tuple[OrganisationForm, ...]
    sketch: tuple[str, ...] = ()


def name_sketch(
    persons: Iterable[PersonForm], organisations: Iterable[OrganisationForm]
) -> tuple[str, ...]:
    """The strings a cheap first test compares: given names, word sets, company keys."""
    found: list[str] = []
    for form in persons:
        found.extend(split.loose for split in form.splits)
        found.append(form.sorted_tokens)
    for oform in organisations:
        for reading in (oform, *oform.alternates):  # Han names read in Korean too
            found.extend((reading.joined, reading.sorted_keys))
    return tuple(dict.fromkeys(s for s in found if s))


def sketch_slack(floor: float) -> float:
    """Edits per letter a name may differ by and still earn ``floor`` name points.

    Taken from the most lenient name score (organisations, whose generic words
    add 15%), so the sketch test never drops what the full score would keep.
    """
    similarity = 1.0 - (NAME_BASE - floor) / NAME_SLOPE
    return max(0.0, 1.0 - (similarity - 0.15) / 0.85)


def sketches_meet(query: tuple[str, ...], entry: tuple[str, ...], slack: float = 0.25) -> bool:
    """True when some pair of strings is within ``slack`` edits per letter (at least one).

    Lengths get three letters for a surname the sketch leaves out. A bound
    loose enough that every pair the full score could accept passes it, and
    cheap enough to run on every candidate before the full score. Names with
    nothing distinctive (only generic company words) always pass.
    """
    if not query or not entry:
        return True
    for a in query:
        for b in entry:
            allowed = max(1, int(slack * (max(len(a), len(b)) + 3)))
            if OSA.distance(a, b, score_cutoff=allowed) <= allowed:
                return True
    return False


def _names(entry: ListEntry) -> list[str]:
    """Names to match on: weak aliases ("Mr Kim") are kept in the entry but not matched."""
    weak = {a.name for a in entry.aliases if a.quality == "weak"}
    return [r for name in entry.all_names() if name not in weak for r in readings(name)]


def prepare_entry(entry: ListEntry, snapshot: str = "") -> PreparedEntry:
    """Compute the name forms of ``entry`` for its kind (person or otherwise)."""
    names = _names(entry)
    if entry.schema == "Person":
        persons = tuple(person_form(n) for n in names)
        return PreparedEntry(entry, snapshot, persons, (), name_sketch(persons, ()))
    organisations = tuple(organisation_form(n) for n in names)
    return PreparedEntry(entry, snapshot, (), organisations, name_sketch((), organisations))


def entry_keys(prepared: PreparedEntry) -> set[str]:
    """The blocking keys of every name form of an entry."""
    keys: set[str] = set()
    for form in prepared.persons:
        keys |= person_keys(form)
    for oform in prepared.organisations:
        keys |= organisation_keys(oform)
    return keys


class NamesakeForms:
    """Entries prepared so that namesakes share one copy of their name forms and sketch.

    A large list repeats names (Kim Chol, Wang Wei): an entry whose names and
    kind were prepared before takes the same forms and sketch, which saves
    their memory and the time to compute them again. Forms are frozen, so
    sharing them changes nothing else. Hold one while a batch of entries is
    added, then let it go: it keeps every distinct set of names. (Blocking
    keys are not kept: tens of strings per name, they would cost more memory
    while the batch is added than sharing the forms saves.)
    """

    def __init__(self) -> None:
        self._known: dict[tuple[bool, tuple[str, ...]], PreparedEntry] = {}

    def prepare(self, entry: ListEntry, snapshot: str = "") -> PreparedEntry:
        """:func:`prepare_entry` of ``entry``, with a namesake's forms if there was one."""
        names = (entry.schema == "Person", tuple(_names(entry)))
        first = self._known.get(names)
        if first is None:
            self._known[names] = prepared = prepare_entry(entry, snapshot)
            return prepared
        return PreparedEntry(entry, snapshot, first.persons, first.organisations, first.sketch)


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """A party to match, with its name forms and blocking keys computed once."""

    name: str
    schema: str | None
    birth_date: str | None
    nationality: str | None
    id_number: str | None
    person: PersonForm | None
    organisation: OrganisationForm | None
    keys: frozenset[str]
    sketch: tuple[str, ...] = ()


def prepare_query(
    name: str,
    *,
    schema: str | None = None,
    birth_date: str | None = None,
    nationality: str | None = None,
    id_number: str | None = None,
) -> PreparedQuery:
    """Prepare a party given field by field; ``schema`` None means any kind."""
    person = person_form(name) if schema in (None, "Person") else None
    # "Daedong Credit Bank (DCB)": the bracketed abbreviation is matched as the list's alias
    organisation = organisation_form(readings(name)[0]) if schema != "Person" else None
    keys: set[str] = set()
    if person is not None:
        keys |= person_keys(person, query=True)
    if organisation is not None:
        keys |= organisation_keys(organisation)
    sketch = name_sketch(
        (person,) if person is not None else (), (organisation,) if organisation else ()
    )
    return PreparedQuery(
        name,
        schema,
        birth_date,
        nationality,
        id_number,
        person,
        organisation,
        frozenset(keys),
        sketch,
    )
