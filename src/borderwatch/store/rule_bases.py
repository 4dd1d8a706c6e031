"""Loading a rule-base folder into the store, choosing the current version, and its history.

A folder is validated as ``screen --rule-base`` would load it before anything
is stored: a rule base with a problem is refused with every problem's file,
line, field and value, and the current rule base stays as it was. The same
files loaded twice are stored once (same content hash) and made current
again. Every change of the current version is a ``rule_base_selections`` row
('loaded', 'reloaded', 'rollback') and an audit record (``rules.load``,
``rules.use``) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from borderwatch.errors import InputError, NotFoundError, RuleBaseError, StoreError
from borderwatch.rules.loader import RuleBase, content_version, load_rule_base, rule_base_files
from borderwatch.store import audit
from borderwatch.store.database import as_utc, insert_unless_taken
from borderwatch.store.rule_base_versions import (
    SELECTION_REASONS,
    STORED_PREFIX,
    SUMMARY,
    StoredRuleBase,
    current_version_id,
    load_stored,
    rule_base_selections,
    rule_base_versions,
    stored_version,
)

__all__ = [
    "RuleBaseLoad",
    "RuleBaseSelection",
    "current_rule_base",
    "find_version",
    "load_version",
    "read_folder",
    "rule_base_history",
    "select_version",
    "stored_versions",
]

MIN_PREFIX = 8
_HEX = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True)
class RuleBaseLoad:
    """What loading did: ``state`` is 'stored' (new files), 'reloaded' (a stored version made
    current again) or 'unchanged' (stored and current already); ``replaced`` was current."""

    version: StoredRuleBase
    state: str
    replaced: StoredRuleBase | None


@dataclass(frozen=True)
class RuleBaseSelection:
    """One change of the current rule base: which version, when, why and by whom."""

    version: StoredRuleBase
    chosen_at: dt.datetime
    reason: str
    note: str | None
    chosen_by: str


def read_folder(folder: Path) -> tuple[RuleBase, dict[str, str]]:
    """The rule base in ``folder``, validated, and the text of each of its files by relative
    path. A rule base that does not load is refused with :class:`RuleBaseError`."""
    try:
        base = load_rule_base(folder)
    except RuleBaseError as exc:
        raise RuleBaseError(
            f"{exc}\nNothing was stored and the current rule base is unchanged; load the "
            "folder again once it validates.",
            exc.problems,
        ) from exc
    files = {}
    try:
        for path in rule_base_files(folder):
            files[path.relative_to(folder).as_posix()] = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the rule base in {folder}: {exc}. Load it again.") from exc
    if content_version((n, t.encode("utf-8")) for n, t in files.items()) != base.version:
        raise InputError(f"the rule base in {folder} changed while being loaded; load it again.")
    return base, files


def _record_selection(
    conn: Connection, version_id: int, reason: str, note: str | None, actor: str
) -> None:
    if reason not in SELECTION_REASONS:
        raise InputError(f"selection reason {reason!r} is not one of {SELECTION_REASONS}.")
    conn.execute(
        insert(rule_base_selections).values(
            version_id=version_id,
            chosen_at=dt.datetime.now(dt.UTC),
            reason=reason,
            note=note,
            chosen_by=actor,
        )
    )


def _by_id(conn: Connection, version_id: int | None) -> StoredRuleBase | None:
    if version_id is None:
        return None
    row = conn.execute(select(*SUMMARY).where(rule_base_versions.c.id == version_id)).one()
    return stored_version(row, version_id == current_version_id(conn))


def _files_changed(conn: Connection, before_id: int | None, after: dict[str, str]) -> Any:
    """Files added, removed and changed against version ``before_id``; None without one."""
    if before_id is None:
        return None
    before: dict[str, str] = json.loads(
        conn.execute(
            select(rule_base_versions.c.files).where(rule_base_versions.c.id == before_id)
        ).scalar_one()
    )
    return {
        "added": sorted(after.keys() - before.keys()),
        "removed": sorted(before.keys() - after.keys()),
        "changed": sorted(n for n in after.keys() & before.keys() if after[n] != before[n]),
    }


def _id_of(conn: Connection, content_hash: str) -> Any:
    return conn.execute(
        select(rule_base_versions.c.id).where(rule_base_versions.c.content_hash == content_hash)
    ).scalar_one_or_none()


def load_version(
    engine: Engine, folder: Path, *, note: str | None = None, actor: str
) -> RuleBaseLoad:
    """Validate the rule base in ``folder``, store it unless stored, and make it current.

    Audited as ``rules.load`` by ``actor`` (``cli:<os user>``, ``api:<user>``) in the
    transaction that makes it current; nothing is recorded when it already was current.
    """
    base, files = read_folder(folder)
    with engine.begin() as conn:
        replaced_id = current_version_id(conn)
        inserted = None
        if _id_of(conn, base.version) is None:  # else no id is spent on a taken insert
            inserted = conn.execute(
                insert_unless_taken(conn, rule_base_versions)
                .values(
                    content_hash=base.version,
                    label=folder.resolve().name[:200] or str(folder)[:200],
                    source=str(folder.resolve()),
                    files=json.dumps(files, ensure_ascii=False, sort_keys=True),
                    file_count=len(files),
                    measure_count=len(base.measures),
                    note=note,
                    loaded_at=dt.datetime.now(dt.UTC),
                    loaded_by=actor,
                )
                .returning(rule_base_versions.c.id)
            ).scalar_one_or_none()
        if inserted is not None:
            version_id, state = inserted, "stored"
        else:  # stored before, or by another process just now
            version_id = _id_of(conn, base.version)
            state = "unchanged" if version_id == replaced_id else "reloaded"
        if state != "unchanged":
            reason = "loaded" if state == "stored" else "reloaded"
            _record_selection(conn, version_id, reason, note, actor)
            detail = {
                "content_hash": base.version,
                "version_id": version_id,
                "source": str(folder.resolve()),
                "files": len(files),
                "measures": len(base.measures),
                "reason": reason,
                "replaced_version_id": replaced_id,
                "files_changed": _files_changed(conn, replaced_id, files),
                "note": note,
            }
            audit.append(conn, actor, "rules.load", STORED_PREFIX + base.version, detail)
        version = _by_id(conn, version_id)
        replaced = None if state == "unchanged" else _by_id(conn, replaced_id)
    if version is None:
        raise StoreError("the store gave no rule-base version back; check the database.")
    return RuleBaseLoad(version, state, replaced)


def _matching_rows(conn: Connection, ref: str) -> list[Any]:
    ref = ref.strip().lower().removeprefix(STORED_PREFIX)
    rows: list[Any] = []
    if _HEX.fullmatch(ref) and len(ref) >= MIN_PREFIX:
        query = select(*SUMMARY).where(rule_base_versions.c.content_hash.startswith(ref))
        rows = list(conn.execute(query))
    if not rows and ref.isdigit() and int(ref) < 2**31:
        rows = list(conn.execute(select(*SUMMARY).where(rule_base_versions.c.id == int(ref))))
    return rows


def find_version(engine: Engine, ref: str) -> StoredRuleBase:
    """The stored version named by ``ref``: its content hash (or ``stored:<hash>``), a
    unique prefix of at least 8 hex digits, or its numeric id (tried after the hash)."""
    with engine.connect() as conn:
        rows = _matching_rows(conn, ref)
        current = current_version_id(conn)
    if not rows:
        raise NotFoundError(
            f"no stored rule base is {ref!r}. Give its id, or at least {MIN_PREFIX} digits of "
            "its content hash, as shown by: borderwatch rules history"
        )
    if len(rows) > 1:
        ids = ", ".join(str(r.id) for r in rows)
        raise InputError(f"{ref!r} names {len(rows)} rule bases (ids {ids}). Give more digits.")
    return stored_version(rows[0], rows[0].id == current)


def select_version(
    engine: Engine, ref: str, *, reason: str = "rollback", note: str | None = None, actor: str
) -> StoredRuleBase:
    """Make the version named by ``ref`` (see :func:`find_version`) current, recorded with
    ``reason`` and ``note`` and audited as ``rules.use`` by ``actor``; the version, now
    current. Nothing is validated again: the version loaded once and its files are kept."""
    chosen = find_version(engine, ref)
    with engine.begin() as conn:
        replaced = current_version_id(conn)
        _record_selection(conn, chosen.id, reason, note, actor)
        detail = {
            "content_hash": chosen.content_hash,
            "version_id": chosen.id,
            "reason": reason,
            "replaced_version_id": replaced,
            "note": note,
        }
        audit.append(conn, actor, "rules.use", chosen.source_name, detail)
        now = _by_id(conn, chosen.id)
    assert now is not None
    return now


def rule_base_history(engine: Engine) -> list[RuleBaseSelection]:
    """Every change of the current rule base, oldest first."""
    chosen = rule_base_selections.c
    query = (
        select(
            *SUMMARY,
            chosen.chosen_at,
            chosen.reason,
            chosen.note.label("chosen_note"),
            chosen.chosen_by,
        )
        .join(rule_base_versions, rule_base_versions.c.id == chosen.version_id)
        .order_by(chosen.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        current = current_version_id(conn)
    return [
        RuleBaseSelection(
            version=stored_version(r, r.id == current),
            chosen_at=as_utc(r.chosen_at),
            reason=r.reason,
            note=r.chosen_note,
            chosen_by=r.chosen_by,
        )
        for r in rows
    ]


def stored_versions(engine: Engine) -> list[StoredRuleBase]:
    """Every stored version, oldest load first, the current one marked."""
    with engine.connect() as conn:
        current = current_version_id(conn)
        rows = conn.execute(select(*SUMMARY).order_by(rule_base_versions.c.id)).all()
    return [stored_version(r, r.id == current) for r in rows]


def current_rule_base(engine: Engine) -> tuple[RuleBase, StoredRuleBase] | None:
    """The current version, loaded, with its row; None when none was chosen (the shipped
    rule base, or BORDERWATCH_RULE_BASE, is used)."""
    with engine.connect() as conn:
        version = _by_id(conn, current_version_id(conn))
        if version is None:
            return None
        base = load_stored(conn, version.content_hash)
    if base is None:
        raise StoreError(f"rule base {version.content_hash} vanished from the store.")
    return base, version
