"""Rule-base versions in the store: their files, which one is current, and a folder of each.

A version is identified by its content hash — the ``rule_base`` every result
records (see :func:`borderwatch.rules.loader.content_version`) — so loading
the same files twice keeps one copy. Its files are kept as JSON (relative
path → text), so every version stays readable, and screenable, as it was
loaded, whatever became of the folder it came from.

Which version screening uses is the latest row of ``rule_base_selections``
(no row: the shipped rule base). Loading and choosing live in
:mod:`borderwatch.store.rule_bases`.

A stored version is screened by writing its files once to
``<data dir>/rule-bases/<hash>/`` (:func:`materialise`) and loading that
folder as any rule base; the folder is checked against the hash on every
load and written again if anything in it changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
)

from borderwatch.errors import RuleBaseError, StoreError
from borderwatch.rules.loader import RuleBase, load_rule_base
from borderwatch.settings import get_settings
from borderwatch.store.database import as_utc, metadata

__all__ = [
    "SELECTION_REASONS",
    "STORED_PREFIX",
    "StoredRuleBase",
    "current_version_id",
    "latest_selection_id",
    "load_stored",
    "materialise",
    "rule_base_selections",
    "rule_base_versions",
    "stored_rule_base",
    "stored_version",
]

SELECTION_REASONS = ("loaded", "reloaded", "rollback")
#: a result's ``rule_base_source`` for a stored version: ``stored:<content hash>``
STORED_PREFIX = "stored:"

rule_base_versions = Table(
    "rule_base_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("label", String(200), nullable=False),
    Column("source", Text, nullable=False),
    Column("files", Text, nullable=False),
    Column("file_count", Integer, nullable=False),
    Column("measure_count", Integer, nullable=False),
    Column("note", Text, nullable=True),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("loaded_by", String(200), nullable=False),
)

rule_base_selections = Table(
    "rule_base_selections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", ForeignKey("rule_base_versions.id"), nullable=False),
    Column("chosen_at", DateTime(timezone=True), nullable=False),
    Column("reason", String(16), nullable=False),
    Column("note", Text, nullable=True),
    Column("chosen_by", String(200), nullable=False),
    CheckConstraint(
        "reason IN ({})".format(", ".join(f"'{r}'" for r in SELECTION_REASONS)),
        name="ck_rule_base_selections_reason",
    ),
)


@dataclass(frozen=True)
class StoredRuleBase:
    """A stored rule-base version, without its files; ``current`` when screening uses it."""

    id: int
    content_hash: str
    label: str
    source: str
    file_count: int
    measure_count: int
    note: str | None
    loaded_at: dt.datetime
    loaded_by: str
    current: bool = False

    @property
    def source_name(self) -> str:
        """What a result screened under this version records as its ``rule_base_source``."""
        return STORED_PREFIX + self.content_hash


def stored_version(row: Any, current: bool = False) -> StoredRuleBase:
    """A ``rule_base_versions`` row (any columns but ``files``) as a :class:`StoredRuleBase`."""
    return StoredRuleBase(
        id=row.id,
        content_hash=row.content_hash,
        label=row.label,
        source=row.source,
        file_count=row.file_count,
        measure_count=row.measure_count,
        note=row.note,
        loaded_at=as_utc(row.loaded_at),
        loaded_by=row.loaded_by,
        current=current,
    )


#: every column but the files, for listings
SUMMARY = [c for c in rule_base_versions.c if c.name != "files"]


def latest_selection_id(conn: Connection) -> int | None:
    """The id of the newest selection (None: none yet): a change of it is a change of the
    current rule base, so a long-running service checks this one number."""
    return conn.execute(select(func.max(rule_base_selections.c.id))).scalar_one_or_none()


def current_version_id(conn: Connection) -> int | None:
    """The id of the current version; None when none was ever chosen (the shipped one)."""
    return conn.execute(
        select(rule_base_selections.c.version_id)
        .order_by(rule_base_selections.c.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.suffix != ".yaml" or not path.parts:
        raise StoreError(
            f"a stored rule base names the file {name!r}, which is not a YAML file inside "
            "its folder; the store was altered by hand. Load the rule base again."
        )
    return path


def materialise(content_hash: str, files: dict[str, str], data_dir: Path | None = None) -> Path:
    """The folder ``<data dir>/rule-bases/<content_hash>`` holding ``files``, written now
    unless already there. Written to a temporary folder first and renamed into place, so
    another process never sees half a rule base."""
    root = (data_dir or get_settings().data_dir) / "rule-bases"
    target = root / content_hash
    if target.is_dir():
        return target
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{content_hash}-", dir=root))
    try:
        for name, text in files.items():
            path = scratch.joinpath(*_safe_relative(name).parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        try:
            os.rename(scratch, target)
        except OSError:
            if not target.is_dir():  # not another process that got there first
                raise
    except OSError as exc:
        raise StoreError(
            f"cannot write the stored rule base {content_hash} to {target}: {exc.strerror}. "
            "Check that BORDERWATCH_DATA_DIR is writable."
        ) from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


@functools.lru_cache(maxsize=16)
def _loaded(folder: Path, content_hash: str) -> RuleBase | None:
    """The rule base in ``folder`` if it still is version ``content_hash``; kept per process
    (a version's content never changes)."""
    try:
        base = load_rule_base(folder)
    except RuleBaseError:  # a file edited by hand into one that does not load
        return None
    return base if base.version == content_hash else None


def load_stored(conn: Connection, content_hash: str) -> RuleBase | None:
    """The stored version ``content_hash`` as a rule base; None when it is not stored.

    Its folder under the data directory is written if missing, and written again
    if what it holds no longer hashes to the version (edited by hand).
    """
    files_json = conn.execute(
        select(rule_base_versions.c.files).where(rule_base_versions.c.content_hash == content_hash)
    ).scalar_one_or_none()
    if files_json is None:
        return None
    files: dict[str, str] = json.loads(files_json)
    folder = materialise(content_hash, files)
    found = _loaded(folder, content_hash)
    if found is None:
        _loaded.cache_clear()
        shutil.rmtree(folder, ignore_errors=True)
        found = _loaded(materialise(content_hash, files), content_hash)
    if found is None:
        raise StoreError(
            f"the stored rule base {content_hash} does not hash to its own version when "
            "written out; the store was altered by hand. Load the rule base folder again."
        )
    return found


def stored_rule_base(engine: Engine, content_hash: str) -> RuleBase | None:
    """The stored version with exactly ``content_hash``, loaded; None when not stored."""
    with engine.connect() as conn:
        return load_stored(conn, content_hash)
