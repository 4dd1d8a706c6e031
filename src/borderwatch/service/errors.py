"""One error body for every failure the service reports.

Whatever goes wrong — a malformed body, an unknown field, an HS code of no
version, an unknown crossing, a missing list — the client receives::

    {"error": {"status": 422, "code": "invalid_input", "message": "...",
               "problems": [{"field": "items.0.hs", "value": "9999", "problem": "...",
                             "hint": "..."}]}}
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from borderwatch.errors import BorderwatchError, RecordError
from borderwatch.rules.loader import RuleBase

__all__ = [
    "ErrorBody",
    "ErrorDetail",
    "Problem",
    "ServiceError",
    "error_response",
    "error_responses",
    "install_error_handlers",
    "known_crossing",
]

_LOG = logging.getLogger("borderwatch.service")
#: the longest value echoed back in a problem: enough to recognise it, never a whole upload
_SHOWN = 200


class Problem(BaseModel):
    """One thing wrong with a request: where, what was sent, what is wrong, what to do."""

    field: str = Field(examples=["items.0.hs"])
    value: str | None = Field(default=None, examples=["9999"])
    problem: str = Field(examples=["not a code of HS 2017 or HS 2022"])
    hint: str = Field(default="", examples=["Check the code against the HS version in force."])


class ErrorDetail(BaseModel):
    status: int = Field(examples=[422])
    code: str = Field(examples=["invalid_input"])
    message: str
    problems: list[Problem] = []


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class ServiceError(Exception):
    """An error a route raises on purpose, with its status and code (and any headers the
    status calls for, such as ``Retry-After`` with a 429)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        problems: list[Problem] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.problems = problems or []
        self.headers = headers


def _encodable(text: str) -> str:
    """``text`` with lone surrogates (valid in a JSON escape, not in UTF-8) written as
    ``\\udXXX``, so echoing a refused value can never fail the error response itself."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _body(
    status: int,
    code: str,
    message: str,
    problems: list[Problem],
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    safe = [
        Problem(
            field=_encodable(p.field),
            value=None if p.value is None else _encodable(p.value),
            problem=_encodable(p.problem),
            hint=_encodable(p.hint),
        )
        for p in problems
    ]
    detail = ErrorDetail(status=status, code=code, message=_encodable(message), problems=safe)
    return JSONResponse(ErrorBody(error=detail).model_dump(), status_code=status, headers=headers)


def error_response(
    status: int, code: str, message: str, problems: list[Problem] | None = None
) -> JSONResponse:
    """The one error body as a response, for code outside the routes (middleware)."""
    return _body(status, code, message, problems or [])


def invalid_query(exc: ValidationError, where: str, hint: str) -> ServiceError:
    """A 422 ``invalid_query`` naming each field of a party query that could not be read
    (``where`` prefixes the field's path), with ``hint`` saying what to send instead."""
    problems = [
        Problem(
            field=where + ".".join(str(p) for p in e["loc"]),
            value=str(e.get("input"))[:200],
            problem=e["msg"],
            hint=hint,
        )
        for e in exc.errors()
    ]
    return ServiceError(422, "invalid_query", "the query cannot be matched", problems)


def record_problems(errors: tuple[RecordError, ...] | list[RecordError]) -> list[Problem]:
    """The problems of a rejected declaration, as the reader names them."""
    return [
        Problem(field=e.field, value=_shown(e.value), problem=e.problem, hint=e.hint)
        for e in errors
    ]


#: the methods a 405 may name
_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _allowed(request: Request) -> str:
    """Every method some route takes at the request's path. Starlette names those of the
    first route only, and GET and POST on one path are two routes."""
    allowed = [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]
    return ", ".join(allowed)


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure, expected or not, through :class:`ErrorBody`."""

    @app.exception_handler(ServiceError)
    async def _service(_: Request, exc: ServiceError) -> JSONResponse:
        return _body(exc.status, exc.code, exc.message, exc.problems, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            Problem(
                field=".".join(str(p) for p in e["loc"] if p != "body") or "(body)",
                value=_shown(e.get("input")),
                problem=e["msg"],
                hint="Correct the value; GET /openapi.json describes every field.",
            )
            for e in exc.errors()
        ]
        return _body(422, "invalid_request", "the request does not match the API", problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}.get(
            exc.status_code, "http_error"
        )
        # keep Starlette's headers: a 405 must say which methods are allowed (RFC 9110)
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": _allowed(request)}
        return _body(exc.status_code, code, str(exc.detail), [], headers)

    @app.exception_handler(BorderwatchError)
    async def _borderwatch(_: Request, exc: BorderwatchError) -> JSONResponse:
        problems = record_problems([exc]) if isinstance(exc, RecordError) else []
        return _body(exc.http_status, type(exc).__name__, str(exc), problems)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        _LOG.exception("unexpected error")
        return _body(500, "internal_error", "an unexpected error; it has been logged", [])


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` naming the error body for ``statuses``."""
    return {status: {"model": ErrorBody} for status in statuses}


def known_crossing(rule_base: RuleBase, crossing: str, *, code: str = "unknown_crossing") -> str:
    """``crossing`` when the rule base knows it; else a 422 (``code``) naming the known ones."""
    if crossing not in rule_base.crossings:
        raise ServiceError(
            422,
            code,
            f"unknown crossing {crossing!r}",
            [
                Problem(
                    field="crossing",
                    value=crossing,
                    problem="unknown crossing",
                    hint=f"Use one of: {', '.join(sorted(rule_base.crossings))}.",
                )
            ],
        )
    return crossing
