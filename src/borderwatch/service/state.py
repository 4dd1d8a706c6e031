"""What every request shares: the settings, and the screening assembly and the store,
each opened once.

The dependencies here are ``async``: they only hand out what the application
opened when it started, and FastAPI runs a plain ``def`` dependency on a worker
thread, a hand-off (and a wait for the GIL) per dependency per request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi import Request
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.settings import Settings, get_settings

__all__ = ["ServiceState", "database_of", "screener_of", "settings_of"]


class ServiceState:
    """Holds the assembly (or the factory that builds it on first use), the store and the
    settings the service was started with (sessions, cookies, proxies)."""

    def __init__(
        self,
        screener: Screener | Callable[[], Screener],
        database: Engine | Callable[[], Engine],
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings if settings is not None else get_settings()
        self._built = screener if isinstance(screener, Screener) else None
        self._factory = None if isinstance(screener, Screener) else screener
        self._database = database if isinstance(database, Engine) else None
        self._open = None if isinstance(database, Engine) else database
        self._lock = threading.Lock()

    def database(self) -> Engine:
        """The store, opened (and migrated if need be) on the first call."""
        if self._database is None:
            with self._lock:
                if self._database is None:
                    assert self._open is not None
                    self._database = self._open()
        return self._database

    def screener(self) -> Screener:
        """The assembly, built on the first call (once, whatever the threads)."""
        if self._built is None:
            with self._lock:
                if self._built is None:
                    assert self._factory is not None
                    self._built = self._factory()
        return self._built


async def database_of(request: Request) -> Engine:
    """FastAPI dependency: the process's store."""
    state: ServiceState = request.app.state.borderwatch
    return state.database()


async def screener_of(request: Request) -> Screener:
    """FastAPI dependency: the process's screening assembly."""
    state: ServiceState = request.app.state.borderwatch
    return state.screener()


async def settings_of(request: Request) -> Settings:
    """FastAPI dependency: the settings the service was started with."""
    state: ServiceState = request.app.state.borderwatch
    return state.settings
