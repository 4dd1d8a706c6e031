"""The party matcher: a query against every loaded list, through the blocking index.

:class:`PartyMatcher` implements the engine's ``PartyScreener``: it holds
prepared list entries in memory and does no I/O when it matches. The score
is the sum of the features in :data:`FEATURES`; it stays below 1.0 so that
an exact name alone, a name with a matching birth date and a name with a
matching passport number remain distinguishable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from borderwatch.model.declaration import Party
from borderwatch.model.verdict import PartyMatch
from borderwatch.parties.blocking import BlockingIndex, organisation_keys, person_keys
from borderwatch.parties.entries import ListEntry, ListSnapshot
from borderwatch.parties.features import (
    Feature,
    birth_date_feature,
    document_feature,
    name_feature_score,
    nationality_feature,
    organisation_similarity,
    person_similarity,
    schema_feature,
)
from borderwatch.parties.forms import (
    OrganisationForm,
    PersonForm,
    organisation_form,
    person_form,
    readings,
)

__all__ = ["FEATURES", "MAX_SCORE", "PartyMatcher", "PreparedEntry", "prepare_entry"]

#: the features besides the name, in the order explanations list them
FEATURES = ("name", "birth_date", "nationality", "document", "schema")
#: no evidence pushes a score to certainty: a human confirms identity
MAX_SCORE = 0.99
_MAX_EVIDENCE = 0.07 + 0.02 + 0.08


@dataclass(frozen=True, slots=True)
class PreparedEntry:
    """A list entry with its name forms computed once."""

    entry: ListEntry
    snapshot: str
    persons: tuple[PersonForm, ...]
    organisations: tuple[OrganisationForm, ...]


def _names(entry: ListEntry) -> list[str]:
    """Names to match on: weak aliases ("Mr Kim") are kept in the entry but not matched."""
    weak = {a.name for a in entry.aliases if a.quality == "weak"}
    return [r for name in entry.all_names() if name not in weak for r in readings(name)]


def prepare_entry(entry: ListEntry, snapshot: str = "") -> PreparedEntry:
    """Compute the name forms of ``entry`` for its kind (person or otherwise)."""
    names = _names(entry)
    if entry.schema == "Person":
        return PreparedEntry(entry, snapshot, tuple(person_form(n) for n in names), ())
    return PreparedEntry(entry, snapshot, (), tuple(organisation_form(n) for n in names))


def _best_name(
    prepared: PreparedEntry, person: PersonForm | None, organisation: OrganisationForm | None
) -> tuple[float, str, str]:
    best, why, matched = 0.0, "", prepared.entry.name
    if person is not None:
        for form in prepared.persons:
            score, detail = person_similarity(person, form)
            if score > best:
                best, why, matched = score, detail, form.text
    if organisation is not None:
        for oform in prepared.organisations:
            score, detail = organisation_similarity(organisation, oform)
            if score > best:
                best, why, matched = score, detail, oform.text
    return best, why, matched


class PartyMatcher:
    """Matches parties against prepared entries of one or more list snapshots."""

    def __init__(
        self, snapshots: Sequence[ListSnapshot], *, threshold: float = 0.80, limit: int = 5
    ) -> None:
        self.threshold = threshold
        self.limit = limit
        self.snapshots = tuple(s.label for s in snapshots)
        self.entries: list[PreparedEntry] = []
        self.index = BlockingIndex()
        for snapshot in snapshots:
            self.add_entries(snapshot.entries, snapshot.label)

    def add_entries(self, entries: Iterable[ListEntry], snapshot: str = "") -> None:
        """Prepare and index more entries."""
        for entry in entries:
            prepared = prepare_entry(entry, snapshot)
            position = len(self.entries)
            self.entries.append(prepared)
            keys: set[str] = set()
            for form in prepared.persons:
                keys |= person_keys(form)
            for oform in prepared.organisations:
                keys |= organisation_keys(oform)
            self.index.add(position, keys)

    def match(self, party: Party) -> list[PartyMatch]:
        """List entries ``party`` may be, best first, scoring at least the threshold."""
        return self.match_fields(
            party.name,
            schema=party.schema_,
            birth_date=party.birth_date,
            nationality=party.nationality,
            id_number=party.id_number,
        )

    def match_fields(
        self,
        name: str,
        *,
        schema: str | None = None,
        birth_date: str | None = None,
        nationality: str | None = None,
        id_number: str | None = None,
    ) -> list[PartyMatch]:
        """Match a party given field by field; ``schema`` None means any kind."""
        person = person_form(name) if schema in (None, "Person") else None
        organisation = organisation_form(name) if schema != "Person" else None
        keys: set[str] = set()
        if person is not None:
            keys |= person_keys(person)
        if organisation is not None:
            keys |= organisation_keys(organisation)
        floor = self.threshold - _MAX_EVIDENCE
        found = []
        for position in self.index.candidates(keys):
            prepared = self.entries[position]
            similarity, why, matched = _best_name(prepared, person, organisation)
            name_points = name_feature_score(similarity)
            if name_points < floor:
                continue
            entry = prepared.entry
            features = [
                Feature("name", name_points, f"name {similarity:.2f} like {matched!r}: {why}"),
                birth_date_feature(birth_date, entry.birth_dates),
                nationality_feature(nationality, entry.nationalities),
                document_feature(id_number, tuple(d.number for d in entry.documents)),
                schema_feature(schema or entry.schema, entry.schema),
            ]
            score = min(MAX_SCORE, max(0.0, sum(f.score for f in features)))
            if score < self.threshold:
                continue
            found.append(
                PartyMatch(
                    ref=entry.ref,
                    name=entry.name,
                    score=round(score, 4),
                    explanation=tuple(f"{f.score:+.2f} {f.detail}" for f in features),
                    list_snapshot=prepared.snapshot or None,
                    schema_=entry.schema,
                )
            )
        found.sort(key=lambda m: (-m.score, m.ref))
        return found[: self.limit]
