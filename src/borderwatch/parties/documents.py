"""Finding listed entries by document number alone: passports, registration and IMO numbers.

A name can be changed or spelt anew; the number of the passport a person
travels on or a company's registration number cannot be dodged that way.
:func:`document_keys` normalises a listed number (spaces, dashes and case
dropped; with and without its issuing country's code in front; IMO numbers
with and without ``IMO``), :func:`query_keys` a number as typed, and
:class:`DocumentIndex` finds entries sharing a key. :class:`DocumentScreener`
puts both together for screening: a party's document number found on an
entry alerts on that entry whatever name the party gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from borderwatch.model.declaration import Party
from borderwatch.model.verdict import PartyMatch
from borderwatch.parties.entries import Document, ListEntry
from borderwatch.parties.matcher import PartyMatcher, score_entry
from borderwatch.parties.normalize import plain_number
from borderwatch.parties.prepared import PreparedEntry, prepare_query

__all__ = [
    "DocumentHit",
    "DocumentIndex",
    "DocumentScreener",
    "document_keys",
    "merge_matches",
    "plain_number",
    "query_keys",
]

_IMO = "IMO"


def document_keys(document: Document) -> set[str]:
    """Every form of a listed number a query may match: plain, with or without its country
    code in front, with or without ``IMO``."""
    plain = plain_number(document.number)
    if not plain:
        return set()
    keys = {plain}
    if plain.startswith(_IMO) and len(plain) > len(_IMO):
        keys.add(plain[len(_IMO) :])
    country = document.country.upper()
    if len(country) == 2 and country.isalpha():
        keys.add(country + plain)
        if plain.startswith(country) and len(plain) > 2:
            keys.add(plain[2:])
    return keys


def query_keys(number: str) -> set[str]:
    """The keys a typed number is looked up by (itself plain, and without ``IMO``)."""
    plain = plain_number(number)
    keys = {plain} if plain else set()
    if plain.startswith(_IMO) and len(plain) > len(_IMO):
        keys.add(plain[len(_IMO) :])
    return keys


@dataclass(frozen=True, slots=True)
class DocumentHit:
    """A listed entry holding a document whose number matches the query."""

    prepared: PreparedEntry
    document: Document


class DocumentIndex:
    """Normalised document number -> the entries (and documents) that carry it.

    Built in one pass over the entries, which also notes where each entry is
    (:meth:`position`) and which datasets the lists name (:attr:`datasets`).
    """

    def __init__(self, entries: Iterable[PreparedEntry]) -> None:
        self._by_key: dict[str, list[DocumentHit]] = {}
        self._positions: dict[tuple[str, str], int] = {}
        found: dict[str, None] = {}
        for position, prepared in enumerate(entries):
            self._positions.setdefault((prepared.snapshot, prepared.entry.ref), position)
            found.update(dict.fromkeys(prepared.entry.datasets))
            for document in prepared.entry.documents:
                for key in document_keys(document):
                    self._by_key.setdefault(key, []).append(DocumentHit(prepared, document))

        #: every dataset an entry names, in order of first appearance
        self.datasets = tuple(found)

    def __len__(self) -> int:
        return len(self._by_key)

    def position(self, snapshot: str, ref: str) -> int | None:
        """Where the entry ``ref`` of ``snapshot`` is among the matcher's entries."""
        return self._positions.get((snapshot, ref))

    def lookup(self, number: str) -> list[DocumentHit]:
        """Entries holding ``number``, each once, in list order."""
        found: dict[tuple[str, str], DocumentHit] = {}
        for key in sorted(query_keys(number)):
            for hit in self._by_key.get(key, ()):
                found.setdefault((hit.prepared.snapshot, hit.prepared.entry.ref), hit)
        return list(found.values())


def _document_match(hit: DocumentHit, party: Party, threshold: float) -> PartyMatch:
    """The entry scored as usual, raised to the threshold: a listed document alerts."""
    query = prepare_query(
        party.name,
        schema=party.schema_,
        birth_date=party.birth_date,
        nationality=party.nationality,
        id_number=party.id_number,
    )
    scored = score_entry(hit.prepared, query)
    assert scored is not None  # no floor and no minimum: every entry is scored
    held = f"{hit.document.type or 'document'} {hit.document.number}"
    if hit.document.country:
        held += f" ({hit.document.country})"
    reason = (
        f"{max(0.0, threshold - scored.score):+.2f} document number {party.id_number} is "
        f"{held} of this entry: alerts whatever the name"
    )
    return scored.model_copy(
        update={
            "score": round(max(scored.score, threshold), 4),
            "explanation": (reason, *scored.explanation),
        }
    )


class DocumentScreener:
    """The name matcher, and a lookup of the party's document number beside it.

    Implements the engine's ``PartyScreener``. A party whose document number
    is listed gets that entry among its matches even when its name scores
    nothing (a changed name), at least at the threshold: an officer checks
    the identity. The document index is built on first use.
    """

    def __init__(
        self,
        matcher: PartyMatcher,
        *,
        documents: DocumentIndex | None = None,
        alert_at: float | None = None,
    ) -> None:
        self.matcher = matcher
        self._index = documents
        self._alert_at = alert_at

    def with_threshold(self, cutoff: float, *, limit: int, alert_at: float) -> DocumentScreener:
        """The same lists and document index, reporting candidates down to ``cutoff`` (at
        most ``limit``); a listed document lifts its entry to ``alert_at``."""
        base = self.matcher
        view = PartyMatcher.from_parts(
            base.snapshots, base.entries, base.index, threshold=cutoff, limit=limit
        )
        return DocumentScreener(view, documents=self.documents, alert_at=alert_at)

    @property
    def threshold(self) -> float:
        """The score a listed document lifts its entry to: the matcher's threshold unless set."""
        return self.matcher.threshold if self._alert_at is None else self._alert_at

    @property
    def documents(self) -> DocumentIndex:
        """The index of every listed document number, built on first use."""
        if self._index is None:
            self._index = DocumentIndex(self.matcher.entries)
        return self._index

    def entry_of(self, match: PartyMatch) -> ListEntry | None:
        """The listed entry a match names."""
        position = self.documents.position(match.list_snapshot or "", match.ref)
        return None if position is None else self.matcher.entries[position].entry

    def by_document(self, party: Party) -> list[PartyMatch]:
        """Entries listing ``party``'s document number, best first."""
        if not party.id_number:
            return []
        hits = self.documents.lookup(party.id_number)
        found = [_document_match(hit, party, self.threshold) for hit in hits]
        return sorted(found, key=lambda m: (-m.score, m.ref))

    def match(self, party: Party) -> list[PartyMatch]:
        """Name matches and document matches, one per entry, best first."""
        found = merge_matches(self.matcher.match(party), self.by_document(party))
        return found[: max(self.matcher.limit, 1)]


def merge_matches(*found: Iterable[PartyMatch]) -> list[PartyMatch]:
    """Matches of several lookups, the best of each entry once, best first."""
    best: dict[tuple[str | None, str], PartyMatch] = {}
    for matches in found:
        for match in matches:
            key = (match.list_snapshot, match.ref)
            if key not in best or match.score > best[key].score:
                best[key] = match
    return sorted(best.values(), key=lambda m: (-m.score, m.ref))
