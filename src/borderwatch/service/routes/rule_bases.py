"""The rule-base versions in the store over HTTP (``/v1/rule-bases``), as ``borderwatch rules
history`` and ``rules use``.

Everyone signed in may read which version screening uses and how it came to be
current (the measures themselves are public at ``/v1/measures``). Only an admin
acting for every crossing may make another stored version current: it changes
every crossing's verdicts. That is appended to the audit log as ``rules.use``
by ``api:<admin>``, and this service screens with the new version from the next
request on. Loading a new version is done with ``borderwatch rules load``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Engine

from borderwatch.service.access import READERS, caller
from borderwatch.service.errors import error_responses
from borderwatch.service.principal import Principal, current_principal
from borderwatch.service.state import ServiceState, database_of, state_of
from borderwatch.store.rule_base_versions import StoredRuleBase
from borderwatch.store.rule_bases import rule_base_history, select_version, stored_versions

__all__ = ["router"]

router = APIRouter(tags=["rule base"])


class RuleBaseVersionInfo(BaseModel):
    """A stored rule-base version (its files stay in the store)."""

    id: int
    content_hash: str = Field(description="the version every result screened under it records")
    source: str = Field(description="what results record as rule_base_source: stored:<hash>")
    label: str = Field(description="the name of the folder it was loaded from")
    folder: str = Field(description="the folder it was loaded from, as it was then")
    measures: int
    files: int
    note: str | None
    loaded_at: dt.datetime
    loaded_by: str
    current: bool


class RuleBaseSelectionInfo(BaseModel):
    """One change of the current rule base."""

    version_id: int
    content_hash: str
    chosen_at: dt.datetime
    reason: str = Field(description="loaded, reloaded or rollback")
    note: str | None
    chosen_by: str


class RuleBaseHistory(BaseModel):
    """Which version screening uses, every version stored, and every change, oldest first."""

    current: RuleBaseVersionInfo | None = Field(
        description="null: none was ever chosen, so the shipped rule base is used"
    )
    versions: list[RuleBaseVersionInfo]
    selections: list[RuleBaseSelectionInfo]


class RuleBaseChoice(BaseModel):
    """The stored version to make current, and why."""

    model_config = ConfigDict(extra="forbid")

    version: str = Field(
        min_length=1,
        max_length=71,
        pattern=r"^(stored:)?[0-9a-fA-F]{8,64}$|^[0-9]{1,9}$",
        description="its id, or at least 8 hex digits of its content hash",
        examples=["4dcfb73a"],
    )
    note: str | None = Field(
        default=None, max_length=1000, examples=["amendment withdrawn pending review"]
    )

    @field_validator("note")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        if value is not None and any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
            raise ValueError("the note holds control characters or broken Unicode")
        return value


def _info(version: StoredRuleBase) -> RuleBaseVersionInfo:
    return RuleBaseVersionInfo(
        id=version.id,
        content_hash=version.content_hash,
        source=version.source_name,
        label=version.label,
        folder=version.source,
        measures=version.measure_count,
        files=version.file_count,
        note=version.note,
        loaded_at=version.loaded_at,
        loaded_by=version.loaded_by,
        current=version.current,
    )


@router.get(
    "/rule-bases",
    response_model=RuleBaseHistory,
    summary="The rule-base version screening uses, every stored version and every change",
    responses=error_responses(401, 403, 503),
)
def history(
    _: Annotated[Principal, caller(*READERS)],
    database: Annotated[Engine, Depends(database_of)],
) -> RuleBaseHistory:
    """As ``borderwatch rules history``, with the stored versions beside it."""
    versions = [_info(v) for v in stored_versions(database)]
    selections = [
        RuleBaseSelectionInfo(
            version_id=s.version.id,
            content_hash=s.version.content_hash,
            chosen_at=s.chosen_at,
            reason=s.reason,
            note=s.note,
            chosen_by=s.chosen_by,
        )
        for s in rule_base_history(database)
    ]
    current = next((v for v in versions if v.current), None)
    return RuleBaseHistory(current=current, versions=versions, selections=selections)


@router.post(
    "/rule-bases/current",
    response_model=RuleBaseVersionInfo,
    summary="Make a stored rule-base version the one screening uses (admin)",
    responses=error_responses(401, 403, 404, 422, 503),
)
def choose(
    body: RuleBaseChoice,
    principal: Annotated[Principal, Depends(current_principal)],
    database: Annotated[Engine, Depends(database_of)],
    state: Annotated[ServiceState, Depends(state_of)],
) -> RuleBaseVersionInfo:
    """As ``borderwatch rules use``; appended to the audit log as ``rules.use``."""
    principal.require("admin")
    principal.require_every_crossing()
    chosen = select_version(
        database, body.version, reason="rollback", note=body.note, actor=principal.actor
    )
    state.rule_base_changed()
    return _info(chosen)
