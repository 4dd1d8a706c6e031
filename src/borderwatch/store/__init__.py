"""Persistence: one SQLAlchemy metadata, SQLite by default, PostgreSQL for many users.

Tables are declared next to the code that owns them (``store/*.py``) on the
shared :data:`metadata`; :func:`open_database` creates what is missing.
"""

from borderwatch.store.database import metadata, open_database

__all__ = ["metadata", "open_database"]
