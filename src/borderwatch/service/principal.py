"""Who is calling: a bearer API token of the store, resolved to a role and a crossing.

Every route that touches stored declarations or decisions depends on
:func:`current_principal`, then asks it what it may do: an officer and a
supervisor work at their own crossing only (and cannot learn that another
crossing's records exist: those are "not found"), an analyst reads every
crossing and changes nothing, an admin manages users, lists and rule base.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from borderwatch.service.errors import ServiceError
from borderwatch.service.state import database_of
from borderwatch.store.api_tokens import authenticate_token

__all__ = ["Principal", "current_principal"]

#: roles that work at one crossing
_AT_A_CROSSING = frozenset({"officer", "supervisor"})


@dataclass(frozen=True)
class Principal:
    """A signed-in user or system: name, role and the crossing its access is scoped to."""

    name: str
    role: str
    crossing: str | None  # None: every crossing (analysts and admins)

    @property
    def actor(self) -> str:
        """How the audit log names this caller."""
        return f"api:{self.name}"

    def sees(self, crossing: str) -> bool:
        """True when records of ``crossing`` are visible to this caller."""
        return self.crossing is None or self.crossing == crossing

    def works_at(self, crossing: str) -> bool:
        """True when this caller may submit and decide at ``crossing``."""
        return self.role in _AT_A_CROSSING and self.crossing == crossing

    def require(self, *roles: str) -> None:
        """Refuse (403) unless this caller has one of ``roles``."""
        if self.role not in roles:
            raise ServiceError(
                403, "forbidden", f"a {self.role} may not do this; it needs {' or '.join(roles)}"
            )


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_principal(
    request: Request, database: Annotated[Engine, Depends(database_of)]
) -> Principal:
    """The caller of this request, or 401 in the one error body."""
    token = _bearer(request)
    if token is not None:
        with database.connect() as conn:
            identity = authenticate_token(conn, token)
        if identity is not None:
            return Principal(identity.username, identity.role, identity.crossing)
    raise ServiceError(
        401, "unauthenticated", "sign in, or send an API token as 'Authorization: Bearer <token>'"
    )
