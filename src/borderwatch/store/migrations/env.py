"""Alembic's entry point, driven by :mod:`borderwatch.store.migration`.

That module opens the connection (and holds the migration lock on it) and
passes it in ``config.attributes["connection"]``; nothing here reads an ini
file or a URL.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("target_metadata"),
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
)
with context.begin_transaction():
    context.run_migrations()
