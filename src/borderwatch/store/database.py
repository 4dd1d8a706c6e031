"""Opening the store; dialect differences live here and nowhere else."""

from __future__ import annotations

import datetime as dt
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, Insert, MetaData, Table, create_engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from borderwatch.errors import StoreError

try:
    import fcntl
except ImportError:  # Windows: the processes of one SQLite store meet SQLite's busy handler
    fcntl = None  # type: ignore[assignment]
from borderwatch.settings import get_settings

__all__ = [
    "as_utc",
    "connect",
    "describe",
    "insert_unless_taken",
    "metadata",
    "open_database",
    "reaching",
    "writing",
]

metadata = MetaData()


def _enable_sqlite_foreign_keys(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]  # DB-API connection
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def connect(url: str | None = None) -> Engine:
    """An engine for the store at ``url`` (default: settings), schema left as it is."""
    url = url or get_settings().resolved_database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def describe(engine: Engine) -> str:
    """The store's URL with any password hidden, for messages."""
    return engine.url.render_as_string(hide_password=True)


@contextmanager
def reaching(engine: Engine) -> Iterator[None]:
    """Turn a store that cannot be reached or read into a :class:`StoreError` that says so."""
    try:
        yield
    except OperationalError as exc:
        raise StoreError(
            f"cannot open the store at {describe(engine)}: {exc.orig}. "
            "Check BORDERWATCH_DATABASE_URL and that the server is running."
        ) from exc


@dataclass
class _WriterQueue:
    """Where the writers of one SQLite store queue: a lock for the threads of this process,
    and a lock file beside the store for the processes (several ``serve`` workers)."""

    threads: threading.Lock = field(default_factory=threading.Lock)
    lock_file: int | None = None  # descriptor of the lock file, opened on first use


_writer_queues: weakref.WeakKeyDictionary[Engine, _WriterQueue] = weakref.WeakKeyDictionary()
_writer_queues_guard = threading.Lock()


def _writer_queue(engine: Engine) -> _WriterQueue:
    with _writer_queues_guard:
        queue = _writer_queues.get(engine)
        if queue is None:
            queue = _writer_queues[engine] = _WriterQueue()
            path = engine.url.database
            if fcntl is not None and path and path != ":memory:" and not path.startswith("file:"):
                queue.lock_file = os.open(f"{path}.writer-lock", os.O_RDWR | os.O_CREAT, 0o600)
        return queue


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` for a transaction that writes; on SQLite, one such at a time.

    SQLite lets one transaction write at a time and makes the others wait in
    its busy handler, which sleeps in growing steps (up to 100 ms) and gives
    up after the driver's timeout: under a burst of requests most of a
    write's time went to sleeping, and the tail to 503s. Writers queue
    instead, and each starts the moment the one before it commits: the
    threads of a process on a lock, the processes (``serve --workers``) on
    an exclusive lock of ``<store>.writer-lock`` beside the store file.
    PostgreSQL takes its row locks itself: nothing is added there. Do slow
    work (screening) before entering, not inside.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            yield conn
        return
    queue = _writer_queue(engine)
    with queue.threads:
        if queue.lock_file is not None:
            fcntl.flock(queue.lock_file, fcntl.LOCK_EX)  # waits without holding the GIL
        try:
            with engine.begin() as conn:
                yield conn
        finally:
            if queue.lock_file is not None:
                fcntl.flock(queue.lock_file, fcntl.LOCK_UN)


def insert_unless_taken(conn: Connection, table: Table) -> Insert:
    """``INSERT ... ON CONFLICT DO NOTHING`` into ``table``, in ``conn``'s dialect.

    A row that would break any unique constraint or index of ``table`` is
    not inserted, and no error is raised: add ``.returning(table.c.id)`` and
    an empty result says the row was taken. Unlike catching an
    IntegrityError, this leaves the caller's transaction usable (PostgreSQL
    aborts a transaction on any error) and needs no savepoint (which the
    SQLite driver mishandles). A concurrent insert of the same key waits for
    the other transaction and then does nothing if it committed.
    """
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing()


def as_utc(stamp: dt.datetime) -> dt.datetime:
    """A stored timestamp in UTC: SQLite gives back the UTC time written, without its zone."""
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


#: the newest schema revision shipped (a test holds it equal to the migrations folder's head)
SCHEMA_HEAD = "0010"


def _at_head(engine: Engine) -> bool:
    """True when the store already has the newest schema; one query, no Alembic import."""
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return False  # a new store, an older one, or one out of reach: let the migration tell
    return found == [SCHEMA_HEAD]


def open_database(url: str | None = None) -> Engine:
    """Connect to the store at ``url`` (default: settings), migrated to the latest schema.

    A new or older store is upgraded on first use, one process at a time
    (see :mod:`borderwatch.store.migration`), so no set-up step is needed. A
    store already at the newest schema costs one query (Alembic is not loaded).
    """
    engine = connect(url)
    if _at_head(engine):
        return engine
    from borderwatch.store.migration import upgrade  # migration imports this module

    try:
        upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    return engine
