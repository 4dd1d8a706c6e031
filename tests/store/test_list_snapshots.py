"""List snapshots in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from borderwatch.parties.un_xml import parse_un_xml
from borderwatch.store import open_database
from borderwatch.store.list_loading import load_snapshot
from borderwatch.store.list_selections import current_snapshots
from borderwatch.store.list_snapshots import save_snapshot, stored_snapshots

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "parties" / "un-sample.xml"


def test_snapshot_round_trips_and_loads_once(database_url: str) -> None:
    engine = open_database(database_url)
    snapshot = parse_un_xml(SAMPLE.read_bytes(), source="un.xml")
    assert save_snapshot(engine, snapshot) is True
    assert save_snapshot(engine, snapshot) is False
    (row,) = stored_snapshots(engine)
    assert (row.label, row.source, row.entry_count) == (snapshot.label, "un.xml", 3)
    assert row.generated == "2025-01-31T10:00:00.000Z"
    assert not row.current and current_snapshots(engine) == []
    assert load_snapshot(engine, snapshot, actor="tests").state == "reloaded"
    (loaded,) = current_snapshots(engine)
    assert loaded.entries == snapshot.entries
    assert loaded.label == snapshot.label
    engine.dispose()


def test_the_current_snapshot_of_each_source_is_used(database_url: str) -> None:
    engine = open_database(database_url)
    old = parse_un_xml(SAMPLE.read_bytes(), source="un.xml")
    new = replace(old, content_hash="f" * 64, entries=old.entries[:1])
    other = replace(old, source="other.xml", content_hash="e" * 64)
    for snapshot in (old, new, other):
        load_snapshot(engine, snapshot, force=True, actor="tests")
    current = {s.source: s for s in current_snapshots(engine)}
    assert len(current["un.xml"].entries) == 1
    assert len(current["other.xml"].entries) == 3
    assert len(stored_snapshots(engine)) == 3
    engine.dispose()
