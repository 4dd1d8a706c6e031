"""Migrating the store with Alembic, one process at a time.

The revisions live in ``store/migrations/versions`` and ship with the
package; Alembic is configured here, so no ``alembic.ini`` is needed.

Two processes opening a new store together must not both create its tables,
so a migration runs under a lock held for its whole length, and the
revision is read again once the lock is held:

- PostgreSQL: ``pg_advisory_xact_lock`` on the migration's own connection and
  transaction, released when it commits or rolls back (DDL is transactional
  there, so a failed migration leaves nothing half-made);
- SQLite: an exclusive ``flock`` on ``<database file>.lock`` beside the file
  (the lock file is left in place: removing it would reopen the race).

A store whose revision is already the head takes no lock at all.
"""

from __future__ import annotations

import fcntl
import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, MetaData, text

from borderwatch.errors import StoreError
from borderwatch.store.database import describe, reaching

__all__ = [
    "LOCK_WAIT_SECONDS",
    "current_revision",
    "declared_metadata",
    "downgrade",
    "head_revision",
    "upgrade",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK_WAIT_SECONDS = 120.0
# pg_advisory_xact_lock takes a bigint; any fixed number that other software
# on the same database is unlikely to use ("bwstore" in ASCII).
_PG_LOCK_KEY = 0x627773746F7265


def _config(connection: Connection | None = None, metadata: MetaData | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["target_metadata"] = metadata
    return config


@functools.cache
def head_revision() -> str:
    """The newest revision this borderwatch ships."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise StoreError(f"no migrations found in {MIGRATIONS}; reinstall borderwatch.")
    return head


def _revision_of(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision; None for a store never migrated (new or pre-Alembic)."""
    with reaching(engine), engine.connect() as conn:
        return _revision_of(conn)


def declared_metadata() -> MetaData:
    """The shared metadata with every table-declaring module imported."""
    from borderwatch.store import (  # noqa: F401  # imported for the tables they declare
        accounts,
        api_tokens,
        audit,
        classification_decisions,
        decision_rows,
        declaration_rows,
        inspection_selections,
        list_history,
        list_selections,
        list_snapshots,
        rule_base_versions,
        screenings,
        sessions,
        sign_in,
        targeting_models,
    )
    from borderwatch.store.database import metadata

    return metadata


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        yield  # a private in-memory store: nobody to race with
        return
    lock_path = Path(f"{database}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        give_up = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > give_up:
                    raise StoreError(
                        f"{lock_path} has been locked for {LOCK_WAIT_SECONDS:.0f} s by another "
                        "process migrating the store. Wait for it to finish, or stop it."
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that only one process at a time can hold."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS:.0f}s'"))
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            yield conn
        return
    with _sqlite_file_lock(engine), engine.begin() as conn:
        yield conn


def _run(engine: Engine, action: str, target: str) -> str | None:
    try:
        with reaching(engine), _migration_connection(engine) as conn:
            config = _config(conn)
            if action == "upgrade":
                if target == "head" and _revision_of(conn) == head_revision():
                    return head_revision()  # another process got there while we waited
                command.upgrade(config, target)
            else:
                command.downgrade(config, target)
            return _revision_of(conn)
    except CommandError as exc:
        raise StoreError(
            f"cannot {action} the store at {describe(engine)} to {target}: {exc}. "
            f"This borderwatch knows revisions up to {head_revision()}; a store at a "
            "newer revision needs a newer borderwatch."
        ) from exc


def upgrade(engine: Engine, target: str = "head") -> str:
    """Migrate the store to ``target`` (default: the newest) and return its revision."""
    if target == "head" and current_revision(engine) == head_revision():
        return head_revision()
    return _run(engine, "upgrade", target) or "base"


def downgrade(engine: Engine, target: str) -> str | None:
    """Migrate the store back to ``target`` ('base' drops every table); its revision after."""
    return _run(engine, "downgrade", target)
