"""The HTTP service: one FastAPI application over the shared screening assembly.

``create_app()`` builds it; ``borderwatch serve`` runs it. Every route screens,
classifies and matches through the same :class:`~borderwatch.engine.screener.Screener`
the command line uses, so a declaration gets the same verdict from either.
"""
