"""Declarations for the store tests, and counting what the store holds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from borderwatch.model import Declaration
from borderwatch.store.decision_rows import decisions
from borderwatch.store.declaration_rows import declaration_items, declarations
from borderwatch.store.screenings import screenings

RICE = {"id": "1", "description": "milled rice, 10 kg", "hs": "100630"}
LAPTOP = {
    "id": "2",
    "description": "laptop",
    "hs": "8471.30",
    "quantity": "2.5",
    "unit_value": {"amount": "420.10", "currency": "cny"},
}

#: two appliances in a returning worker's bag at Dandong: the reported allowance decides
TWO_APPLIANCES = {
    "id": "BUS-1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "traveller": {"name": "Ri Yong Chol", "category": "returning_worker"},
    "items": [
        {"id": "1", "description": "rice cooker", "hs": "851660"},
        {"id": "2", "description": "electric kettle", "hs": "851671"},
    ],
}


def raw(ident: str = "B1", **changes: Any) -> dict[str, Any]:
    """A returning worker's baggage at Dandong: rice (inspect) and a laptop (prohibited)."""
    return {
        "id": ident,
        "date": "2019-02-12",
        "crossing": "dandong",
        "direction": "export",
        "country": "KP",
        "channel": "baggage",
        "traveller": {"name": "Ri Yong Chol", "category": "returning_worker"},
        "items": [RICE, LAPTOP],
        **changes,
    }


def declared(ident: str = "B1", **changes: Any) -> Declaration:
    return Declaration.model_validate(raw(ident, **changes))


def cargo_to_russia(ident: str) -> Declaration:
    """Rice to Russia: nothing applies, the verdict is clear."""
    return declared(ident, channel="cargo", country="RU", traveller=None, items=[RICE])


def counts(engine: Engine) -> dict[str, int]:
    """Rows in each table a submission or a decision writes."""
    tables = {
        "declarations": declarations,
        "items": declaration_items,
        "screenings": screenings,
        "decisions": decisions,
    }
    with engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in tables.items()
        }
