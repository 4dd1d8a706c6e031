"""Alembic migrations of the store; run through :mod:`borderwatch.store.migration`."""
