"""What officers decide on a screened declaration: the outcome, what was found, and why.

A decision concerns a whole declaration or one of its items. Decisions are
never changed: a supervisor amends one by recording a new decision that
points to it (``amends``), so every decision and the verdict it was taken on
stay readable side by side.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "MAX_FOUND",
    "MAX_NAME",
    "MAX_REASON",
    "Decision",
    "Outcome",
    "Role",
]

#: longest account of what was found; a report longer than this belongs in an attachment
MAX_FOUND = 4000
#: longest reason given for a decision or an amendment
MAX_REASON = 2000
#: longest officer name, client id, crossing name or item id kept with a record
MAX_NAME = 200


class Outcome(StrEnum):
    """What became of the goods (or of the declaration as a whole)."""

    RELEASED = "released"
    INSPECTED_RELEASED = "inspected_released"
    SEIZED = "seized"
    #: entry or exit refused, as the declaration's direction says
    REFUSED = "refused"
    #: the traveller or carrier left the goods behind at the crossing
    LEFT_BEHIND = "left_behind"
    #: handed to another agency (police, state security, health, ...)
    REFERRED = "referred"


class Role(StrEnum):
    """Who records a decision: an officer decides, a supervisor may also amend."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"


class Decision(BaseModel):
    """One stored decision; ``amends`` is the id of the decision it replaces, if any.

    ``declaration`` is the stored declaration's id (not the declarant's own id);
    ``item`` is None for a decision on the whole declaration; ``screening`` is
    the stored screening whose verdict the officer decided on.
    """

    model_config = ConfigDict(frozen=True)

    id: int
    declaration: int
    item: str | None
    outcome: Outcome
    found: Annotated[str, Field(max_length=MAX_FOUND)] = ""
    reason: Annotated[str, Field(max_length=MAX_REASON)]
    officer: str
    role: Role
    crossing: str
    recorded_at: dt.datetime
    screening: int
    amends: int | None = None
