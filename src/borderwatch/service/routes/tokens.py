"""API tokens over HTTP: an admin issues, lists and revokes them (``/v1/tokens``).

The same store functions as ``borderwatch tokens``: a token is shown once,
in the answer that issues it, and kept only as its SHA-256; an officer's or
supervisor's token is for their own crossing. Issuing and revoking are
appended to the audit log as ``api:<admin>``.

Only an admin acting for every crossing may: an admin's token scoped to one
crossing cannot mint tokens for the others. Everybody else gets 403 before
anything is looked up, so the answer tells them nothing about which tokens or
users exist.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Engine

from borderwatch.engine.screener import Screener
from borderwatch.service.errors import error_responses
from borderwatch.service.principal import Principal, current_principal
from borderwatch.service.state import database_of, screener_of
from borderwatch.store.api_tokens import StoredToken, issue_token, list_tokens, revoke_token
from borderwatch.store.database import as_utc, writing

__all__ = ["router"]

router = APIRouter(tags=["tokens"])

_USERNAME = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_CROSSING = r"^[a-z0-9][a-z0-9_-]*$"
#: token ids are 32-bit integers in the store
_LARGEST_ID = 2**31 - 1


class TokenRequest(BaseModel):
    """Whose token, where it may act, and where it will be used."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64, pattern=_USERNAME, examples=["ri.yc"])
    crossing: str | None = Field(
        default=None,
        max_length=64,
        pattern=_CROSSING,
        description="the user's own crossing for an officer or supervisor; for an analyst or "
        "admin one crossing, or null for every crossing",
        examples=["dandong"],
    )
    label: str = Field(min_length=1, max_length=200, examples=["inspection tablet 3"])

    @field_validator("label")
    @classmethod
    def _printable(cls, value: str) -> str:
        if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
            raise ValueError("the label holds control characters or broken Unicode")
        return value


class TokenInfo(BaseModel):
    """A token as the store knows it: everything but the token."""

    id: int
    username: str
    role: str
    crossing: str | None = Field(description="null: every crossing")
    label: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class IssuedTokenInfo(BaseModel):
    """A token just issued: ``token`` is shown this once and can never be read again."""

    id: int
    token: str = Field(description="send as 'Authorization: Bearer <token>'; keep it secret")
    username: str
    role: str
    crossing: str | None
    label: str


def _info(token: StoredToken) -> TokenInfo:
    return TokenInfo(
        id=token.id,
        username=token.username,
        role=token.role,
        crossing=token.crossing,
        label=token.label,
        created_at=as_utc(token.created_at),
        revoked_at=None if token.revoked_at is None else as_utc(token.revoked_at),
    )


def _admin_everywhere(principal: Principal) -> None:
    principal.require("admin")
    principal.require_every_crossing()


@router.post(
    "/tokens",
    status_code=201,
    response_model=IssuedTokenInfo,
    summary="Issue an API token (admin); the token is shown once",
    responses=error_responses(401, 403, 404, 422, 503),
)
def issue(
    body: TokenRequest,
    response: Response,
    principal: Annotated[Principal, Depends(current_principal)],
    database: Annotated[Engine, Depends(database_of)],
    screener: Annotated[Screener, Depends(screener_of)],
) -> IssuedTokenInfo:
    """A new token for a user at a crossing; appended to the audit log as ``token.issue``."""
    _admin_everywhere(principal)
    response.headers["Cache-Control"] = "no-store"  # the token is in this answer only
    with writing(database) as conn:
        issued = issue_token(
            conn,
            body.username,
            crossing=body.crossing,
            label=body.label,
            actor=principal.actor,
            known_crossings=frozenset(screener.rule_base.crossings),
        )
    return IssuedTokenInfo(
        id=issued.id,
        token=issued.token,
        username=issued.username,
        role=issued.role,
        crossing=issued.crossing,
        label=issued.label,
    )


@router.get(
    "/tokens",
    response_model=list[TokenInfo],
    summary="The tokens issued, revoked ones too (admin); never the tokens themselves",
    responses=error_responses(401, 403, 404, 422, 503),
)
def tokens(
    principal: Annotated[Principal, Depends(current_principal)],
    database: Annotated[Engine, Depends(database_of)],
    username: Annotated[
        str | None, Query(max_length=64, pattern=_USERNAME, description="one user's only")
    ] = None,
) -> list[TokenInfo]:
    """Every token (of ``username``), oldest first."""
    _admin_everywhere(principal)
    with database.connect() as conn:
        return [_info(t) for t in list_tokens(conn, username)]


@router.delete(
    "/tokens/{token_id}",
    response_model=TokenInfo,
    summary="Revoke an API token (admin); refused from the next request on",
    responses=error_responses(401, 403, 404, 422, 503),
)
def revoke(
    token_id: Annotated[int, Path(ge=1, le=_LARGEST_ID)],
    principal: Annotated[Principal, Depends(current_principal)],
    database: Annotated[Engine, Depends(database_of)],
) -> TokenInfo:
    """Revoke the token; appended as ``token.revoke``. Revoking it again changes nothing."""
    _admin_everywhere(principal)
    with writing(database) as conn:
        token, _ = revoke_token(conn, token_id, actor=principal.actor)
    return _info(token)
