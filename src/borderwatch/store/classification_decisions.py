"""Officers' confirmed and corrected classifications, kept in the store.

Each row says: this description is HS ``hs``, decided by ``officer`` on
``decided_at``; ``suggested`` is what the classifier proposed (equal to
``hs`` for a confirmation, different for a correction). :func:`learned_examples`
turns the rows into the in-memory evidence the classifier uses; CSV export
and import move them between crossings.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from sqlalchemy import Column, DateTime, Engine, Integer, String, Table, Text, insert, select

from borderwatch.errors import RecordError, unreadable_csv
from borderwatch.goods.learned import LearnedExamples
from borderwatch.io.spreadsheet import SafeCSVWriter, unescape_row
from borderwatch.reference.hs import hs6_of, nomenclature
from borderwatch.store.database import metadata, writing

__all__ = [
    "CSV_COLUMNS",
    "Confirmation",
    "classification_decisions",
    "export_csv",
    "import_csv",
    "learned_examples",
    "record_confirmation",
    "stored_confirmations",
]

CSV_COLUMNS = ("description", "hs", "lang", "suggested", "officer", "decided_at")

classification_decisions = Table(
    "classification_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("description", Text, nullable=False),
    Column("hs", String(6), nullable=False, index=True),
    Column("lang", String(8), nullable=True),
    Column("suggested", String(6), nullable=True),
    Column("officer", String(200), nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Confirmation:
    """One officer decision on the HS code of a description."""

    description: str
    hs: str
    lang: str | None = None
    suggested: str | None = None
    officer: str | None = None
    decided_at: dt.datetime | None = None

    @property
    def is_correction(self) -> bool:
        """True when the officer chose another code than the classifier suggested."""
        return self.suggested is not None and self.suggested != self.hs


def _check_hs(hs: str, *, source: str, line: int | None) -> str:
    code = hs6_of(hs)
    if code is None or code not in nomenclature():
        raise RecordError(
            source=source,
            line=line,
            field="hs",
            value=hs,
            problem="not an HS 2022 six-digit subheading",
            hint="Give an HS 2022 subheading, e.g. 851660 or 8516.60.",
        )
    return code


def record_confirmation(engine: Engine, confirmation: Confirmation) -> None:
    """Store one decision (the code is checked against HS 2022 first)."""
    hs = _check_hs(confirmation.hs, source="confirmation", line=None)
    if not confirmation.description.strip():
        raise RecordError(
            source="confirmation",
            line=None,
            field="description",
            value=confirmation.description,
            problem="empty",
            hint="Give the description the officer classified.",
        )
    with writing(engine) as conn:
        conn.execute(
            insert(classification_decisions).values(
                description=confirmation.description.strip(),
                hs=hs,
                lang=confirmation.lang,
                suggested=confirmation.suggested,
                officer=confirmation.officer,
                decided_at=confirmation.decided_at or dt.datetime.now(dt.UTC),
            )
        )


def stored_confirmations(engine: Engine) -> Iterator[Confirmation]:
    """Every stored decision, oldest first."""
    table = classification_decisions
    with engine.connect() as conn:
        for row in conn.execute(select(table).order_by(table.c.id)):
            yield Confirmation(
                description=row.description,
                hs=row.hs,
                lang=row.lang,
                suggested=row.suggested,
                officer=row.officer,
                decided_at=row.decided_at,
            )


def learned_examples(engine: Engine) -> LearnedExamples:
    """The stored decisions as evidence for the classifier."""
    return LearnedExamples((c.description, c.hs) for c in stored_confirmations(engine))


def export_csv(engine: Engine, out: TextIO) -> int:
    """Write every decision as CSV (columns :data:`CSV_COLUMNS`); returns the row count.

    Cells a spreadsheet would run as formulas get a leading ``'``
    (:mod:`borderwatch.io.spreadsheet`); :func:`import_csv` removes it again.
    """
    writer = SafeCSVWriter(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for c in stored_confirmations(engine):
        stamp = c.decided_at.isoformat() if c.decided_at else ""
        writer.writerow(
            [c.description, c.hs, c.lang or "", c.suggested or "", c.officer or "", stamp]
        )
        count += 1
    return count


def _parse_time(value: str, *, source: str, line: int) -> dt.datetime | None:
    if not value.strip():
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise RecordError(
            source=source,
            line=line,
            field="decided_at",
            value=value,
            problem="not an ISO 8601 date-time",
            hint="Write it like 2024-03-01T09:30:00+00:00, or leave it empty.",
        ) from exc
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def import_csv(engine: Engine, stream: TextIO, *, source: str) -> tuple[int, list[RecordError]]:
    """Store the decisions of a CSV file; bad rows are returned, the rest imported.

    A file that stops being readable as CSV (an unclosed quote, a stray carriage
    return) ends the import at that line: what came before stays imported and
    the break is returned as one more error.
    """
    reader = csv.DictReader(stream)
    try:
        return _import_rows(engine, reader, source)
    except csv.Error as exc:  # line_num + 1: the line it was reading
        raise unreadable_csv(source, reader.line_num + 1, exc, rest_skipped=False) from exc


def _import_rows(
    engine: Engine, reader: csv.DictReader[str], source: str
) -> tuple[int, list[RecordError]]:
    missing = {"description", "hs"} - set(reader.fieldnames or ())
    if missing:
        raise RecordError(
            source=source,
            line=1,
            field="header",
            value=",".join(reader.fieldnames or ()),
            problem=f"missing column(s) {', '.join(sorted(missing))}",
            hint=f"The header must name at least description and hs; full: {','.join(CSV_COLUMNS)}.",
        )
    imported, errors = 0, []
    rows = enumerate(map(unescape_row, reader), start=2)
    while True:
        try:
            line, row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(unreadable_csv(source, reader.line_num + 1, exc, rest_skipped=True))
            break
        try:
            confirmation = Confirmation(
                description=(row.get("description") or "").strip(),
                hs=_check_hs(row.get("hs") or "", source=source, line=line),
                lang=(row.get("lang") or None),
                suggested=(row.get("suggested") or None),
                officer=(row.get("officer") or None),
                decided_at=_parse_time(row.get("decided_at") or "", source=source, line=line),
            )
            if not confirmation.description:
                raise RecordError(
                    source=source,
                    line=line,
                    field="description",
                    value="",
                    problem="empty",
                    hint="Every row needs the description that was classified.",
                )
        except RecordError as exc:
            errors.append(exc)
            continue
        record_confirmation(engine, confirmation)
        imported += 1
    return imported, errors
