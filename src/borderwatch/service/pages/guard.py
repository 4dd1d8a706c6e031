"""What protects the public pages: security headers, and a per-address rate limit.

The headers go on every response under ``/check``, ``/bench`` and ``/static`` (the API's own
pages, such as ``/docs``, load scripts this policy would block). The limit keeps,
per client address, the times of its checks in the last minute, and nothing else;
an address with no check in the last minute is forgotten.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CHECKS_PER_MINUTE", "PUBLIC_PREFIXES", "RateLimit", "SecurityHeaders"]

#: checks one client address may make in a minute
CHECKS_PER_MINUTE = 30
#: the paths the pages are served under: the public check, and the officers' bench
PUBLIC_PREFIXES = ("/check", "/static/", "/bench")

#: addresses remembered before a sweep forgets those idle for a window
_SWEEP_ABOVE = 1024

HEADERS = {
    "content-security-policy": (
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
        "object-src 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


class SecurityHeaders:
    """ASGI middleware: the public pages' security headers; other paths pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == "/check" or path.startswith(PUBLIC_PREFIXES)):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                added = [
                    (name.encode(), value.encode())
                    for name, value in HEADERS.items()
                    if name.encode() not in names
                ]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            await send(message)

        await self.app(scope, receive, with_headers)


class RateLimit:
    """At most ``limit`` checks per address in any ``window`` seconds (a sliding window)."""

    def __init__(self, limit: int = CHECKS_PER_MINUTE, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, address: str, now: float | None = None) -> int:
        """0 when ``address`` may check now (the check is counted); else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._seen) > _SWEEP_ABOVE:
                self._forget(now)
            times = self._seen.setdefault(address, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                return max(1, math.ceil(times[0] + self.window - now))
            times.append(now)
            return 0

    def _forget(self, now: float) -> None:
        """Drop the times older than the window, and the addresses left with none."""
        for address in list(self._seen):
            times = self._seen[address]
            while times and times[0] <= now - self.window:
                times.popleft()
            if not times:
                del self._seen[address]
