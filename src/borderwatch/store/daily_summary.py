"""A crossing's days in numbers: what arrived, what screening said, what officers decided.

:func:`daily_summary` counts, per crossing and declaration date, the stored
declarations, their latest verdicts, the declarations with a current decision
and the current decisions by outcome (an amended decision counts as its
amendment). A supervisor reads from it how much of what screening stopped was
worked and what was found; an analyst compares crossings — the displacement
SCENARIO.md describes shows as stops moving from one crossing to another.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Connection, distinct, exists, func, select

from borderwatch.model.decision import Outcome
from borderwatch.model.verdict import Verdict
from borderwatch.store.decision_rows import decisions
from borderwatch.store.declaration_rows import declarations, latest_screening_ids
from borderwatch.store.screenings import screenings

__all__ = ["DaySummary", "daily_summary"]


@dataclass
class DaySummary:
    """One crossing on one declaration date."""

    crossing: str
    date: dt.date
    #: declarations by the verdict of their latest screening
    verdicts: Counter[Verdict] = field(default_factory=Counter)
    #: declarations with a current decision on them or on one of their items
    decided: int = 0
    #: current decisions (amendments in place of what they amend) by outcome
    outcomes: Counter[Outcome] = field(default_factory=Counter)

    @property
    def declarations(self) -> int:
        """Declarations stored with this date (each has a latest screening)."""
        return sum(self.verdicts.values())

    @property
    def stopped(self) -> int:
        """Declarations screening said to stop: a verdict of ``inspect`` or stricter."""
        return sum(
            n for verdict, n in self.verdicts.items() if verdict.rank >= Verdict.INSPECT.rank
        )


def _asked(
    crossings: tuple[str, ...] | None, since: dt.date | None, until: dt.date | None
) -> list[ColumnElement[bool]]:
    """The conditions on declarations for the crossings and declaration dates asked."""
    conditions: list[ColumnElement[bool]] = []
    if crossings is not None:
        conditions.append(declarations.c.crossing.in_(crossings))
    if since is not None:
        conditions.append(declarations.c.date >= since)
    if until is not None:
        conditions.append(declarations.c.date <= until)
    return conditions


def daily_summary(
    conn: Connection,
    *,
    crossings: tuple[str, ...] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[DaySummary]:
    """The days of ``crossings`` (None: every crossing) between ``since`` and ``until``
    (inclusive, by declaration date), by crossing then date; days without a stored
    declaration are left out. Three grouped queries: nothing is read row by row."""
    latest = latest_screening_ids()
    day_of = (declarations.c.crossing, declarations.c.date)
    asked = _asked(crossings, since, until)
    by_verdict = (
        select(*day_of, screenings.c.verdict, func.count())
        .join(latest, latest.c.declaration == declarations.c.id)
        .join(screenings, screenings.c.id == latest.c.screening)
        .where(*asked)
        .group_by(*day_of, screenings.c.verdict)
    )
    amendment = decisions.alias("amendment")
    current = ~exists().where(amendment.c.amends == decisions.c.id)
    by_outcome = (
        select(*day_of, decisions.c.outcome, func.count())
        .join(decisions, decisions.c.declaration_id == declarations.c.id)
        .where(current, *asked)
        .group_by(*day_of, decisions.c.outcome)
    )
    decided = (
        select(*day_of, func.count(distinct(declarations.c.id)))
        .join(decisions, decisions.c.declaration_id == declarations.c.id)
        .where(*asked)
        .group_by(*day_of)
    )
    days: dict[tuple[str, dt.date], DaySummary] = {}

    def day(crossing: str, date: dt.date) -> DaySummary:
        return days.setdefault((crossing, date), DaySummary(crossing, date))

    for crossing, date, verdict, count in conn.execute(by_verdict):
        day(crossing, date).verdicts[Verdict(verdict)] += count
    for crossing, date, outcome, count in conn.execute(by_outcome):
        day(crossing, date).outcomes[Outcome(outcome)] += count
    for crossing, date, count in conn.execute(decided):
        day(crossing, date).decided += count
    return [days[key] for key in sorted(days)]
