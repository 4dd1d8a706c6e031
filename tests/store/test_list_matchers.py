"""A matcher from the store: built once, then read from the cache without the entry rows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from borderwatch.errors import NotFoundError
from borderwatch.parties.stored_index import StoredEntries
from borderwatch.parties.un_xml import parse_un_xml
from borderwatch.store import open_database
from borderwatch.store.list_loading import load_snapshot
from borderwatch.store.list_matchers import (
    current_matcher,
    matcher_from_files,
    matcher_from_store,
    recorded_matcher,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"


def test_a_warm_call_reads_the_snapshot_table_only(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BORDERWATCH_CACHE_DIR", str(tmp_path / "cache"))
    engine = open_database(database_url)
    assert matcher_from_store(engine, threshold=0.8) is None
    snapshot = parse_un_xml(SAMPLE.read_bytes(), source="un.xml")
    load_snapshot(engine, snapshot, actor="tests")
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    cold = matcher_from_store(engine, threshold=0.8)
    assert cold is not None and any("list_entries" in s for s in statements)
    statements.clear()
    warm = matcher_from_store(engine, threshold=0.8)
    assert warm is not None and isinstance(warm.entries, StoredEntries)
    assert statements and not any("list_entries" in s for s in statements)
    assert warm.match_fields("Pak Song Chol") == cold.match_fields("Pak Song Chol")
    engine.dispose()


def test_hashes_follow_the_current_snapshot_of_each_source(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BORDERWATCH_CACHE_DIR", str(tmp_path / "cache"))
    engine = open_database(database_url)
    old = parse_un_xml(SAMPLE.read_bytes(), source="un.xml")
    new = replace(old, content_hash="f" * 64, entries=(*old.entries, old.entries[0]))
    other = replace(old, source="other.xml", content_hash="e" * 64)
    for snapshot in (old, other, new):
        load_snapshot(engine, snapshot, actor="tests")
    current = current_matcher(engine, threshold=0.8)
    assert current is not None and current.hashes == ("e" * 64, "f" * 64)  # sorted
    earlier = recorded_matcher(engine, (old.content_hash,), threshold=0.8)
    assert earlier.hashes == (old.content_hash,)
    assert earlier.matcher.match_fields("Pak Song Chol")
    with pytest.raises(NotFoundError, match="not in the store"):
        recorded_matcher(engine, ("0" * 64,), threshold=0.8)
    engine.dispose()


def test_list_files_are_indexed_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BORDERWATCH_CACHE_DIR", str(tmp_path / "cache"))
    cold = matcher_from_files([str(SAMPLE)], threshold=0.8).matcher
    warm = matcher_from_files([str(SAMPLE)], threshold=0.8).matcher
    assert isinstance(cold.entries, list) and isinstance(warm.entries, StoredEntries)
    assert warm.match_fields("Pak Song Chol") == cold.match_fields("Pak Song Chol")
    changed = tmp_path / "changed.xml"
    changed.write_bytes(SAMPLE.read_bytes().replace(b"PAK", b"PARK", 1))
    assert isinstance(matcher_from_files([str(changed)], threshold=0.8).matcher.entries, list)
