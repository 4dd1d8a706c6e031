"""What every request shares: the screening assembly, built once."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi import Request

from borderwatch.engine.screener import Screener

__all__ = ["ServiceState", "screener_of"]


class ServiceState:
    """Holds the assembly, or the factory that builds it on first use."""

    def __init__(self, screener: Screener | Callable[[], Screener]) -> None:
        self._built = screener if isinstance(screener, Screener) else None
        self._factory = None if isinstance(screener, Screener) else screener
        self._lock = threading.Lock()

    def screener(self) -> Screener:
        """The assembly, built on the first call (once, whatever the threads)."""
        if self._built is None:
            with self._lock:
                if self._built is None:
                    assert self._factory is not None
                    self._built = self._factory()
        return self._built


def screener_of(request: Request) -> Screener:
    """FastAPI dependency: the process's screening assembly."""
    state: ServiceState = request.app.state.borderwatch
    return state.screener()
