"""What every request shares: the settings, and the screening assembly and the store,
each opened once.

The assembly the service builds itself (from settings and the store) follows the
store's current rule base: at most every :data:`RECHECK_SECONDS` a request reads
the id of the newest rule-base selection — one indexed query — and when it
changed (``POST /v1/rule-bases/current``, or ``borderwatch rules load|use`` in
another process) the assembly is built again before that request screens. An
assembly given ready-made (tests, embedding) is used as it is.

The dependencies here are ``async``: FastAPI runs a plain ``def`` dependency on a
worker thread, a hand-off (and a wait for the GIL) per dependency per request.
Only the recheck, when one is due, goes to a worker thread.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable

import anyio.to_thread
from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from borderwatch.engine.screener import Screener
from borderwatch.settings import Settings, get_settings

__all__ = [
    "RECHECK_SECONDS",
    "ServiceState",
    "database_of",
    "screener_of",
    "settings_of",
    "state_of",
]

#: longest a process screens with a rule base after another was made current
RECHECK_SECONDS = 1.0


class ServiceState:
    """Holds the assembly (or the factory that builds it on first use and again when the
    current rule base changes), the store and the settings the service was started with
    (sessions, cookies, proxies)."""

    def __init__(
        self,
        screener: Screener | Callable[[], Screener],
        database: Engine | Callable[[], Engine],
        settings: Settings | None = None,
        *,
        recheck_seconds: float = RECHECK_SECONDS,
    ) -> None:
        self.settings = settings if settings is not None else get_settings()
        self._built = screener if isinstance(screener, Screener) else None
        self._factory = None if isinstance(screener, Screener) else screener
        self._database = database if isinstance(database, Engine) else None
        self._open = None if isinstance(database, Engine) else database
        self._lock = threading.RLock()
        self._recheck = recheck_seconds
        self._selection: int | None = None  # the rule-base selection the assembly was built at
        self._checked_at = 0.0

    def database(self) -> Engine:
        """The store, opened (and migrated if need be) on the first call."""
        if self._database is None:
            with self._lock:
                if self._database is None:
                    assert self._open is not None
                    self._database = self._open()
        return self._database

    def _current_selection(self) -> int | None:
        from borderwatch.store.rule_base_versions import latest_selection_id

        self._checked_at = time.monotonic()
        with self.database().connect() as conn:
            return latest_selection_id(conn)

    def _due(self) -> bool:
        """True when the store's rule-base selection should be read again (never for a
        ready-made assembly)."""
        return self._factory is not None and time.monotonic() - self._checked_at >= self._recheck

    def _stale(self) -> bool:
        """True when a recheck is due and the store's rule-base selection changed since
        the assembly was built."""
        if not self._due():
            return False
        try:
            return self._current_selection() != self._selection
        except SQLAlchemyError:  # the store out of reach: screen on with what was built
            return False

    def ready(self) -> Screener | None:
        """The assembly when it is built and no recheck is due (no I/O), else None."""
        return self._built if self._built is not None and not self._due() else None

    def screener(self) -> Screener:
        """The assembly: built on the first call (once, whatever the threads), and again
        when the current rule base changed."""
        if self._built is not None and not self._stale():
            return self._built
        with self._lock:
            selection = self._current_selection()  # read before building: a change made
            if self._built is None or selection != self._selection:  # later is seen next
                assert self._factory is not None
                self._built = self._factory()
                self._selection = selection
                _index_documents(self._built)
                gc.freeze()  # kept for long: out of the collector's sight (see app.py)
            return self._built

    def rule_base_changed(self) -> None:
        """This process changed the current rule base: check on the next request."""
        self._checked_at = 0.0


async def database_of(request: Request) -> Engine:
    """FastAPI dependency: the process's store."""
    state: ServiceState = request.app.state.borderwatch
    return state.database()


async def screener_of(request: Request) -> Screener:
    """FastAPI dependency: the process's screening assembly (rechecked on a worker thread
    when a recheck is due: it reads the store, and may build the assembly again)."""
    state: ServiceState = request.app.state.borderwatch
    ready = state.ready()
    return ready if ready is not None else await anyio.to_thread.run_sync(state.screener)


async def settings_of(request: Request) -> Settings:
    """FastAPI dependency: the settings the service was started with."""
    state: ServiceState = request.app.state.borderwatch
    return state.settings


def state_of(request: Request) -> ServiceState:
    """FastAPI dependency: what the requests share."""
    state: ServiceState = request.app.state.borderwatch
    return state


def _index_documents(screener: Screener) -> None:
    """Build the listed-document index now, while the assembly is built, rather than in
    the first request that gives a document number (seconds for a large list)."""
    from borderwatch.parties.documents import DocumentScreener

    matcher = screener.parties.matcher
    if isinstance(matcher, DocumentScreener):
        matcher.documents  # noqa: B018  # built and kept on first access
