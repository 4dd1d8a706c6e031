"""An upper bound on each candidate's score, computed for all candidates at once.

Against a million entries a query shares blocking keys with a hundred or so
of them, and many are namesakes that score above the threshold: scoring each
in Python costs more than everything else. :class:`NameBounds` keeps how
often each letter occurs in every distinct name key (namesakes share theirs)
and each entry's keys by number, and bounds the edit distance from below by
the letters the two keys do not share (an edit or a transposition changes at
most one letter on each side, so the distance is at least the larger of the
two leftovers). Put through the same formulas as
:func:`~borderwatch.parties.features.person_similarity` and
:func:`~borderwatch.parties.features.organisation_similarity`, that gives a
score no candidate can exceed. The matcher scores candidates exactly in
falling order of this bound and stops when the next bound cannot reach its
results: the same matches with the same scores, for a fraction of the work.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from borderwatch.parties.features import NAME_BASE, NAME_SLOPE, SINGLE_EDIT, TOKEN_ORDER_WEIGHT
from borderwatch.parties.forms import OrganisationForm, Split
from borderwatch.parties.prepared import PreparedEntry, PreparedQuery

__all__ = ["NameBounds", "best_first", "letter_counts"]

Counts = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Numbers = npt.NDArray[np.int32]

#: a-z, 0-9, and one column for every other character (merging letters only loosens the bound)
_COLUMNS = 37
_COLUMN_OF = np.full(128, 36, dtype=np.int64)
_COLUMN_OF[ord("a") : ord("z") + 1] = np.arange(26)
_COLUMN_OF[ord("0") : ord("9") + 1] = np.arange(26, 36)
_NO_CLASS = -(2**31)
#: so few candidates are scored sooner than bounded (and no bound is lower than infinity)
_FEW = 16
_CHUNK = 65_536  # texts counted at a time: the counting takes 300 bytes a text for a moment
#: float slack: a bound may only ever be too high, never too low
_SLACK = 1e-9


def letter_counts(texts: Sequence[str]) -> Counts:
    """How often each letter occurs in each text: one row of :data:`_COLUMNS` per text."""
    if not texts:
        return np.zeros((0, _COLUMNS), dtype=np.uint8)
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    owner = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
    cell = owner * _COLUMNS + _COLUMN_OF[np.minimum(codes, 127)]
    counts = np.bincount(cell, minlength=len(texts) * _COLUMNS).reshape(len(texts), _COLUMNS)
    # a count past 255 is cut, which only lowers the difference: the bound stays a bound
    return np.minimum(counts, 255).astype(np.uint8)


@functools.lru_cache(maxsize=4096)  # a query's keys are counted once for all its splits
def _counts_of(text: str) -> Counts:
    """:func:`letter_counts` of one text."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    counts = np.bincount(_COLUMN_OF[np.minimum(codes, 127)], minlength=_COLUMNS)
    found = np.minimum(counts, 255).astype(np.uint8)
    found.flags.writeable = False  # shared by every call with the same text
    return found


def _array(positions: Iterable[int]) -> Ints:
    if isinstance(positions, np.ndarray):
        return positions.astype(np.int64, copy=False)
    return np.fromiter(positions, dtype=np.int64)


def _leftover(rows: Counts, query: Counts) -> Ints:
    """The larger count of letters on one side that the other lacks: at most the edit distance."""
    diff = rows.astype(np.int16) - query.astype(np.int16)
    more: Ints = np.maximum(diff, 0).sum(axis=1, dtype=np.int64)
    fewer: Ints = more - diff.sum(axis=1, dtype=np.int64)
    return np.maximum(more, fewer)


def _halve_single(edits: Ints) -> Floats:
    """features._edits over an array: a single edit counts as half."""
    return np.where(edits == 1, SINGLE_EDIT, edits.astype(np.float64))


class _Vocabulary:
    """Each distinct name key once, with its letter counts: rows hold its number.

    Namesakes share their keys (a surname, a given name), so a million entries
    hold far fewer distinct keys than rows: a number per row in place of a row
    of letter counts is a ninth of the memory.
    """

    def __init__(self) -> None:
        self.number: dict[str, int] = {}
        self.texts: list[str] = []
        self.counts: Counts = letter_counts([])
        self.strings: npt.NDArray[np.object_] = np.zeros(0, dtype=object)  # texts, as an array

    def __call__(self, text: str) -> int:
        number = self.number.get(text)
        if number is None:
            number = self.number[text] = len(self.texts)
            self.texts.append(text)
        return number

    def seal(self) -> None:
        """Count the letters of the keys added since the last call."""
        new = self.texts[len(self.counts) :]
        chunks = [letter_counts(new[i : i + _CHUNK]) for i in range(0, len(new), _CHUNK)]
        if chunks:
            self.counts = np.concatenate([self.counts, *chunks])
            self.strings = np.concatenate([self.strings, np.array(new, dtype=object)])


@dataclass
class _Table:
    """Rows of one kind of name key, grouped by entry position (``start[p]:start[p+1]``).

    ``keys`` holds each row's key numbers in the :class:`_Vocabulary`, a column per
    kind of key, and ``values`` its numbers. Rows are collected as Python values
    and turned into arrays by :meth:`seal`.
    """

    columns: int
    numbers: int
    keys: Numbers = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int32))  # row, column
    values: Numbers = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int32))  # row, column
    start: Ints = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    _texts: list[int] = field(default_factory=list)
    _numbers: list[int] = field(default_factory=list)
    _per_entry: list[int] = field(default_factory=list)

    def add(self, texts: Sequence[int], numbers: Sequence[int]) -> None:
        self._texts.extend(texts)
        self._numbers.extend(numbers)

    def close_entry(self, rows: int) -> None:
        self._per_entry.append(rows)

    def seal(self) -> None:
        """Append the rows added since the last seal to the arrays."""
        if not self._per_entry:
            return
        keys = np.array(self._texts, dtype=np.int32).reshape(-1, self.columns)
        numbers = np.array(self._numbers, dtype=np.int32).reshape(-1, self.numbers)
        self.keys = np.concatenate([self.keys.reshape(-1, self.columns), keys])
        self.values = np.concatenate([self.values.reshape(-1, self.numbers), numbers])
        ends = self.start[-1] + np.cumsum(self._per_entry, dtype=np.int64)
        self.start = np.concatenate([self.start, ends])
        self._texts, self._numbers, self._per_entry = [], [], []

    def rows_of(self, positions: Ints) -> tuple[Ints, Ints]:
        """(row numbers, index into ``positions`` of each row's entry)."""
        first, last = self.start[positions], self.start[positions + 1]
        sizes = last - first
        owner = np.repeat(np.arange(len(positions)), sizes)
        offset = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return np.repeat(first, sizes) + offset, owner


class NameBounds:
    """Letter counts of every entry's name keys, by position, to bound scores from above.

    Entries are added in position order (:meth:`add`); the arrays are built on
    the first :meth:`upper_bounds` after an addition.
    """

    def __init__(self) -> None:
        # person splits: surname, given / class, surname last, length, loose key id, first
        # split of its form (the one whose words are also read run together); the third
        # text is the surname and given name as one
        self._splits = _Table(columns=3, numbers=5)
        # person word sets: sorted tokens / length
        self._tokens = _Table(columns=1, numbers=1)
        # organisations: joined, sorted keys / has distinctive words, joined length
        self._organisations = _Table(columns=2, numbers=2)
        self._keys = _Vocabulary()  # every text column's keys
        self._loose: dict[str, int] = {}
        self._refs: list[str] = []
        self._rank: Ints | None = None  # each entry's place in (ref, position) order
        self._entries = 0
        self._sealed = True

    def __len__(self) -> int:
        return self._entries

    def add(self, prepared: PreparedEntry) -> None:
        """Add the next entry (its position is the number added before it)."""
        splits = [(n, s) for form in prepared.persons for n, s in enumerate(form.splits)]
        for n, s in splits:
            loose = self._loose.setdefault(s.loose, len(self._loose))
            cls = _NO_CLASS if s.surname_class is None else s.surname_class
            numbers = (cls, s.surname_last, s.length, loose, n == 0)
            keys = (self._keys(s.surname), self._keys(s.given), self._keys(s.surname + s.given))
            self._splits.add(keys, numbers)
        self._splits.close_entry(len(splits))
        for form in prepared.persons:
            self._tokens.add((self._keys(form.sorted_tokens),), (len(form.sorted_tokens),))
        self._tokens.close_entry(len(prepared.persons))
        # every reading of an organisation name (a Han name is read as pinyin and in Korean)
        readings = [r for oform in prepared.organisations for r in (oform, *oform.alternates)]
        for r in readings:
            pair = (self._keys(r.joined), self._keys(r.sorted_keys))
            self._organisations.add(pair, (bool(r.distinctive), len(r.joined)))
        self._organisations.close_entry(len(readings))
        self._refs.append(prepared.entry.ref)
        self._entries += 1
        self._sealed = False
        self._rank = None

    def seal(self) -> None:
        """Build the arrays of the entries added since the last call."""
        if not self._sealed:
            for table in (self._splits, self._tokens, self._organisations):
                table.seal()
            self._keys.seal()
            self._sealed = True

    def _ranks(self) -> Ints:
        if self._rank is None:
            order = np.argsort(np.array(self._refs), kind="stable")
            self._rank = np.empty(len(order), dtype=np.int64)
            self._rank[order] = np.arange(len(order))
        return self._rank

    def upper_bounds(
        self, query: PreparedQuery, positions: Iterable[int], *, evidence: float = 0.0
    ) -> tuple[Ints, Floats, Ints]:
        """``positions``, the most each could score and its rank, in the order to score them.

        A bound is the name points' bound plus ``evidence`` (the most the other
        features add), rounded up to 4 places the way scores are rounded. The
        rank is the entry's place in (ref, position) order, the order in which
        the matcher breaks ties: candidates come best bound first, and among
        equal bounds in rank order, so the first ``limit`` whose scores reach
        their bound are the results.
        """
        self.seal()
        found = _array(positions)
        if len(found) <= _FEW:
            return found, np.full(len(found), np.inf), np.zeros(len(found), dtype=np.int64)
        similarity = np.zeros(len(found), dtype=np.float64)
        if query.person is not None:
            self._person_bounds(query, found, similarity)
        if query.organisation is not None:
            self._organisation_bounds(query, found, similarity)
        points = np.maximum(0.0, NAME_BASE - NAME_SLOPE * (1.0 - similarity))
        bounds = np.round(points + _SLACK + evidence, 4)
        ranks = self._ranks()[found]
        order = np.lexsort((ranks, -bounds))
        return found[order], bounds[order], ranks[order]

    def _person_bounds(self, query: PreparedQuery, found: Ints, best: Floats) -> None:
        person = query.person
        assert person is not None
        table = self._splits
        counts = self._keys.counts
        if len(table.keys) and person.splits:
            rows, owner = table.rows_of(found)
            # surname and given name counts side by side: one pass gives both leftovers
            pair = counts[table.keys[rows, :2]].astype(np.int16)
            values = table.values[rows]  # one gather: each column a (rows, 1) view
            cls, last, length, loose, first = (values[:, i : i + 1] for i in range(5))
            # every row against every split of the query at once: (rows, splits, ...)
            splits = person.splits
            asked = np.stack(
                [np.stack((_counts_of(q.surname), _counts_of(q.given))) for q in splits]
            )
            diff = pair[:, None] - asked[None].astype(np.int16)
            more = np.maximum(diff, 0).sum(axis=3, dtype=np.int64)
            leftover = np.maximum(more, more - diff.sum(axis=3, dtype=np.int64))
            classes = np.array(
                [_NO_CLASS if q.surname_class is None else q.surname_class for q in splits]
            )
            same = (cls == classes) & (classes != _NO_CLASS)
            surname, given = np.where(same, 0, leftover[..., 0]), leftover[..., 1]
            edits = _halve_single(surname + given)
            alike = loose == np.array([self._loose.get(q.loose, -1) for q in splits])
            edits = np.where(alike, np.minimum(edits, _halve_single(surname) + 0.5), edits)
            lengths = np.array([q.length for q in splits])
            score = 1.0 - edits / np.maximum(np.maximum(length, lengths), 1)
            score[(last == 1) & np.array([q.surname_last for q in splits])] = 0.0
            np.maximum.at(best, owner, score.max(axis=1))
            first, last = first[:, 0], last[:, 0]
            chosen = (first == 1) & (last == 0)
            self._run_together_bounds(person.splits[0], rows[chosen], owner[chosen], best)
        table = self._tokens
        if len(table.keys):
            rows, owner = table.rows_of(found)
            qt = _counts_of(person.sorted_tokens)
            longest = np.maximum(np.maximum(table.values[rows, 0], len(person.sorted_tokens)), 1)
            similar = 1.0 - _leftover(counts[table.keys[rows, 0]], qt) / longest
            np.maximum.at(best, owner, TOKEN_ORDER_WEIGHT * similar)

    def _run_together_bounds(self, q: Split, rows: Ints, owner: Ints, best: Floats) -> None:
        """The words-run-together reading (features._run_together), scored exactly: it
        compares the first splits only, so there are few rows."""
        if q.surname_last or not len(rows):
            return
        mine = q.surname + q.given
        theirs = self._keys.strings[self._splits.keys[rows, 2]].tolist()
        edits = process.cdist([mine], theirs, scorer=OSA.distance, dtype=np.int64, workers=1)[0]
        lengths = np.fromiter(map(len, theirs), dtype=np.int64, count=len(theirs))
        score = 1.0 - _halve_single(edits) / np.maximum(lengths, max(len(mine), 1))
        np.maximum.at(best, owner, score)

    def _organisation_bounds(self, query: PreparedQuery, found: Ints, best: Floats) -> None:
        organisation = query.organisation
        assert organisation is not None
        table = self._organisations
        if not len(table.keys):
            return
        rows, owner = table.rows_of(found)
        values = table.values[rows]
        distinctive, length = values[:, 0], values[:, 1]
        for reading in (organisation, *organisation.alternates):
            self._reading_bounds(reading, rows, owner, distinctive, length, best)

    def _reading_bounds(
        self,
        organisation: OrganisationForm,
        rows: Ints,
        owner: Ints,
        distinctive: Numbers,
        length: Numbers,
        best: Floats,
    ) -> None:
        """Bounds against one reading of the query's organisation name."""
        table = self._organisations
        qj, qk = _counts_of(organisation.joined), _counts_of(organisation.sorted_keys)
        counts = self._keys.counts
        edits = np.minimum(
            _leftover(counts[table.keys[rows, 0]], qj), _leftover(counts[table.keys[rows, 1]], qk)
        )
        longest = np.maximum(length, len(organisation.joined))
        with np.errstate(divide="ignore", invalid="ignore"):
            close = np.maximum(0.0, 1.0 - _halve_single(edits) / longest)
        score = 0.85 * close + 0.15
        # generic words only on one side or both, or nothing to divide by: no bound below 1
        score[(distinctive == 0) | (not organisation.distinctive) | (longest == 0)] = 1.0
        np.maximum.at(best, owner, score)


def best_first(
    query: PreparedQuery,
    positions: Iterable[int],
    bounds: NameBounds | None = None,
    *,
    evidence: float = 0.0,
) -> tuple[Ints, Floats, Ints]:
    """:meth:`NameBounds.upper_bounds` of ``positions``, or no bound without ``bounds``.

    A matcher over a stored index has none: its entries are read from the
    file one by one, and counting their letters for each query would cost
    more than it saves.
    """
    if bounds is not None:
        return bounds.upper_bounds(query, positions, evidence=evidence)
    found = _array(positions)
    return found, np.full(len(found), np.inf), np.zeros(len(found), dtype=np.int64)
