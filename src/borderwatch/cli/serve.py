"""`borderwatch serve`: the HTTP service on the embedded default store."""

from __future__ import annotations

from typing import Annotated

import typer

from borderwatch.cli.app import app

__all__ = ["serve"]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes: one per core serves the most. On SQLite their writes "
            "queue on a lock file beside the store; across machines, use PostgreSQL.",
            min=1,
        ),
    ] = 1,
) -> None:
    """Run the HTTP service (screening, classification, party matching, rule base).

    It listens on 127.0.0.1:8000 by default and uses the store of
    BORDERWATCH_DATABASE_URL (SQLite in the data folder unless set). The API is
    described at /docs and /openapi.json. Behind a reverse proxy, name it in
    BORDERWATCH_TRUSTED_PROXIES, or its X-Forwarded-For is ignored.

    Examples: borderwatch serve --port 8080
              borderwatch serve --host 0.0.0.0 --workers 2
    """
    import uvicorn

    typer.echo(f"borderwatch serving on http://{host}:{port} (API at /docs)", err=True)
    uvicorn.run(
        "borderwatch.service.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # the client's address is the connection's unless BORDERWATCH_TRUSTED_PROXIES says
        # otherwise (service/client.py); uvicorn would believe X-Forwarded-For from 127.0.0.1
        proxy_headers=False,
    )
