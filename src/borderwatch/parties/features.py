"""Scoring features: each a small pure function returning a score and its reason.

A feature compares one aspect of a query with one list entry and returns a
:class:`Feature`: the points it adds to (or takes from) the match score, a
sentence an officer can read, and the values it compared. The matcher sums
the features listed in :data:`borderwatch.parties.matcher.FEATURES`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from borderwatch.parties.forms import OrganisationForm, PersonForm, Split
from borderwatch.parties.name_parts import PART_DIFFERS_CAP, kind_differs, person_parts_differ
from borderwatch.parties.normalize import plain_number

__all__ = [
    "BIRTH_DATE_AGREES",
    "BIRTH_DATE_CONFLICTS",
    "BIRTH_DAY_DIFFERS",
    "BIRTH_YEAR_AGREES",
    "DOCUMENT_AGREES",
    "NATIONALITY_AGREES",
    "NATIONALITY_DIFFERS",
    "SCHEMA_DIFFERS",
    "TOKEN_ORDER_WEIGHT",
    "Feature",
    "birth_date_feature",
    "birth_date_points",
    "document_feature",
    "document_points",
    "nationality_feature",
    "nationality_points",
    "organisation_pair_similarity",
    "organisation_similarity",
    "person_similarity",
    "schema_feature",
    "schema_points",
]

#: score of an exact name with nothing else known; kept below 1 so evidence can add to it
NAME_BASE = 0.88
#: points lost per unit of name dissimilarity
NAME_SLOPE = 0.45
#: the most each kind of evidence adds
BIRTH_DATE_AGREES = 0.07
NATIONALITY_AGREES = 0.02
DOCUMENT_AGREES = 0.08
#: names compared as word sets, in any order, score at most this
TOKEN_ORDER_WEIGHT = 0.85
#: a single edit counts as half: one slip of the pen on a short name is still that name
SINGLE_EDIT = 0.5


#: an organisation name of only distinctive letters this short counts every edit in full
SHORT_NAME = 5


def _edits(count: int) -> float:
    return SINGLE_EDIT if count == 1 else float(count)


@dataclass(frozen=True, slots=True)
class Feature:
    """One feature's contribution to a match score, with its explanation."""

    name: str
    score: float
    detail: str


def _split_edits(q: Split, e: Split) -> tuple[float, int, bool]:
    """(edits, length, same surname class) of one pair of readings."""
    same_class = q.surname_class is not None and q.surname_class == e.surname_class
    surname = 0 if same_class else OSA.distance(q.surname, e.surname)
    given = OSA.distance(q.given, e.given)
    edits = _edits(surname + given)
    if given and q.loose == e.loose:
        # o/u spellings of one vowel (Chol, Chul; Sok, Suk) cost half an edit in all
        edits = min(edits, _edits(surname) + SINGLE_EDIT)
    length = max(q.length, e.length, 1)
    return edits, length, same_class


def _run_together(query: PersonForm, entry: PersonForm) -> tuple[float, str]:
    """The surname-first readings with every space dropped: "Abdulhaq" is "Abdul Haq"."""
    if not query.splits or not entry.splits:
        return 0.0, ""
    q, e = query.splits[0], entry.splits[0]
    if q.surname_last or e.surname_last:
        return 0.0, ""
    mine, theirs = q.surname + q.given, e.surname + e.given
    if abs(len(mine) - len(theirs)) > 2:  # not the same letters with other spaces
        return 0.0, ""
    score = 1.0 - _edits(OSA.distance(mine, theirs)) / max(len(mine), len(theirs), 1)
    return score, f"words run together {mine!r}~{theirs!r}"


def person_similarity(
    query: PersonForm, entry: PersonForm, *, explain: bool = False
) -> tuple[float, str]:
    """Best similarity over surname-first and surname-last readings, in [0, 1].

    Surnames of one class (Ri/Li/Lee/Yi) count as equal; the rest is edit
    distance over sound keys, with the given name run together so "Won Ho",
    "Won-ho" and "Wonho" are one. A name that could alert but has another
    surname, another given name or another word in place of one of the
    listed name's is held at
    :data:`PART_DIFFERS_CAP` (see :mod:`borderwatch.parties.name_parts`). The
    reason is written only when ``explain``.
    """
    best, pair = 0.0, None
    distance = OSA.distance
    for q in query.splits:
        for e in entry.splits:
            if q.surname_last and e.surname_last:
                continue  # same word order on both sides: the surname-first reading covers it
            # inline of _split_edits: this loop runs for every candidate
            cls = q.surname_class
            surname = (
                0 if cls is not None and cls == e.surname_class else distance(q.surname, e.surname)
            )
            given = distance(q.given, e.given)
            total = surname + given
            edits = SINGLE_EDIT if total == 1 else float(total)
            if given and q.loose == e.loose:
                edits = min(edits, (SINGLE_EDIT if surname == 1 else surname) + SINGLE_EDIT)
            score = 1.0 - edits / max(q.length, e.length, 1)
            if score > best:
                best, pair = score, (q, e)
    # words in any order, for names that do not split as surname + given name (at most 0.85)
    by_tokens = 0.0
    if best < TOKEN_ORDER_WEIGHT:
        by_tokens = TOKEN_ORDER_WEIGHT * Levenshtein.normalized_similarity(
            query.sorted_tokens, entry.sorted_tokens
        )
    run_together, joined = 0.0, ""
    if best < TOKEN_ORDER_WEIGHT and query.sorted_tokens.count(" ") != entry.sorted_tokens.count(
        " "
    ):  # a space dropped or added: the words run together may agree
        run_together, joined = _run_together(query, entry)
    if max(best, by_tokens, run_together) > PART_DIFFERS_CAP:
        # only a name that could alert is checked part by part
        differs = person_parts_differ(query, entry)
        if differs is not None:
            return PART_DIFFERS_CAP, differs if explain else ""
    if run_together > max(best, by_tokens):
        return run_together, joined if explain else ""
    if by_tokens > best:
        why = f"words {query.sorted_tokens!r}~{entry.sorted_tokens!r} in any order"
        return by_tokens, why if explain else ""
    if not explain or pair is None:
        return best, ""
    q, e = pair
    edits, _length, same = _split_edits(q, e)
    note = "same surname" if same else f"{OSA.distance(q.surname, e.surname)} edits"
    why = (
        f"surname {q.surname!r}~{e.surname!r} ({note}), "
        f"given {q.given!r}~{e.given!r}; {edits:g} edits in all"
    )
    return best, _with_readings(why, q.reading, e.reading)


def _with_readings(why: str, *readings: str) -> str:
    """The reason, and how a name in Han characters was read to earn it."""
    return "; ".join([why, *(r for r in readings if r)])


def organisation_similarity(
    query: OrganisationForm,
    entry: OrganisationForm,
    *,
    explain: bool = False,
    others: Sequence[OrganisationForm] = (),
) -> tuple[float, str]:
    """The best of :func:`organisation_pair_similarity` over the names' readings.

    A name in Han characters is read as pinyin and in Korean (its
    ``alternates``); the explanation says which reading scored.
    """
    if not query.alternates and not entry.alternates:
        return organisation_pair_similarity(query, entry, explain=explain, others=others)
    pairs = [(q, e) for q in (query, *query.alternates) for e in (entry, *entry.alternates)]
    q, e = max(pairs, key=lambda pair: organisation_pair_similarity(*pair, others=others)[0])
    score, why = organisation_pair_similarity(q, e, explain=explain, others=others)
    return score, _with_readings(why, q.reading, e.reading) if explain else ""


def organisation_pair_similarity(
    query: OrganisationForm,
    entry: OrganisationForm,
    *,
    explain: bool = False,
    others: Sequence[OrganisationForm] = (),
) -> tuple[float, str]:
    """Similarity of distinctive words (spacing and order free), generic words weigh 15%.

    A name of at most :data:`SHORT_NAME` distinctive letters and no generic
    word on either side is its distinctive letters alone, every edit in full.
    Two names that both state a kind of organisation and share none are held
    at :data:`PART_DIFFERS_CAP`, whatever their distinctive words; a listed
    name that states none takes the kinds of its entry's ``others`` names.
    """
    union = query.generic | entry.generic
    generic = len(query.generic & entry.generic) / len(union) if union else 1.0
    if not query.distinctive or not entry.distinctive:
        score = generic if not query.distinctive and not entry.distinctive else 0.3 * generic
        return score, f"only generic words {sorted(query.generic)}~{sorted(entry.generic)}"
    joined = OSA.distance(query.joined, entry.joined)
    ordered = OSA.distance(query.sorted_keys, entry.sorted_keys)
    length = max(len(query.joined), len(entry.joined))
    edits = min(joined, ordered)
    if not union and length <= SHORT_NAME:
        # a short name and nothing else: one letter is another name (Tamas, Tomas)
        distinctive = max(0.0, 1.0 - edits / length)
        score = distinctive
    else:
        distinctive = max(0.0, 1.0 - _edits(edits) / length)
        score = 0.85 * distinctive + 0.15 * generic
    differs = kind_differs(query, entry, others) if score > PART_DIFFERS_CAP else None
    if not explain:
        return (PART_DIFFERS_CAP if differs else score), ""
    detail = (
        f"distinctive {query.joined!r}~{entry.joined!r} ({distinctive:.2f}), "
        f"generic {sorted(query.generic)}~{sorted(entry.generic)}"
    )
    if differs:
        return PART_DIFFERS_CAP, f"{differs}; {detail}"
    return score, detail


def name_feature_score(similarity: float) -> float:
    """Points for a name similarity: NAME_BASE for an exact name, falling linearly."""
    return max(0.0, NAME_BASE - NAME_SLOPE * (1.0 - similarity))


BIRTH_YEAR_AGREES = 0.04
BIRTH_DAY_DIFFERS = -0.05
BIRTH_DATE_CONFLICTS = -0.30
NATIONALITY_DIFFERS = -0.10
SCHEMA_DIFFERS = -0.40


def birth_date_points(query: str | None, entry: tuple[str, ...]) -> float:
    """Same date adds, same year adds less, a different year takes a lot away."""
    if not query or not entry:
        return 0.0
    if any(query == d or (len(d) > len(query) and d.startswith(query)) for d in entry):
        return BIRTH_DATE_AGREES
    year = query[:4]
    if any(year == d[:4] for d in entry):
        exact = len(query) >= 10 and any(len(d) >= 10 for d in entry if d[:4] == year)
        return BIRTH_DAY_DIFFERS if exact else BIRTH_YEAR_AGREES
    return BIRTH_DATE_CONFLICTS


def birth_date_feature(query: str | None, entry: tuple[str, ...]) -> Feature:
    """:func:`birth_date_points` with its reason."""
    points = birth_date_points(query, entry)
    listed = ", ".join(entry)
    detail = {
        0.0: "birth date not compared (not known on both sides)",
        BIRTH_DATE_AGREES: f"birth date {query} agrees with the list",
        BIRTH_YEAR_AGREES: f"birth year {(query or '')[:4]} agrees with the list",
        BIRTH_DAY_DIFFERS: f"birth year agrees but day differs: {query} vs {listed}",
        BIRTH_DATE_CONFLICTS: f"birth date {query} conflicts with the list ({listed})",
    }[points]
    return Feature("birth_date", points, detail)


def nationality_points(query: str | None, entry: tuple[str, ...]) -> float:
    """A shared nationality adds a little; a different one takes away."""
    if not query or not entry:
        return 0.0
    return NATIONALITY_AGREES if query.upper() in entry else NATIONALITY_DIFFERS


def nationality_feature(query: str | None, entry: tuple[str, ...]) -> Feature:
    """:func:`nationality_points` with its reason."""
    points = nationality_points(query, entry)
    code = (query or "").upper()
    if points == 0.0:
        return Feature("nationality", 0.0, "nationality not compared")
    if points > 0:
        return Feature("nationality", points, f"nationality {code} agrees")
    return Feature("nationality", points, f"nationality {code} differs from {', '.join(entry)}")


def document_points(query: str | None, entry: tuple[str, ...]) -> float:
    """The same document number is strong evidence; a different one proves nothing."""
    if not query or not entry:
        return 0.0
    wanted = plain_number(query)
    return DOCUMENT_AGREES if any(wanted == plain_number(e) for e in entry) else 0.0


def document_feature(query: str | None, entry: tuple[str, ...]) -> Feature:
    """:func:`document_points` with its reason."""
    if not query or not entry:
        return Feature("document", 0.0, "no document number to compare")
    if document_points(query, entry):
        return Feature("document", DOCUMENT_AGREES, f"document number {query} is on the list")
    return Feature("document", 0.0, f"document number {query} is not among the listed ones")


def schema_points(query: str, entry: str) -> float:
    """A person cannot be an organisation: a different kind takes most of the score."""
    return 0.0 if query == entry else SCHEMA_DIFFERS


def schema_feature(query: str, entry: str) -> Feature:
    """:func:`schema_points` with its reason."""
    if query == entry:
        return Feature("schema", 0.0, f"both {query}")
    return Feature("schema", SCHEMA_DIFFERS, f"query is a {query}, entry a {entry}")
