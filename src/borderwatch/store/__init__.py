"""Persistence: one SQLAlchemy metadata, SQLite by default, PostgreSQL for many users.

Tables are declared next to the code that owns them (``store/*.py``) on the
shared :data:`metadata`; the schema is made and changed by the Alembic
revisions in ``store/migrations``, which :func:`open_database` applies on
first use (see :mod:`borderwatch.store.migration`).
"""

from borderwatch.store.database import metadata, open_database

__all__ = ["metadata", "open_database"]
