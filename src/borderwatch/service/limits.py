"""A limit on the size of a request body, answered with 413 in the one error body.

A body announced larger than the limit (``Content-Length``) is refused before
a byte of it is read; a body sent without a length (chunked) is counted as it
arrives and refused as soon as it passes the limit, so neither is ever held
in memory whole. The largest legitimate request — a batch of 500
declarations of 20 items each — is about 1 MB.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from borderwatch.service.errors import error_response

__all__ = ["MAX_REQUEST_BYTES", "RequestSizeLimit"]

#: the largest request body accepted, in bytes
MAX_REQUEST_BYTES = 4 * 1024 * 1024


class _TooLarge(HTTPException):
    """Raised while the body is read; FastAPI passes it to the error handlers (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _message(limit))


def _message(limit: int) -> str:
    return (
        f"the request body is larger than {limit:,} bytes; send a batch in several "
        "requests of at most 500 declarations"
    )


def _announced_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length itself
    return None


class RequestSizeLimit:
    """ASGI middleware: refuse request bodies of more than ``limit`` bytes with 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_REQUEST_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = _announced_length(scope)
        if announced is not None and announced > self.limit:
            # refused unread; the server closes the connection rather than read the rest
            await error_response(413, "request_too_large", _message(self.limit))(
                scope, receive, send
            )
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge(self.limit)
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except _TooLarge:
            # read outside a route's body parsing (where the error handlers answer it)
            if started:
                raise
            await error_response(413, "request_too_large", _message(self.limit))(
                scope, receive, send
            )
