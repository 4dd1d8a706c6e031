"""Opening the store; dialect differences live here and nowhere else."""

from __future__ import annotations

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.exc import OperationalError

from borderwatch.errors import StoreError
from borderwatch.settings import get_settings

__all__ = ["metadata", "open_database"]

metadata = MetaData()


def _enable_sqlite_foreign_keys(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]  # DB-API connection
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def open_database(url: str | None = None) -> Engine:
    """Connect to the store at ``url`` (default: settings) and create missing tables.

    Importing the modules that declare tables is the caller's job, so a
    command only creates the tables it uses.
    """
    url = url or get_settings().resolved_database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    try:
        metadata.create_all(engine)
    except OperationalError as exc:
        raise StoreError(
            f"cannot open the store at {engine.url.render_as_string(hide_password=True)}: "
            f"{exc.orig}. Check BORDERWATCH_DATABASE_URL and that the server is running."
        ) from exc
    return engine
