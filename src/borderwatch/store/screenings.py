"""Screening results kept with the rule-base version that produced them.

A result of ``borderwatch screen --store`` names its declaration by the
declarant's id alone. A result of a submission (:mod:`borderwatch.store.declarations`)
also points to the stored declaration (``stored_declaration_id``), since two
crossings may both number a declaration ``B1``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
)

from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict
from borderwatch.store.database import metadata, writing

__all__ = [
    "StoredScreening",
    "insert_screening",
    "latest_screenings",
    "record_screening",
    "screening_history",
    "screenings",
]

screenings = Table(
    "screenings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("declaration_id", String(200), nullable=False, index=True),
    Column("screened_at", DateTime(timezone=True), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("regimes", String(200), nullable=False),
    Column("rule_base", String(64), nullable=False, index=True),
    Column("verdict", String(32), nullable=False),
    Column("declaration", Text, nullable=False),
    Column("result", Text, nullable=False),
    Column("configuration", Text, nullable=True),
    Column(
        "stored_declaration_id",
        Integer,
        ForeignKey("declarations.id", name="fk_screenings_stored_declaration_id"),
        nullable=True,
        index=True,
    ),
)


@dataclass(frozen=True)
class StoredScreening:
    """One stored screening, with the declaration as it was screened."""

    declaration: Declaration
    result: DeclarationVerdict
    screened_at: dt.datetime
    configuration: str | None = None


def record_screening(
    engine: Engine,
    declaration: Declaration,
    result: DeclarationVerdict,
    *,
    configuration: str | None = None,
) -> None:
    """Keep ``result`` (and the declaration it came from) in the store.

    ``configuration`` is the JSON of the screening assembly's configuration
    (rule base, lists, thresholds), kept so the screening can be rebuilt.
    """
    with writing(engine) as conn:
        insert_screening(conn, declaration, result, configuration=configuration)


def insert_screening(
    conn: Connection,
    declaration: Declaration,
    result: DeclarationVerdict,
    *,
    configuration: str | None,
    stored_declaration: int | None = None,
    declaration_json: str | None = None,
) -> int:
    """Add one screening in ``conn``'s transaction; its id.

    ``stored_declaration`` is the id of the row in ``declarations`` it screens, if any;
    ``declaration_json``, the declaration as its row holds it, when the caller has it
    already (else it is written out here).
    """
    # values as parameters, not .values(): the statement is then the same each time and
    # SQLAlchemy reuses its compiled form (building the cache key of the values cost more)
    inserted = conn.execute(
        insert(screenings).returning(screenings.c.id),
        {
            "declaration_id": declaration.id,
            "screened_at": dt.datetime.now(dt.UTC),
            "as_of": result.as_of,
            "regimes": ",".join(result.regimes),
            "rule_base": result.rule_base,
            "verdict": result.verdict.value,
            "declaration": declaration_json or declaration.model_dump_json(by_alias=True),
            "result": result.model_dump_json(by_alias=True),
            "configuration": configuration,
            "stored_declaration_id": stored_declaration,
        },
    )
    return int(inserted.scalar_one())


def _row(row: object) -> StoredScreening:
    return StoredScreening(
        declaration=Declaration.model_validate_json(row.declaration),  # type: ignore[attr-defined]
        result=DeclarationVerdict.model_validate_json(row.result),  # type: ignore[attr-defined]
        screened_at=row.screened_at,  # type: ignore[attr-defined]
        configuration=row.configuration,  # type: ignore[attr-defined]
    )


def screening_history(engine: Engine, declaration_id: str) -> list[StoredScreening]:
    """Every stored screening of one declaration, oldest first."""
    query = (
        select(screenings)
        .where(screenings.c.declaration_id == declaration_id)
        .order_by(screenings.c.id)
    )
    with engine.connect() as conn:
        return [_row(r) for r in conn.execute(query)]


def latest_screenings(engine: Engine) -> Iterator[StoredScreening]:
    """The latest stored screening of each declaration, in declaration-id order.

    A submitted declaration is one declaration per stored row, whatever its
    declarant's id; results of ``screen --store`` are told apart by that id alone.
    """
    last = (
        select(func.max(screenings.c.id).label("id"))
        .group_by(screenings.c.stored_declaration_id, screenings.c.declaration_id)
        .subquery()
    )
    query = (
        select(screenings)
        .join(last, screenings.c.id == last.c.id)
        .order_by(screenings.c.declaration_id, screenings.c.id)
    )
    with engine.connect() as conn:
        for row in conn.execute(query):
            yield _row(row)
