"""Where submissions and decisions will be written to the audit log — a no-op for now.

Every function that stores a declaration or a decision calls an ``audit``
callable (by default :func:`audit_hook`) on the same connection, inside the
same transaction, after its own rows are written: the record and its audit
entry then commit together or not at all.

MERGE NOTE: the hash-chained audit log (``borderwatch.store.audit``, built
in parallel) provides ``append(conn, actor, action, subject, detail)``. When
it lands, the body of :func:`audit_hook` becomes that call, and nothing else
here has to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from sqlalchemy import Connection

__all__ = ["AuditHook", "audit_hook"]


class AuditHook(Protocol):
    """What stores an audit entry: who did what to which record, and the details."""

    def __call__(
        self,
        conn: Connection,
        actor: str,
        action: str,
        subject: str,
        detail: Mapping[str, object],
    ) -> None: ...


def audit_hook(
    conn: Connection, actor: str, action: str, subject: str, detail: Mapping[str, object]
) -> None:
    """The audit entry for ``action`` by ``actor`` on ``subject`` — not written yet.

    ``action`` is e.g. ``declaration.submitted``, ``decision.recorded`` or
    ``decision.amended``; ``subject`` names the record (``declaration:12``,
    ``decision:7``). At merge this becomes
    ``borderwatch.store.audit.append(conn, actor, action, subject, detail)``.
    """
    del conn, actor, action, subject, detail  # the audit log is not merged yet
