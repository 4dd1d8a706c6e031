"""Who may touch which stored record, decided the same way by every route.

Two kinds of refusal, on purpose:

* **403** when the refusal depends on the caller alone — its role (an analyst
  submits nothing), or a crossing it names itself (an officer of Hunchun
  sending a declaration for Dandong, or asking for Dandong's queue). Crossing
  names are public (``GET /v1/measures``), so the refusal tells nothing about
  what is stored.
* **404** when the caller names a stored record (a declaration or decision by
  id) of a crossing it may not see: the answer is byte for byte the one for
  an id that does not exist, so ids cannot be probed for existence.

The role check runs as a dependency, before the body is looked at; the
record check inside the route, in the transaction that then uses the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Depends
from fastapi.security import HTTPBearer
from sqlalchemy import Connection

from borderwatch.errors import NotFoundError
from borderwatch.model.decision import Decision
from borderwatch.service.errors import ServiceError
from borderwatch.service.principal import Principal, current_principal
from borderwatch.store.audit_hook import AuditHook, audit_hook
from borderwatch.store.decision_rows import stored_decision
from borderwatch.store.declaration_rows import StoredDeclaration, stored_declaration

__all__ = [
    "AT_A_CROSSING",
    "READERS",
    "audited_as",
    "bearer",
    "caller",
    "not_found",
    "visible_decision",
    "visible_declaration",
]

#: roles that submit and decide, each at its own crossing
AT_A_CROSSING = ("officer", "supervisor")
#: roles that read stored declarations and decisions (of the crossings they see)
READERS = ("officer", "supervisor", "analyst", "admin")

#: declares the bearer scheme in the OpenAPI document; current_principal does the checking
bearer = Depends(
    HTTPBearer(
        auto_error=False,
        scheme_name="api_token",
        description="An API token: `borderwatch tokens issue USER --label WHERE` prints one.",
    )
)


def caller(*roles: str) -> Any:
    """A dependency: the caller, refused with 403 unless it has one of ``roles``."""

    async def of_role(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        principal.require(*roles)
        return principal

    return Depends(of_role)


def not_found(kind: str, ident: int) -> ServiceError:
    """The one 404 for a record that does not exist or that the caller may not see."""
    return ServiceError(
        404,
        "not_found",
        f"no {kind} {ident} here: there is none, or it is at a crossing this caller may not see",
    )


def visible_declaration(conn: Connection, principal: Principal, ident: int) -> StoredDeclaration:
    """Stored declaration ``ident`` if ``principal`` sees its crossing, else :func:`not_found`."""
    try:
        stored = stored_declaration(conn, ident)
    except NotFoundError:
        raise not_found("declaration", ident) from None
    if not principal.sees(stored.crossing):
        raise not_found("declaration", ident)
    return stored


def visible_decision(conn: Connection, principal: Principal, ident: int) -> Decision:
    """Decision ``ident`` if ``principal`` sees its crossing, else :func:`not_found`."""
    try:
        decision = stored_decision(conn, ident)
    except NotFoundError:
        raise not_found("decision", ident) from None
    if not principal.sees(decision.crossing):
        raise not_found("decision", ident)
    return decision


def audited_as(principal: Principal) -> AuditHook:
    """The store's audit hook, naming the caller as the service names it (``api:<user>``)."""

    def hook(
        conn: Connection, actor: str, action: str, subject: str, detail: Mapping[str, object]
    ) -> None:
        audit_hook(conn, principal.actor, action, subject, detail)

    return hook
