"""The party index cache: hit, miss, key changes, corrupt files, concurrent writers."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from borderwatch.parties import index_cache
from borderwatch.parties.entries import ListEntry, ListSnapshot
from borderwatch.parties.index_cache import cache_dir, cache_key, cache_path, cached_matcher
from borderwatch.parties.matcher import PartyMatcher
from borderwatch.parties.stored_index import StoredEntries
from borderwatch.parties.un_xml import parse_un_xml

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"
QUERIES = [
    ("Pak Song Chol", "Person", "1971-04-12"),
    ("Ri Myong Su", None, None),
    ("Korea Songbong General Trading", None, None),
    ("Kim Chol Su", "Person", None),
    ("Choe Chun Sik", "Person", "1954"),
    ("Dandong Hongxiang Trading", "Organization", None),
    ("Nobody In Particular", None, None),
]


def _snapshot() -> ListSnapshot:
    """The three-entry sample plus made-up namesakes, so blocking has crowded keys too."""
    sample = parse_un_xml(SAMPLE.read_bytes(), source="un-sample.xml")
    surnames, given = ("Kim", "Ri", "Pak", "Choe", "Jang"), ("Chol", "Song", "Myong", "Su", "Il")
    made_up = [
        ListEntry(
            ref=f"T-{n}", schema="Person", name=f"{s} {a} {b}", birth_dates=(f"{1950 + n % 40}",)
        )
        for n, (s, a, b) in enumerate(itertools.product(surnames, given, given))
    ]
    firms = [
        ListEntry(ref=f"F-{n}", schema="Organization", name=f"{p} {t} Trading Co Ltd")
        for n, (p, t) in enumerate(itertools.product(("Dandong", "Korea", "Sinuiju"), given))
    ]
    return replace(sample, entries=sample.entries + tuple(made_up) + tuple(firms))


class _Loader:
    def __init__(self, snapshots: Sequence[ListSnapshot]) -> None:
        self.snapshots, self.calls = snapshots, 0

    def __call__(self) -> Sequence[ListSnapshot]:
        self.calls += 1
        return self.snapshots


def _results(matcher: PartyMatcher) -> list[object]:
    return [
        matcher.match_fields(name, schema=schema, birth_date=day) for name, schema, day in QUERIES
    ]


def test_the_default_folder_and_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert cache_dir() == Path(str(tmp_path / "cache"))  # set by tests/parties/conftest.py
    monkeypatch.delenv("BORDERWATCH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "borderwatch"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path.home() / ".cache" / "borderwatch"


def test_a_miss_builds_and_stores_then_a_hit_reads_the_file_without_loading() -> None:
    snapshot = _snapshot()
    load = _Loader([snapshot])
    cold = cached_matcher([snapshot.content_hash], load, threshold=0.8)
    assert load.calls == 1 and isinstance(cold.entries, list)
    assert cache_path(cache_key([snapshot.content_hash])).is_file()
    warm = cached_matcher([snapshot.content_hash], load, threshold=0.8)
    assert load.calls == 1, "a warm call must not read the entries"
    assert isinstance(warm.entries, StoredEntries)
    assert warm.snapshots == cold.snapshots
    assert len(warm.entries) == len(cold.entries) and len(warm.index) == len(cold.index)
    assert list(warm.entries) == cold.entries
    results = _results(warm)
    assert results == _results(cold)
    assert any(results) and not all(results)  # some queries match, the made-up one does not


def test_threshold_and_limit_apply_to_a_cached_index_without_rebuilding() -> None:
    snapshot = _snapshot()
    load = _Loader([snapshot])
    cached_matcher([snapshot.content_hash], load, threshold=0.8)
    loose = cached_matcher([snapshot.content_hash], load, threshold=0.5, limit=2)
    assert load.calls == 1
    fresh = PartyMatcher([snapshot], threshold=0.5, limit=2)
    assert _results(loose) == _results(fresh)
    assert all(len(found) <= 2 for found in _results(loose))


def test_new_snapshots_blocking_cap_or_file_format_make_a_new_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snapshot = _snapshot()
    other = replace(snapshot, content_hash="e" * 64, entries=snapshot.entries[:3])
    load = _Loader([snapshot])
    cached_matcher([snapshot.content_hash], load, threshold=0.8)
    cached_matcher([snapshot.content_hash], load, threshold=0.8, max_bucket=50)
    assert load.calls == 2
    load_other = _Loader([snapshot, other])
    both = cached_matcher([snapshot.content_hash, other.content_hash], load_other, threshold=0.8)
    assert load_other.calls == 1 and len(both.entries) == len(snapshot.entries) + 3
    key = cache_key([snapshot.content_hash])
    assert key != cache_key([other.content_hash, snapshot.content_hash])  # order is content
    monkeypatch.setattr(index_cache, "FORMAT", index_cache.FORMAT + 1)
    assert cache_key([snapshot.content_hash]) != key
    cached_matcher([snapshot.content_hash], load, threshold=0.8)
    assert load.calls == 3


def test_when_the_store_changed_under_the_call_the_index_is_filed_under_what_was_loaded() -> None:
    snapshot = _snapshot()
    load = _Loader([snapshot])
    cached_matcher(["0" * 64], load, threshold=0.8)  # hashes read before a reload
    assert not cache_path(cache_key(["0" * 64])).exists()
    assert cache_path(cache_key([snapshot.content_hash])).is_file()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"not a database at all" * 100,
        lambda data: data[: len(data) // 2],
        lambda data: data[:100] + b"\x00" * (len(data) - 100),
        lambda data: b"",
    ],
    ids=["garbage", "truncated", "zeroed", "empty"],
)
def test_a_damaged_file_is_rebuilt(damage: object) -> None:
    snapshot = _snapshot()
    load = _Loader([snapshot])
    expected = _results(cached_matcher([snapshot.content_hash], load, threshold=0.8))
    path = cache_path(cache_key([snapshot.content_hash]))
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    rebuilt = cached_matcher([snapshot.content_hash], load, threshold=0.8)
    assert load.calls == 2
    assert _results(rebuilt) == expected
    assert isinstance(
        cached_matcher([snapshot.content_hash], load, threshold=0.8).entries, StoredEntries
    )
    assert load.calls == 2


def test_an_unwritable_cache_folder_costs_speed_not_results(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BORDERWATCH_CACHE_DIR", str(blocker / "cache"))
    snapshot = _snapshot()
    load = _Loader([snapshot])
    first = cached_matcher([snapshot.content_hash], load, threshold=0.8)
    cached_matcher([snapshot.content_hash], load, threshold=0.8)
    assert load.calls == 2
    assert _results(first) == _results(PartyMatcher([snapshot], threshold=0.8))


def _build_in_another_process(folder: str) -> int:
    snapshot = _snapshot()
    matcher = cached_matcher(
        [snapshot.content_hash], lambda: [snapshot], threshold=0.8, directory=Path(folder)
    )
    return len(matcher.match_fields("Pak Song Chol", schema="Person"))


def test_concurrent_writers_leave_one_whole_file_and_no_temporaries(tmp_path: Path) -> None:
    folder = tmp_path / "shared-cache"
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=4, mp_context=context) as pool:
        found = list(pool.map(_build_in_another_process, [str(folder)] * 4))
    assert len(set(found)) == 1 and found[0] > 0
    snapshot = _snapshot()
    assert [p.name for p in folder.iterdir()] == [
        cache_path(cache_key([snapshot.content_hash])).name
    ]
    load = _Loader([snapshot])
    warm = cached_matcher([snapshot.content_hash], load, threshold=0.8, directory=folder)
    assert load.calls == 0 and len(warm.match_fields("Pak Song Chol", schema="Person")) == found[0]


def test_an_open_index_keeps_working_while_a_writer_replaces_its_file() -> None:
    snapshot = _snapshot()
    load = _Loader([snapshot])
    cached_matcher([snapshot.content_hash], load, threshold=0.8)
    reader = cached_matcher([snapshot.content_hash], load, threshold=0.8)
    key = cache_key([snapshot.content_hash])
    index_cache.write_index(cache_path(key), PartyMatcher([snapshot], threshold=0.8), key)
    assert _results(reader) == _results(PartyMatcher([snapshot], threshold=0.8))


def test_the_real_un_list_matches_the_same_from_the_cache(shared_data: Path) -> None:
    path = shared_data / "un-sanctions" / "consolidated.xml"
    snapshot = parse_un_xml(path.read_bytes(), source=str(path))
    load = _Loader([snapshot])
    cold = cached_matcher([snapshot.content_hash], load, threshold=0.8)
    warm = cached_matcher([snapshot.content_hash], load, threshold=0.8)
    assert load.calls == 1
    names = [e.name for e in snapshot.entries[::25]]
    for name in names:
        assert warm.match_fields(name) == cold.match_fields(name), name


def test_only_the_most_recently_used_files_are_kept(tmp_path: Path) -> None:
    snapshot = _snapshot()
    versions = [replace(snapshot, content_hash=f"{n}" * 64) for n in range(index_cache.KEEP + 2)]
    for number, version in enumerate(versions):
        cached_matcher([version.content_hash], _Loader([version]), threshold=0.8)
        if number == 1:  # the second version is used again before the rest are built
            cached_matcher([versions[0].content_hash], _Loader([]), threshold=0.8)
    folder = cache_dir()
    kept = {p.name for p in folder.glob("party-index-*.sqlite")}
    assert len(kept) == index_cache.KEEP
    assert cache_path(cache_key([versions[-1].content_hash])).name in kept
    assert cache_path(cache_key([versions[1].content_hash])).name not in kept
    leftover = folder / ".party-index-dead.sqlite.1234.tmp"
    leftover.write_text("a writer died")
    os.utime(leftover, (0, 0))
    index_cache.prune(folder)
    assert not leftover.exists()
