"""The party matcher: a query against every loaded list, through the blocking index.

:class:`PartyMatcher` implements the engine's ``PartyScreener``: it holds
prepared list entries in memory and does no I/O when it matches. The score
is the sum of the features in :data:`FEATURES`; it stays below 1.0 so that
an exact name alone, a name with a matching birth date and a name with a
matching passport number remain distinguishable.
"""

from __future__ import annotations

import gc
import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from borderwatch.model.declaration import Party
from borderwatch.model.verdict import PartyMatch
from borderwatch.parties.blocking import BlockingIndex, Positions
from borderwatch.parties.entries import ListEntry, ListSnapshot
from borderwatch.parties.features import (
    BIRTH_DATE_AGREES,
    DOCUMENT_AGREES,
    NAME_BASE,
    NATIONALITY_AGREES,
    Feature,
    birth_date_feature,
    birth_date_points,
    document_feature,
    document_points,
    name_feature_score,
    nationality_feature,
    nationality_points,
    organisation_similarity,
    person_similarity,
    schema_feature,
    schema_points,
)
from borderwatch.parties.forms import (
    OrganisationForm,
    PersonForm,
)
from borderwatch.parties.name_bounds import NameBounds, best_first
from borderwatch.parties.prepared import (
    NamesakeForms,
    PreparedEntry,
    PreparedQuery,
    entry_keys,
    prepare_query,
    sketch_slack,
    sketches_meet,
)

__all__ = [
    "FEATURES",
    "MAX_SCORE",
    "CandidateIndex",
    "PartyMatcher",
    "evidence_possible",
    "score_entry",
]

#: the features besides the name, in the order explanations list them
FEATURES = ("name", "birth_date", "nationality", "document", "schema")
#: no evidence pushes a score to certainty: a human confirms identity
MAX_SCORE = 0.99
#: a score bound is rounded to 4 places: it may lie below the score by less than this
_ROUNDING = 1e-4


def evidence_possible(query: PreparedQuery) -> float:
    """The most the non-name features can add for this query (what it gives)."""
    return (
        (BIRTH_DATE_AGREES if query.birth_date else 0.0)
        + (NATIONALITY_AGREES if query.nationality else 0.0)
        + (DOCUMENT_AGREES if query.id_number else 0.0)
    )


def _best_name(
    prepared: PreparedEntry, person: PersonForm | None, organisation: OrganisationForm | None
) -> tuple[float, PersonForm | OrganisationForm | None]:
    best: float = 0.0
    form: PersonForm | OrganisationForm | None = None
    if person is not None:
        for pform in prepared.persons:
            score = person_similarity(person, pform)[0]
            if score > best:
                best, form = score, pform
    if organisation is not None:
        for oform in prepared.organisations:
            score = organisation_similarity(organisation, oform, others=prepared.organisations)[0]
            if score > best:
                best, form = score, oform
    return best, form


def _why(
    query: PreparedQuery, form: PersonForm | OrganisationForm | None, prepared: PreparedEntry
) -> str:
    if isinstance(form, PersonForm) and query.person is not None:
        return person_similarity(query.person, form, explain=True)[1]
    if isinstance(form, OrganisationForm) and query.organisation is not None:
        others = prepared.organisations
        return organisation_similarity(query.organisation, form, explain=True, others=others)[1]
    return "no name in common"


@dataclass(frozen=True, slots=True)
class _Scored:
    """A score before it is written up: enough to rank, and to explain the best."""

    score: float
    similarity: float
    name_points: float
    form: PersonForm | OrganisationForm | None


def _score(
    prepared: PreparedEntry,
    query: PreparedQuery,
    floor: float,
    minimum: float,
    ceiling: float = math.inf,
    slack: float | None = None,
) -> _Scored | None:
    """The entry's score, or None below ``minimum``; ``ceiling`` is at least its name points.

    The birth date decides most namesakes, and costs a small part of comparing
    names: with a ceiling it is looked at first, and the names are not compared
    when even the ceiling could not make up for it, nor when the sketches are
    more than ``slack`` apart (see :func:`~borderwatch.parties.prepared.sketches_meet`).
    """
    entry = prepared.entry
    birth = birth_date_points(query.birth_date, entry.birth_dates)
    rest = (NATIONALITY_AGREES if query.nationality else 0.0) + (
        DOCUMENT_AGREES if query.id_number else 0.0
    )
    if ceiling + birth + rest < minimum:
        return None
    if slack is not None and not sketches_meet(query.sketch, prepared.sketch, slack):
        return None
    similarity, form = _best_name(prepared, query.person, query.organisation)
    name_points = name_feature_score(similarity)
    if name_points < floor:
        return None
    total = name_points + birth
    if total + rest < minimum:
        return None
    total += nationality_points(query.nationality, entry.nationalities)
    if query.id_number:
        total += document_points(query.id_number, tuple(d.number for d in entry.documents))
    total += schema_points(query.schema or entry.schema, entry.schema)
    score = min(MAX_SCORE, max(0.0, total))
    if score < minimum:
        return None
    return _Scored(score, similarity, name_points, form)


def _write_up(prepared: PreparedEntry, query: PreparedQuery, scored: _Scored) -> PartyMatch:
    """The match with every feature's points and reason, in :data:`FEATURES` order."""
    entry = prepared.entry
    form = scored.form
    matched = form.text if form is not None else entry.name
    why = f"name {scored.similarity:.2f} like {matched!r}: {_why(query, form, prepared)}"
    features = (
        Feature("name", scored.name_points, why),
        birth_date_feature(query.birth_date, entry.birth_dates),
        nationality_feature(query.nationality, entry.nationalities),
        document_feature(query.id_number, tuple(d.number for d in entry.documents)),
        schema_feature(query.schema or entry.schema, entry.schema),
    )
    return PartyMatch(
        ref=entry.ref,
        name=entry.name,
        score=round(scored.score, 4),
        explanation=tuple(f"{f.score:+.2f} {f.detail}" for f in features),
        list_snapshot=prepared.snapshot or None,
        listing=f"{prepared.snapshot.partition(':')[0]}:{entry.list_type}",
        schema_=entry.schema,
    )


def score_entry(
    prepared: PreparedEntry, query: PreparedQuery, *, floor: float = 0.0, minimum: float = 0.0
) -> PartyMatch | None:
    """Score one entry against one query: the sum of the features, explained.

    Returns None when the name alone earns less than ``floor`` points, before
    the other features are computed (no evidence could lift it far enough),
    or when the total is below ``minimum``.
    """
    scored = _score(prepared, query, floor, minimum)
    return _write_up(prepared, query, scored) if scored is not None else None


class CandidateIndex(Protocol):
    """Where a query finds its candidates: :class:`BlockingIndex` or a stored one."""

    max_bucket: int

    def candidates(self, keys: Iterable[str], *, max_bucket: int | None = None) -> Positions:
        """Positions of the entries sharing a key with the query, in ascending order."""
        ...

    def __len__(self) -> int:
        """The number of keys."""
        ...


class PartyMatcher:
    """Matches parties against prepared entries of one or more list snapshots.

    Built from snapshots it holds everything in memory; :meth:`from_parts`
    makes one over an index and entries kept elsewhere (a stored index,
    see :mod:`borderwatch.parties.index_cache`), which cannot be added to.
    """

    entries: Sequence[PreparedEntry]
    index: CandidateIndex

    def __init__(
        self,
        snapshots: Sequence[ListSnapshot],
        *,
        threshold: float = 0.80,
        limit: int = 5,
        max_bucket: int = 300,
    ) -> None:
        self.threshold = threshold
        self.limit = limit
        self.snapshots = tuple(s.label for s in snapshots)
        self._entries: list[PreparedEntry] = []
        self.entries = self._entries
        # keys shared by more than max_bucket entries are skipped (see BlockingIndex)
        self._index = BlockingIndex(max_bucket=max_bucket)
        self.index = self._index
        self._bounds = NameBounds()  # what each entry could score at most, to score fewer
        self._namesakes: NamesakeForms | None = None  # while entries are being added
        for snapshot in snapshots:
            self.add_entries(snapshot.entries, snapshot.label)
        self.pack()

    def pack(self) -> None:
        """Put the entries added so far into the index's arrays (else the next query does)."""
        self._index.pack()
        self._bounds.seal()
        self._namesakes = None  # let go of every distinct name: the entries hold theirs

    @classmethod
    def from_parts(
        cls,
        snapshots: Sequence[str],
        entries: Sequence[PreparedEntry],
        index: CandidateIndex,
        *,
        threshold: float = 0.80,
        limit: int = 5,
    ) -> PartyMatcher:
        """A matcher over entries and an index prepared before (snapshot labels given)."""
        matcher = cls([], threshold=threshold, limit=limit, max_bucket=index.max_bucket)
        matcher.snapshots = tuple(snapshots)
        matcher.entries, matcher.index = entries, index
        return matcher

    @property
    def blocking_index(self) -> BlockingIndex:
        """The in-memory index this matcher built (for writing it to a cache)."""
        if self.index is not self._index:
            raise TypeError("this matcher reads a stored index; it has no in-memory one")
        return self._index

    def add_entries(self, entries: Iterable[ListEntry], snapshot: str = "") -> None:
        """Prepare and index more entries (not on a matcher made by :meth:`from_parts`)."""
        if self.entries is not self._entries or self.index is not self._index:
            raise TypeError("a matcher over a stored index cannot take more entries")
        collecting = gc.isenabled()
        gc.disable()  # millions of small, long-lived objects: collection passes find nothing
        try:
            self._add(entries, snapshot)
        finally:
            gc.freeze()  # and later passes need not walk them either
            if collecting:
                gc.enable()

    def _add(self, entries: Iterable[ListEntry], snapshot: str) -> None:
        if self._namesakes is None:
            self._namesakes = NamesakeForms()
        namesakes = self._namesakes
        for entry in entries:
            prepared = namesakes.prepare(entry, snapshot)
            position = len(self._entries)
            self._entries.append(prepared)
            self._bounds.add(prepared)
            self._index.add(position, entry_keys(prepared))

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
        query = prepare_query(
            name, schema=schema, birth_date=birth_date, nationality=nationality, id_number=id_number
        )
        return self.match_prepared(query)

    def match_prepared(self, query: PreparedQuery) -> list[PartyMatch]:
        """Match a prepared query through the blocking index.

        Candidates are scored best bound first (see :mod:`~borderwatch.parties.name_bounds`)
        until the next bound is below the threshold or cannot displace the ``limit``-th
        result found. A candidate's names are compared only when its name bound and
        its birth date together could still reach the threshold.
        """
        if self.limit <= 0:
            return []
        if self._namesakes is not None:  # entries were added since the last query
            self.pack()
        evidence = evidence_possible(query)
        floor = self.threshold - evidence
        found = []
        entries = self.entries
        slack = sketch_slack(floor)
        in_memory = self._bounds if entries is self._entries else None
        candidates = self.index.candidates(query.keys)
        positions, bounds, ranks = best_first(query, candidates, in_memory, evidence=evidence)
        worst: list[tuple[float, int]] = []  # the top ``limit`` as (score, -rank), worst first
        lowest = round(self.threshold, 4)  # bounds are rounded as scores are
        reach = int(np.searchsorted(-bounds, -lowest, side="right"))  # bounds fall: these reach
        for position, bound, rank in zip(
            positions[:reach].tolist(), bounds[:reach].tolist(), ranks[:reach].tolist(), strict=True
        ):
            # candidates come in falling (bound, -rank): once one cannot enter, none can
            if bound < lowest or (len(worst) == self.limit and (bound, -rank) < worst[0]):
                break
            prepared = entries[position]
            # no name earns more than NAME_BASE; bounds are rounded to 4 places: the
            # name's ceiling gives that rounding back
            ceiling = min(bound - evidence, NAME_BASE) + _ROUNDING
            scored = _score(prepared, query, floor, self.threshold, ceiling, slack)
            if scored is not None:
                rounded = round(scored.score, 4)
                found.append((-rounded, prepared.entry.ref, position, scored))
                (heapq.heappush if len(worst) < self.limit else heapq.heappushpop)(
                    worst, (rounded, -rank)
                )
        found.sort(key=lambda row: (row[0], row[1], row[2]))
        return [_write_up(entries[p], query, scored) for _s, _r, p, scored in found[: self.limit]]
