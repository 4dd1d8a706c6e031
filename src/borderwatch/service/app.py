"""The application factory: one screening assembly per process, routes per resource."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from borderwatch.about import __version__
from borderwatch.engine.screener import Screener
from borderwatch.service.errors import error_responses, install_error_handlers
from borderwatch.service.limits import RequestSizeLimit
from borderwatch.service.pages.guard import SecurityHeaders
from borderwatch.service.routes import (
    access,
    bench,
    bench_audit,
    bench_rules,
    bench_session,
    check,
    classify,
    daily_report,
    decisions,
    declarations,
    inspection,
    measures,
    parties,
    rule_bases,
    screening,
    yente,
)
from borderwatch.service.state import ServiceState
from borderwatch.settings import Settings

__all__ = ["create_app"]

#: threads that run the synchronous routes at once. Python runs one thread at a
#: time (the GIL): with anyio's default of 40, a burst of screenings left the
#: thread committing a declaration waiting for the GIL after each of its
#: statements while the others screened, and writes fell to a few a second.
#: Requests beyond these wait their turn in order, holding no lock.
ROUTE_THREADS = 4

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
        anyio.to_thread.current_default_thread_limiter().total_tokens = ROUTE_THREADS
        state.database()  # open and migrate the store, then build the assembly, before
        state.screener()  # the first request rather than during it
        # what was built is kept for the life of the process: out of the collector's
        # sight, so a full collection no longer walks the rule base and the classifier's
        # index in the middle of a request (tens of milliseconds, the tail of the latency)
        gc.collect()
        gc.freeze()
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
    for module in (screening, classify, parties, yente, measures):
        app.include_router(module.router, prefix="/v1")
    app.include_router(access.router, prefix="/v1")  # sign-in, API tokens, audit chain
    app.include_router(declarations.router, prefix="/v1")
    app.include_router(decisions.router, prefix="/v1")
    app.include_router(inspection.router, prefix="/v1")
    app.include_router(daily_report.router, prefix="/v1")
    app.include_router(rule_bases.router, prefix="/v1")
    # the public pre-departure check: no sign-in, HTML, its stylesheet, its own headers
    app.include_router(check.router)
    # the officers' pages: the same sessions, store functions and access checks as the API
    app.include_router(bench_session.router)
    app.include_router(bench.router)
    app.include_router(bench_audit.router)
    app.include_router(bench_rules.router)
    app.mount("/static", StaticFiles(directory=check.STATIC), name="static")
    app.add_middleware(SecurityHeaders)
    return app
