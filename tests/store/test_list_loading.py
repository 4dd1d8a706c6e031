"""Which list snapshot is current: the shrink guard, reloads, rollbacks and their history."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from borderwatch.errors import InputError, NotFoundError
from borderwatch.parties.entries import ListSnapshot
from borderwatch.parties.un_xml import parse_un_xml
from borderwatch.store import open_database
from borderwatch.store.audit import recent_records, verify
from borderwatch.store.list_loading import load_snapshot, shrink_problem
from borderwatch.store.list_matchers import matcher_from_store
from borderwatch.store.list_selections import (
    current_snapshot_hashes,
    current_snapshots,
    find_snapshot,
    select_snapshot,
    selection_history,
    snapshots_by_hash,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"


def _sample(source: str = "un.xml") -> ListSnapshot:
    return parse_un_xml(SAMPLE.read_bytes(), source=source)


@pytest.mark.parametrize(
    ("current", "new", "limit", "refused"),
    [
        (None, 3, 0.2, False),  # a first list
        (None, 0, 0.2, True),  # an empty first list
        (100, 80, 0.2, False),  # exactly at the limit
        (100, 79, 0.2, True),  # one past it
        (100, 120, 0.2, False),  # growing
        (100, 0, 1.0, True),  # empty is refused whatever the limit
        (100, 1, 1.0, False),
        (3, 2, 0.5, False),
        (3, 1, 0.5, True),
    ],
)
def test_shrink_limit(current: int | None, new: int, limit: float, refused: bool) -> None:
    assert (shrink_problem("un.xml", current, new, limit) is not None) is refused


def test_shrink_message_says_what_how_much_and_what_to_do() -> None:
    assert shrink_problem("un.xml", 1234, 0, 0.2) == (
        "would shrink un.xml from 1,234 to 0 entries (100%); the limit is 20%; "
        "check the file, or pass --force"
    )


def test_an_empty_list_does_not_replace_the_current_one_unless_forced(database_url: str) -> None:
    engine = open_database(database_url)
    full = _sample()
    empty = replace(full, content_hash="0" * 64, entries=())
    assert load_snapshot(engine, full, actor="tests").reason == "loaded"

    with pytest.raises(InputError, match=r"from 3 to 0 entries \(100%\); the limit is 20%"):
        load_snapshot(engine, empty, actor="tests")
    assert current_snapshot_hashes(engine) == (full.content_hash,)
    matcher = matcher_from_store(engine, threshold=0.8)
    assert matcher is not None and matcher.match_fields("Pak Song Chol", birth_date="1971-04-12")

    forced = load_snapshot(engine, empty, force=True, note="UN site was down", actor="tests")
    assert (forced.state, forced.reason) == ("stored", "forced")
    assert forced.replaced is not None and forced.replaced.content_hash == full.content_hash
    assert current_snapshot_hashes(engine) == (empty.content_hash,)

    reloaded = load_snapshot(engine, full, actor="tests")
    assert (reloaded.state, reloaded.reason) == ("reloaded", "reloaded")
    assert current_snapshot_hashes(engine) == (full.content_hash,)
    assert load_snapshot(engine, full, actor="tests").state == "unchanged"

    back = select_snapshot(engine, "0" * 8, note="checking the empty file", actor="tests")
    assert back.current and back.content_hash == empty.content_hash
    history = [(s.reason, s.snapshot.entry_count, s.note) for s in selection_history(engine)]
    assert history == [
        ("loaded", 3, None),
        ("forced", 0, "UN site was down"),
        ("reloaded", 3, None),
        ("rollback", 0, "checking the empty file"),
    ]
    # each change of the current list is audited; the refused and the unchanged load are not
    audited = [
        (r.action, r.detail["reason"], r.detail["content_hash"], r.detail["replaced_snapshot_id"])
        for r in recent_records(engine)
    ]
    assert audited == [
        ("list.load", "loaded", full.content_hash, None),
        ("list.load", "forced", empty.content_hash, 1),
        ("list.load", "reloaded", full.content_hash, 2),
        ("list.use", "rollback", empty.content_hash, 1),
    ]
    forced_record = recent_records(engine)[1]
    assert forced_record.subject == empty.label and forced_record.actor == "tests"
    assert "from 3 to 0 entries" in forced_record.detail["problem"]
    assert forced_record.detail["note"] == "UN site was down"
    assert verify(engine).intact
    engine.dispose()


def test_the_limit_comes_from_the_setting_or_the_caller(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = open_database(database_url)
    full = _sample()
    one = replace(full, content_hash="1" * 64, entries=full.entries[:1])
    load_snapshot(engine, full, actor="tests")
    with pytest.raises(InputError, match="from 3 to 1 entries"):
        load_snapshot(engine, one, actor="tests")
    monkeypatch.setenv("BORDERWATCH_LIST_SHRINK_LIMIT", "0.7")
    assert load_snapshot(engine, one, actor="tests").reason == "loaded"
    with pytest.raises(InputError, match="between 0 and 1"):
        load_snapshot(engine, full, max_shrink=1.5, actor="tests")
    assert load_snapshot(engine, full, max_shrink=0.0, actor="tests").reason == "reloaded"
    engine.dispose()


def test_snapshots_are_found_by_id_hash_prefix_or_label(database_url: str) -> None:
    engine = open_database(database_url)
    first = replace(_sample(), content_hash="abcdef12" + "0" * 56)
    second = replace(_sample(), content_hash="abcdef12" + "f" * 56)
    other = replace(_sample("other.xml"), content_hash="12345678" * 8)
    for snapshot in (first, second, other):
        load_snapshot(engine, snapshot, actor="tests")
    assert find_snapshot(engine, "1").content_hash == first.content_hash
    assert find_snapshot(engine, "abcdef12f").content_hash == second.content_hash
    assert find_snapshot(engine, second.label).content_hash == second.content_hash
    assert find_snapshot(engine, "12345678").content_hash == other.content_hash  # hash first
    with pytest.raises(InputError, match="names 2 snapshots"):
        find_snapshot(engine, "ABCDEF12")
    with pytest.raises(NotFoundError, match="at least 8 digits"):
        find_snapshot(engine, "abcdef1")
    with pytest.raises(NotFoundError):
        find_snapshot(engine, "99")
    rolled = select_snapshot(engine, "1", actor="tests")
    assert rolled.current and current_snapshot_hashes(engine) == tuple(
        sorted([first.content_hash, other.content_hash])
    )
    assert [s.source for s in current_snapshots(engine)] == ["other.xml", "un.xml"]
    engine.dispose()


def test_snapshots_by_hash_gives_exactly_the_recorded_set(database_url: str) -> None:
    engine = open_database(database_url)
    full = _sample()
    one = replace(full, content_hash="1" * 64, entries=full.entries[:1])
    load_snapshot(engine, full, actor="tests")
    load_snapshot(engine, one, force=True, actor="tests")
    recorded = snapshots_by_hash(engine, [full.content_hash])
    assert [len(s.entries) for s in recorded] == [3]
    assert recorded[0].entries == full.entries
    assert [s.content_hash for s in snapshots_by_hash(engine, ["1" * 64, full.content_hash])] == [
        "1" * 64,
        full.content_hash,
    ]
    with pytest.raises(NotFoundError, match="eeeeeeeeeeee not in the store"):
        snapshots_by_hash(engine, [full.content_hash, "e" * 64])
    engine.dispose()
