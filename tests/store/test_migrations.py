"""The store's migrations: they build what the models declare, go down and up again,
adopt stores made before migrations, and ``borderwatch db`` reports the revision."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, insert, inspect, select

from borderwatch.store import open_database
from borderwatch.store.database import SCHEMA_HEAD, connect
from borderwatch.store.list_selections import current_snapshot_hashes, selection_history
from borderwatch.store.list_snapshots import list_snapshots
from borderwatch.store.migration import (
    current_revision,
    declared_metadata,
    downgrade,
    head_revision,
    upgrade,
)
from borderwatch.store.screenings import screenings
from tests.cli.running import run_borderwatch

TABLES = {
    "alembic_version",
    "classification_decisions",
    "declaration_items",
    "declarations",
    "decisions",
    "list_entries",
    "list_selections",
    "list_snapshots",
    "screenings",
}


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), declared_metadata()))


def test_migrations_build_exactly_what_the_models_declare(database_url: str) -> None:
    engine = connect(database_url)
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) == TABLES
    assert _differences(engine) == []
    engine.dispose()


def test_downgrade_to_base_then_upgrade_again(database_url: str) -> None:
    engine = connect(database_url)
    upgrade(engine)
    assert downgrade(engine, "base") is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert upgrade(engine) == head_revision()
    assert _differences(engine) == []
    engine.dispose()


def test_a_screening_stored_before_0002_keeps_its_row_and_has_no_configuration(
    database_url: str,
) -> None:
    engine = connect(database_url)
    assert upgrade(engine, "0001") == "0001"
    with engine.begin() as conn:  # written as 0001 had it: no configuration column
        conn.exec_driver_sql(
            "INSERT INTO screenings (declaration_id, screened_at, as_of, regimes, rule_base,"
            " verdict, declaration, result) VALUES ('D1', '2026-01-01 00:00:00+00:00',"
            " '2026-01-01', 'UN', 'rb', 'clear', '{}', '{}')"
        )
    assert upgrade(engine) == head_revision()
    with engine.connect() as conn:
        (row,) = conn.execute(select(screenings.c.declaration_id, screenings.c.configuration))
    assert tuple(row) == ("D1", None)
    engine.dispose()


def test_a_store_made_before_migrations_is_adopted(database_url: str) -> None:
    """Old commands ran ``create_all`` on the tables they imported: here only the list
    tables, with two loads of one source. Opening it keeps both and makes the last one
    loaded current, which is what screening used before."""
    legacy = MetaData()
    for table in ("list_snapshots", "list_entries"):
        declared_metadata().tables[table].to_metadata(legacy)
    engine = connect(database_url)
    legacy.create_all(engine)
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:
        for number in (1, 2):
            conn.execute(
                insert(list_snapshots).values(
                    content_hash=str(number) * 64,
                    label=f"un-xml:2026-01-0{number}:{str(number) * 12}",
                    source="un.xml",
                    format="un-xml",
                    loaded_at=stamp,
                    entry_count=0,
                )
            )
    engine.dispose()

    engine = open_database(database_url)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) == TABLES
    assert _differences(engine) == []
    assert current_snapshot_hashes(engine) == ("2" * 64,)
    (selection,) = selection_history(engine)
    assert selection.reason == "loaded" and selection.snapshot.content_hash == "2" * 64
    engine.dispose()


def test_db_commands_report_and_upgrade_the_revision(tmp_path: Path) -> None:
    env = {"BORDERWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'bw.sqlite'}"}
    before = run_borderwatch("db", "current", env=env)
    assert before.returncode == 0, before.stderr
    assert "no revision" in before.stdout and "borderwatch db upgrade" in before.stdout
    done = run_borderwatch("db", "upgrade", env=env)
    assert done.returncode == 0, done.stderr
    head = head_revision()
    assert f"upgraded from empty to revision {head} (head)" in done.stdout
    again = run_borderwatch("db", "upgrade", env=env)
    assert f"already at revision {head} (head)" in again.stdout
    after = run_borderwatch("db", "current", env=env)
    assert f"revision {head} (head)" in after.stdout


def test_db_current_on_a_store_that_cannot_be_reached_says_so() -> None:
    env = {"BORDERWATCH_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nothing"}
    done = run_borderwatch("db", "current", env=env)
    assert done.returncode == 4
    assert "Check BORDERWATCH_DATABASE_URL" in " ".join(done.stderr.split())


def test_the_fast_head_check_names_the_newest_migration() -> None:
    """open_database skips Alembic when the store is at SCHEMA_HEAD: it must be the head."""
    assert head_revision() == SCHEMA_HEAD


def test_an_older_store_is_still_upgraded_past_the_fast_check(database_url: str) -> None:
    engine = open_database(database_url)
    downgrade(engine, "0001")
    engine.dispose()
    engine = open_database(database_url)
    assert current_revision(engine) == SCHEMA_HEAD
    engine.dispose()


def test_0004_keeps_the_screenings_of_an_older_store_both_ways(database_url: str) -> None:
    """Revision 0004 rebuilds `screenings` on SQLite to add its link to `declarations`;
    the rows stay, up and down, and the append-only triggers come and go cleanly."""
    engine = connect(database_url)
    assert upgrade(engine, "0002") == "0002"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO screenings (declaration_id, screened_at, as_of, regimes, rule_base,"
            " verdict, declaration, result, configuration) VALUES ('D1',"
            " '2026-01-01 00:00:00+00:00', '2026-01-01', 'UN', 'rb', 'clear', '{}', '{}', '{}')"
        )
    assert upgrade(engine) == head_revision()
    assert _differences(engine) == []
    with engine.connect() as conn:
        (row,) = conn.execute(
            select(screenings.c.declaration_id, screenings.c.stored_declaration_id)
        )
    assert tuple(row) == ("D1", None)
    assert downgrade(engine, "0002") == "0002"
    assert "declarations" not in inspect(engine).get_table_names()
    assert upgrade(engine) == head_revision()  # the trigger function was dropped with it
    with engine.connect() as conn:
        assert conn.execute(select(screenings.c.declaration_id)).scalars().all() == ["D1"]
    engine.dispose()
