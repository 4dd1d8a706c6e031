"""Rule-base versions in the store, on SQLite and PostgreSQL: loaded once, refused when
broken, rolled back, audited, and read back after their folder is gone."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from borderwatch.errors import NotFoundError, RuleBaseError
from borderwatch.rules.loader import load_rule_base, shipped_rule_base
from borderwatch.store import open_database
from borderwatch.store.audit import recent_records, verify
from borderwatch.store.rule_base_versions import (
    _loaded,
    latest_selection_id,
    rule_base_selections,
    stored_rule_base,
)
from borderwatch.store.rule_bases import (
    current_rule_base,
    find_version,
    load_version,
    rule_base_history,
    select_version,
    stored_versions,
)
from tests.rules.building import DANDONG_ALLOWANCE, copy_rule_base, cut_dandong_allowance


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


def _selections(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(rule_base_selections)).scalar())


def test_a_folder_is_stored_once_and_made_current(engine: Engine, tmp_path: Path) -> None:
    folder = copy_rule_base(tmp_path / "rules")
    assert current_rule_base(engine) is None  # nothing chosen: the shipped one is used

    first = load_version(engine, folder, note="as shipped", actor="cli:test")
    assert (first.state, first.replaced) == ("stored", None)
    version = first.version
    assert version.content_hash == shipped_rule_base().version  # the hash results record
    assert (version.current, version.note, version.loaded_by) == (True, "as shipped", "cli:test")
    assert version.measure_count == len(shipped_rule_base().measures)
    found = current_rule_base(engine)
    assert found is not None and found[1].id == version.id
    assert found[0].version == version.content_hash

    again = load_version(engine, folder, actor="cli:test")
    assert (again.state, again.version.id) == ("unchanged", version.id)
    assert _selections(engine) == 1  # nothing recorded when nothing changed

    baggage = folder / "measures" / "practice" / "cn-port-baggage.yaml"
    as_shipped = baggage.read_bytes()
    second = load_version(engine, cut_dandong_allowance(folder), actor="cli:test")
    assert (second.state, second.replaced and second.replaced.id) == ("stored", version.id)
    assert second.version.content_hash == load_rule_base(folder).version != version.content_hash

    baggage.write_bytes(as_shipped)  # back to the first files: stored already, current again
    back = load_version(engine, folder, actor="cli:test")
    assert (back.state, back.version.id) == ("reloaded", version.id)
    assert [v.id for v in stored_versions(engine)] == [1, 2]
    assert [s.reason for s in rule_base_history(engine)] == ["loaded", "loaded", "reloaded"]


def test_a_broken_rule_base_is_refused_naming_the_file_and_nothing_changes(
    engine: Engine, tmp_path: Path
) -> None:
    good = copy_rule_base(tmp_path / "good")
    load_version(engine, good, actor="cli:test")
    records = len(recent_records(engine, 100))
    broken = copy_rule_base(tmp_path / "broken")
    bad = broken / "measures" / "un" / "unscr-2397-2017.yaml"
    bad.write_text("measures: [\n", encoding="utf-8")

    with pytest.raises(RuleBaseError) as refused:
        load_version(engine, broken, actor="cli:test")
    message = str(refused.value)
    assert f"{bad}:" in message and "not valid YAML" in message
    assert "rules check --rule-base" in message and "Nothing was stored" in message
    assert [v.content_hash for v in stored_versions(engine)] == [load_rule_base(good).version]
    assert _selections(engine) == 1 and len(recent_records(engine, 100)) == records


def test_rollback_by_id_or_hash_prefix_in_order_and_audited(engine: Engine, tmp_path: Path) -> None:
    folder = copy_rule_base(tmp_path / "rules")
    one = load_version(engine, folder, actor="cli:ri").version
    two = load_version(engine, cut_dandong_allowance(folder), actor="cli:ri").version
    with engine.connect() as conn:
        assert latest_selection_id(conn) == 2

    back = select_version(engine, one.content_hash[:8], note="withdrawn", actor="api:kim")
    assert (back.id, back.current) == (one.id, True)
    assert current_rule_base(engine) is not None
    assert select_version(engine, str(two.id), actor="api:kim").id == two.id
    assert find_version(engine, f"stored:{one.content_hash}").id == one.id

    history = rule_base_history(engine)
    assert [(s.version.id, s.reason, s.chosen_by) for s in history] == [
        (1, "loaded", "cli:ri"),
        (2, "loaded", "cli:ri"),
        (1, "rollback", "api:kim"),
        (2, "rollback", "api:kim"),
    ]
    assert history[2].note == "withdrawn" and history[3].version.current
    assert history[0].chosen_at <= history[3].chosen_at

    records = sorted(recent_records(engine, 100), key=lambda r: r.seq)
    assert [(r.actor, r.action, r.subject) for r in records] == [
        ("cli:ri", "rules.load", f"stored:{one.content_hash}"),
        ("cli:ri", "rules.load", f"stored:{two.content_hash}"),
        ("api:kim", "rules.use", f"stored:{one.content_hash}"),
        ("api:kim", "rules.use", f"stored:{two.content_hash}"),
    ]
    changed = records[1].detail["files_changed"]
    assert changed == {
        "added": [],
        "removed": [],
        "changed": ["measures/practice/cn-port-baggage.yaml"],
    }
    assert records[2].detail["replaced_version_id"] == two.id
    assert verify(engine).intact

    with pytest.raises(NotFoundError, match="rules history"):
        select_version(engine, "ffffffff", actor="api:kim")
    for unknown in ("4dcf", "zzzzzzzz", "99"):  # too short for a hash; not hex; no such id
        with pytest.raises(NotFoundError):
            select_version(engine, unknown, actor="api:kim")
    assert _selections(engine) == 4


def test_a_stored_version_is_read_after_its_folder_and_copy_are_gone(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BORDERWATCH_DATA_DIR", str(tmp_path / "data"))
    folder = cut_dandong_allowance(copy_rule_base(tmp_path / "rules"))
    version = load_version(engine, folder, actor="cli:test").version
    shutil.rmtree(folder)
    written = tmp_path / "data" / "rule-bases" / version.content_hash
    _loaded.cache_clear()

    base = stored_rule_base(engine, version.content_hash)
    assert base is not None and base.version == version.content_hash
    allowance = base.measure(DANDONG_ALLOWANCE).effect.allowance
    assert allowance is not None and allowance.max_items == 1  # the stored files, not shipped
    assert written.is_dir()

    # the written copy edited by hand is written again from the store
    baggage = written / "measures" / "practice" / "cn-port-baggage.yaml"
    baggage.write_text(baggage.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    _loaded.cache_clear()
    again = stored_rule_base(engine, version.content_hash)
    assert again is not None and again.version == version.content_hash
    assert "# edited" not in baggage.read_text(encoding="utf-8")

    shutil.rmtree(written)
    _loaded.cache_clear()
    assert stored_rule_base(engine, version.content_hash) is not None
    assert stored_rule_base(engine, "0" * 16) is None
