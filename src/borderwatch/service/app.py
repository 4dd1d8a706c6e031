"""The application factory: one screening assembly per process, routes per resource."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from borderwatch.about import __version__
from borderwatch.engine.screener import Screener
from borderwatch.service.errors import error_responses, install_error_handlers
from borderwatch.service.limits import RequestSizeLimit
from borderwatch.service.routes import (
    access,
    classify,
    decisions,
    declarations,
    inspection,
    measures,
    parties,
    rule_bases,
    screening,
)
from borderwatch.service.state import ServiceState
from borderwatch.settings import Settings

__all__ = ["create_app"]

_DESCRIPTION = """
Screen declarations against the sanctions measures in force, classify goods
descriptions, match parties against the loaded lists, and ask the rule base
what applies at a crossing on a date. Every verdict names its legal basis.
People sign in with `POST /v1/session` (a session cookie; unsafe methods then
send `X-CSRF-Token`); systems send `Authorization: Bearer <token>`.
Every error has one body: `{"error": {"status", "code", "message", "problems"}}`.
"""


def create_app(
    screener: Screener | Callable[[], Screener] | None = None,
    database: Engine | Callable[[], Engine] | None = None,
    settings: Settings | None = None,
) -> FastAPI:
    """The service over ``screener`` and the store ``database`` (each, or a factory of one).

    Defaults: the store of the settings (``BORDERWATCH_DATABASE_URL``, SQLite in
    the data folder unless set), and the assembly ``borderwatch screen`` builds
    from the settings with that store's lists and officers' classifications.
    Both are opened once, when the application starts; the default assembly is
    built again when the store's current rule base changes. ``settings`` (default:
    the environment's, read now) give sessions, cookies and trusted proxies.
    """
    from borderwatch.store.database import open_database

    def default_screener() -> Screener:
        from borderwatch.assembly import ScreeningChoices, build_screener

        return build_screener(ScreeningChoices(), database=state.database())

    state = ServiceState(
        screener if screener is not None else default_screener,
        database if database is not None else open_database,
        settings,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state.database()  # open and migrate the store, then build the assembly, before
        state.screener()  # the first request rather than during it
        yield

    app = FastAPI(
        title="borderwatch",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        # every route may answer with these, always in the one error body
        responses=error_responses(400, 413, 422, 500),
    )
    app.state.borderwatch = state
    install_error_handlers(app)
    app.add_middleware(RequestSizeLimit)
    for module in (screening, classify, parties, measures):
        app.include_router(module.router, prefix="/v1")
    app.include_router(access.router, prefix="/v1")  # sign-in, API tokens, audit chain
    app.include_router(declarations.router, prefix="/v1")
    app.include_router(decisions.router, prefix="/v1")
    app.include_router(inspection.router, prefix="/v1")
    app.include_router(rule_bases.router, prefix="/v1")
    return app
