"""The supervisors' view of the audit log: ``GET /bench/audit``, read-only.

The newest records (time, actor, action, subject, detail) and the state of the hash
chain, as ``GET /v1/audit/verify`` and ``borderwatch audit verify`` compute it.

Analysts and admins act for every crossing and see every record and the first break
in full, as the API shows them. A supervisor works at one crossing, and the log spans
all of them (a record's subject and detail can name another crossing's declaration),
so a supervisor sees the records of the users of their own crossing only, and of a
break its record number alone (the problem text names the broken record's action,
subject and actor). Officers get the "not allowed" page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from borderwatch.service.pages.bench import AUDIT_READERS, Officer, render
from borderwatch.service.principal import Principal
from borderwatch.service.routes.bench import admitted
from borderwatch.service.state import database_of, settings_of
from borderwatch.settings import Settings
from borderwatch.store.accounts import list_users
from borderwatch.store.audit import AuditRecord, canonical_json, recent_records, verify
from borderwatch.store.database import reaching

__all__ = ["AUDIT", "router"]

router = APIRouter(include_in_schema=False)

AUDIT = "/bench/audit"
#: the newest records read for the page
AUDIT_LENGTH = 100


def _own_crossing(
    database: Engine, principal: Principal, records: list[AuditRecord]
) -> list[AuditRecord]:
    """All of ``records`` for a caller of every crossing; else those whose actor is a
    user of the caller's crossing, as the service names it (``api:<username>``)."""
    if principal.crossing is None:
        return records
    with database.connect() as conn:
        actors = {f"api:{u.username}" for u in list_users(conn) if u.crossing == principal.crossing}
    return [r for r in records if r.actor in actors]


@router.get(AUDIT, response_model=None)
def audit_page(
    request: Request,
    database: Annotated[Engine, Depends(database_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> Response:
    """The newest audit records, newest first, and whether the chain holds."""
    with reaching(database):
        officer = admitted(request, database, settings, AUDIT_READERS)
        if not isinstance(officer, Officer):
            return officer
        principal = officer.principal
        records = _own_crossing(database, principal, recent_records(database, AUDIT_LENGTH))
        check = verify(database)
    return render(
        request,
        "bench_audit.html",
        officer=officer,
        records=[(r, canonical_json(r.detail)) for r in reversed(records)],
        check=check,
        full=principal.crossing is None,
    )
