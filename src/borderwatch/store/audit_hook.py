"""Where submissions and decisions are written to the hash-chained audit log.

Every function that stores a declaration or a decision calls an ``audit``
callable (by default :func:`audit_hook`) on the same connection, inside the
same transaction, after its own rows are written: the record and its audit
entry then commit together or not at all.

Tests pass another callable to prove that a failing audit write leaves
nothing stored.
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
    """Append the audit entry for ``action`` by ``actor`` on ``subject``.

    ``action`` is e.g. ``declaration.submitted``, ``decision.recorded`` or
    ``decision.amended``; ``subject`` names the record (``declaration:12``,
    ``decision:7``).
    """
    from borderwatch.store.audit import append  # audit imports the store's tables

    append(conn, actor, action, subject, detail)
