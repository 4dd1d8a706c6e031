"""Score bounds: never below a real score, so scoring best bound first changes no result."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.model.verdict import PartyMatch
from borderwatch.parties.entries import Document, ListEntry
from borderwatch.parties.features import (
    name_feature_score,
    organisation_similarity,
    person_similarity,
)
from borderwatch.parties.matcher import PartyMatcher, evidence_possible, score_entry
from borderwatch.parties.name_bounds import NameBounds, letter_counts
from borderwatch.parties.prepared import (
    PreparedEntry,
    PreparedQuery,
    prepare_entry,
    prepare_query,
    sketch_slack,
    sketches_meet,
)

SURNAMES = ["Kim", "Ri", "Pak", "Choe", "Jong", "Han", "O", "Ryu", "Wang", "Zhang", "Li"]
SYLLABLES = ["min", "jun", "chol", "song", "il", "myong", "hyok", "un", "wei", "na", "gum", "ok"]
COMPANY_WORDS = ["Dandong", "Songbong", "Korea", "Hana", "Trading", "Co", "Ltd", "Bank", "Group"]
# names in Han characters, and how they may be asked for: read as pinyin or in Korean
HAN_NAMES = {
    "朝鲜松峰贸易公司": "Songbong Trading",
    "大同信用银行": "Daedong Credit Bank",
    "金星贸易": "Kumsong Trading",
    "金哲雄": "Kim Chol Ung",
    "李明洙": "Ri Myong Su",
}


def _typo(rng: random.Random, name: str) -> str:
    """One slip of the pen: a letter dropped, doubled, swapped or replaced."""
    i = rng.randrange(len(name))
    return rng.choice(
        [
            name[:i] + name[i + 1 :],
            name[:i] + name[i] + name[i:],
            name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :],
            name[:i] + rng.choice("aeiouknm") + name[i + 1 :],
        ]
    )


def _listed(count: int, seed: int) -> list[ListEntry]:
    """People and companies with many namesakes, so queries meet crowds of close candidates."""
    rng = random.Random(seed)
    entries = []
    for number in range(count):
        if rng.random() < 0.8:
            given = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2))).title()
            name = f"{rng.choice(SURNAMES)} {given}"
            date = f"{rng.randint(1950, 1960)}-{rng.randint(1, 2):02d}-{rng.randint(1, 3):02d}"
            entries.append(
                ListEntry(ref=f"P{number}", schema="Person", name=name, birth_dates=(date,))
            )
        else:
            name = " ".join(rng.sample(COMPANY_WORDS, 3))
            entries.append(ListEntry(ref=f"O{number}", schema="Organization", name=name))
    for number, name in enumerate(HAN_NAMES):
        schema = "Organization" if len(name) > 3 else "Person"
        entries.append(ListEntry(ref=f"H{number}", schema=schema, name=name))
    return entries


def _straightforward(matcher: PartyMatcher, query: PreparedQuery) -> list[PartyMatch]:
    """Every candidate of the blocking index scored, the way the matcher did before bounds."""
    floor = matcher.threshold - evidence_possible(query)
    slack = sketch_slack(floor)
    found = []
    for position in matcher.index.candidates(query.keys).tolist():
        prepared = matcher.entries[position]
        if not sketches_meet(query.sketch, prepared.sketch, slack):
            continue
        match = score_entry(prepared, query, floor=floor, minimum=matcher.threshold)
        if match is not None:
            found.append((-match.score, match.ref, position, match))
    found.sort(key=lambda row: row[:3])
    return [row[3] for row in found[: matcher.limit]]


def _queries(entries: Sequence[ListEntry], count: int, seed: int) -> list[PreparedQuery]:
    rng = random.Random(seed)
    queries = []
    for entry in rng.sample(list(entries), count):
        name = entry.name if rng.random() < 0.3 else _typo(rng, entry.name)
        date = rng.choice([None, *entry.birth_dates, "1955", "1951-01-02"])
        schema = rng.choice([entry.schema, None])
        queries.append(prepare_query(name, schema=schema, birth_date=date))
    queries.extend(prepare_query(name) for name in [*HAN_NAMES, *HAN_NAMES.values()])
    return queries


LISTED = _listed(4000, seed=3)


@pytest.mark.parametrize(("threshold", "limit"), [(0.80, 5), (0.80, 1), (0.65, 3), (0.90, 20)])
def test_the_matcher_returns_what_scoring_every_candidate_returns(
    threshold: float, limit: int
) -> None:
    matcher = PartyMatcher([], threshold=threshold, limit=limit)
    matcher.add_entries(LISTED, "test")
    queries = _queries(LISTED, 300, seed=limit)
    crowds = [len(matcher.index.candidates(q.keys)) for q in queries]
    assert max(crowds) > 100  # crowds of namesakes: the bounds, not the few-candidate path
    for query in queries:
        assert matcher.match_prepared(query) == _straightforward(matcher, query), query.name


def test_entries_added_after_a_query_are_found() -> None:
    matcher = PartyMatcher([], threshold=0.80)
    matcher.add_entries(LISTED[:2000], "test")
    queries = _queries(LISTED[2000:], 100, seed=9)
    before = [matcher.match_prepared(q) for q in queries]
    matcher.add_entries(LISTED[2000:], "test")
    after = [matcher.match_prepared(q) for q in queries]
    assert after != before
    assert after == [_straightforward(matcher, q) for q in queries]


def _name_points(prepared: PreparedEntry, query: PreparedQuery) -> float:
    """The name feature's points, straight from the feature functions."""
    best = 0.0
    if query.person is not None:
        for form in prepared.persons:
            best = max(best, person_similarity(query.person, form)[0])
    if query.organisation is not None:
        for oform in prepared.organisations:
            best = max(best, organisation_similarity(query.organisation, oform)[0])
    return name_feature_score(best)


_WORD = st.text(alphabet="abcdeghijklmnorstuwyz", min_size=1, max_size=8)
_NAME = st.lists(_WORD, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    query=_NAME,
    names=st.lists(_NAME, min_size=20, max_size=20),
    schema=st.sampled_from(["Person", "Organization"]),
    query_schema=st.sampled_from(["Person", "Organization", None]),
)
def test_no_entry_scores_above_its_bound(
    query: str, names: list[str], schema: str, query_schema: str | None
) -> None:
    bounds = NameBounds()
    prepared = [
        prepare_entry(ListEntry(ref=str(i), schema=schema, name=n)) for i, n in enumerate(names)
    ]
    for entry in prepared:
        bounds.add(entry)
    prepared_query = prepare_query(query, schema=query_schema)
    positions, points, ranks = bounds.upper_bounds(prepared_query, range(len(prepared)))
    order = list(zip(points.tolist(), (-ranks).tolist(), strict=True))
    assert order == sorted(order, reverse=True)  # best bound first, ties in ref order
    for position, bound in zip(positions.tolist(), points.tolist(), strict=True):
        assert round(_name_points(prepared[position], prepared_query), 4) <= bound


def test_letter_counts_count_letters_digits_and_the_rest() -> None:
    counts = letter_counts(["abba", "", "z9é"])
    assert counts[0][:2].tolist() == [2, 2] and counts[0].sum() == 4
    assert counts[1].sum() == 0
    assert counts[2][25] == 1 and counts[2][35] == 1 and counts[2][36] == 1


def _with_evidence(entries: Sequence[ListEntry], seed: int) -> list[ListEntry]:
    """The same entries, some with nationalities and document numbers to agree or differ."""
    rng = random.Random(seed)
    return [
        dataclasses.replace(
            e,
            nationalities=tuple(rng.sample(["KP", "CN", "RU"], rng.randint(0, 2))),
            documents=(Document(f"P{number % 50:04d}", "passport", "KP"),)
            if rng.random() < 0.5
            else (),
        )
        for number, e in enumerate(entries)
    ]


def test_other_evidence_lifts_and_sinks_the_same_entries_as_scoring_every_candidate() -> None:
    listed = _with_evidence(LISTED, seed=5)
    matcher = PartyMatcher([], threshold=0.80)
    matcher.add_entries(listed, "test")
    rng = random.Random(11)
    queries = [
        dataclasses.replace(
            q,
            nationality=rng.choice([None, "KP", "CN"]),
            id_number=rng.choice([None, "P0007", "P0049", "X1"]),
        )
        for q in _queries(listed, 300, seed=13)
    ]
    assert any(q.nationality and q.id_number and q.birth_date for q in queries)
    for query in queries:
        assert matcher.match_prepared(query) == _straightforward(matcher, query), query.name


def test_namesakes_share_their_forms_and_keep_their_own_entries() -> None:
    matcher = PartyMatcher([], threshold=0.80)
    matcher.add_entries(LISTED, "test")
    by_names: dict[tuple[str, str], PreparedEntry] = {}
    shared = 0
    for listed, prepared in zip(LISTED, matcher.entries, strict=True):
        alone = prepare_entry(listed, "test")
        assert prepared.entry is listed
        assert (prepared.persons, prepared.organisations) == (alone.persons, alone.organisations)
        assert prepared.sketch == alone.sketch
        first = by_names.setdefault((listed.schema, listed.name), prepared)
        if first is not prepared:
            assert prepared.persons is first.persons
            assert prepared.organisations is first.organisations
            shared += 1
    assert shared > 100  # the listing has namesakes: the test saw some shared


@pytest.mark.parametrize("threshold", [0.80, 0.83, 0.90])
def test_few_candidates_unbounded_are_scored_as_every_candidate_is(threshold: float) -> None:
    # a short list: most queries meet too few candidates to bound, and the birth date
    # alone (another day, a year only, another year) decides against an exact name
    rng = random.Random(17)
    listed = [
        dataclasses.replace(e, birth_dates=(e.birth_dates[0][:4],))
        if e.birth_dates and rng.random() < 0.3
        else e
        for e in _listed(300, seed=19)
    ]
    matcher = PartyMatcher([], threshold=threshold)
    matcher.add_entries(listed, "test")
    queries = [
        dataclasses.replace(
            q, birth_date=f"195{rng.randint(0, 9)}-0{rng.randint(1, 2)}-0{rng.randint(1, 3)}"
        )
        for q in _queries(listed, 200, seed=23)
    ]
    assert sum(len(matcher.index.candidates(q.keys)) <= 16 for q in queries) > 100
    for query in queries:
        assert matcher.match_prepared(query) == _straightforward(matcher, query), query.name
