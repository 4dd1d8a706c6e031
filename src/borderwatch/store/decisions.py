"""Officers' decisions on stored declarations: recorded once, amended, never changed.

An officer records what became of a declaration, or of one of its items,
what was found and why (:func:`record_decision`). A declaration or item has
one first decision; after that only a supervisor changes the outcome, by an
amendment: a new decision pointing to the one it replaces
(:func:`amend_decision`). Each decision is amended at most once, so the
decisions on one declaration or item form one chain, oldest first, and the
current decision is the end of it. There is no UPDATE or DELETE of a
decision in this code, and triggers refuse both in the database.

Every decision keeps the screening whose verdict it was taken on, so the
verdict and the decision stay side by side (:mod:`borderwatch.store.inspection`).
Functions run in the caller's transaction and commit nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from borderwatch.errors import ConflictError, InputError, NotPermittedError
from borderwatch.model.decision import MAX_FOUND, MAX_NAME, MAX_REASON, Decision, Outcome, Role
from borderwatch.store.audit_hook import AuditHook, audit_hook
from borderwatch.store.checks import bounded_text
from borderwatch.store.database import insert_unless_taken
from borderwatch.store.decision_rows import (
    DeclarationDecisions,
    decision_chain,
    decision_history,
    decisions,
    decisions_for,
    stored_decision,
)
from borderwatch.store.declaration_rows import stored_declaration

__all__ = [
    "DeclarationDecisions",
    "amend_decision",
    "decision_chain",
    "decision_history",
    "decisions_for",
    "record_decision",
]


def _outcome(value: Outcome | str) -> Outcome:
    try:
        return Outcome(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        choices = ", ".join(o.value for o in Outcome)
        raise InputError(f"outcome {value!r} is not one of: {choices}") from None


def _role(value: Role | str) -> Role:
    try:
        return Role(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InputError(f"role {value!r} is not one of: {choices}") from None


def _own_crossing(crossing: str, declaration_crossing: str, what: str) -> None:
    if crossing != declaration_crossing:
        raise NotPermittedError(
            f"{what} at {declaration_crossing} cannot be decided from {crossing}; "
            f"an officer of {declaration_crossing} records it"
        )


@dataclass(frozen=True)
class _Entry:
    outcome: Outcome
    found: str
    reason: str
    officer: str
    role: Role
    crossing: str


def _entry(
    outcome: Outcome | str,
    found: str,
    reason: str,
    officer: str,
    role: Role | str,
    crossing: str,
) -> _Entry:
    """Every field checked, before anything is read or written."""
    return _Entry(
        outcome=_outcome(outcome),
        found=bounded_text("found", found, limit=MAX_FOUND, required=False),
        reason=bounded_text("reason", reason, limit=MAX_REASON),
        officer=bounded_text("officer", officer, limit=MAX_NAME),
        role=_role(role),
        crossing=bounded_text("crossing", crossing, limit=MAX_NAME).lower(),
    )


def _insert(
    conn: Connection,
    entry: _Entry,
    *,
    declaration: int,
    item: str | None,
    screening: int,
    amends: int | None,
) -> Decision | None:
    """The new decision; None when a first decision or an amendment is already there."""
    values = {
        "declaration_id": declaration,
        "item_id": item,
        "outcome": entry.outcome.value,
        "found": entry.found,
        "reason": entry.reason,
        "officer": entry.officer,
        "role": entry.role.value,
        "crossing": entry.crossing,
        "recorded_at": dt.datetime.now(dt.UTC),
        "screening_id": screening,
        "amends": amends,
    }
    new = insert_unless_taken(conn, decisions).values(**values).returning(decisions.c.id)
    stored = conn.execute(new).scalar_one_or_none()
    if stored is None:
        return None
    return Decision.model_validate(
        {**values, "id": stored, "declaration": declaration, "item": item, "screening": screening}
    )


def _subject(declaration: int, item: str | None) -> str:
    return f"declaration {declaration}" + (f" item {item!r}" if item is not None else "")


def record_decision(
    conn: Connection,
    declaration: int,
    *,
    item: str | None = None,
    outcome: Outcome | str,
    found: str = "",
    reason: str,
    officer: str,
    crossing: str,
    role: Role | str = Role.OFFICER,
    audit: AuditHook = audit_hook,
) -> Decision:
    """Record the first decision on stored declaration ``declaration`` (or its ``item``).

    Refused when the declaration or item does not exist, when ``crossing``
    is not the declaration's, and when a first decision is already there
    (a supervisor amends that one instead). Nothing is written on refusal.
    """
    entry = _entry(outcome, found, reason, officer, role, crossing)
    stored = stored_declaration(conn, declaration)
    _own_crossing(entry.crossing, stored.crossing, f"declaration {declaration}")
    if item is not None:
        items = [i.id for i in stored.declaration.items]
        if item not in items:
            raise InputError(
                f"declaration {declaration} has no item {item!r}; its items are "
                f"{', '.join(map(repr, items))}. Name one of them, or none for the whole "
                "declaration."
            )
    decision = _insert(
        conn, entry, declaration=declaration, item=item, screening=stored.screening, amends=None
    )
    if decision is None:
        firsts = [d for d in decision_history(conn, declaration) if d.amends is None]
        first = next((d for d in firsts if d.item == item), None)
        held = "a decision being recorded by someone else"
        if first is not None:
            held = (
                f"decision {first.id} ({first.outcome.value}, by {first.officer} at "
                f"{first.recorded_at:%Y-%m-%d %H:%M})"
            )
        raise ConflictError(
            f"{_subject(declaration, item)} already has {held}; nothing was recorded. "
            "A supervisor may amend it."
        )
    audit(
        conn,
        entry.officer,
        "decision.recorded",
        f"decision:{decision.id}",
        {"declaration": declaration, "item": item, "outcome": entry.outcome.value},
    )
    return decision


def amend_decision(
    conn: Connection,
    decision: int,
    *,
    outcome: Outcome | str,
    found: str = "",
    reason: str,
    officer: str,
    crossing: str,
    role: Role | str,
    audit: AuditHook = audit_hook,
) -> Decision:
    """Amend decision ``decision``: a new decision that replaces it; the old one stays.

    Only a supervisor (``role``) of the declaration's crossing amends. Only
    the current decision of a chain can be amended: amending one already
    amended is refused, naming the current one. ``reason`` says why.
    """
    entry = _entry(outcome, found, reason, officer, role, crossing)
    if entry.role is not Role.SUPERVISOR:
        raise NotPermittedError(
            f"only a supervisor amends a decision; {entry.officer} acts as {entry.role.value}"
        )
    amended = stored_decision(conn, decision)
    _own_crossing(entry.crossing, amended.crossing, f"decision {decision}")
    screening = stored_declaration(conn, amended.declaration).screening
    new = _insert(
        conn,
        entry,
        declaration=amended.declaration,
        item=amended.item,
        screening=screening,
        amends=decision,
    )
    if new is None:
        current = decision_chain(conn, decision)[-1]
        raise ConflictError(
            f"decision {decision} was already amended; the current decision on "
            f"{_subject(amended.declaration, amended.item)} is {current.id} "
            f"({current.outcome.value}). Amend that one; nothing was recorded."
        )
    audit(
        conn,
        entry.officer,
        "decision.amended",
        f"decision:{new.id}",
        {"amends": decision, "outcome": entry.outcome.value, "was": amended.outcome.value},
    )
    return new
