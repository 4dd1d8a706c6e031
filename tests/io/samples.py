"""Declarations as officers' files hold them, for the input-safety tests."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["CSV_HEADER", "GOOD", "csv_row", "good", "jsonl"]

GOOD: dict[str, Any] = {
    "id": "D1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "items": [{"id": "1", "description": "rice cooker", "hs": "851660"}],
}

CSV_HEADER = (
    "id,date,crossing,direction,country,channel,traveller_name,item_id,description,hs,"
    "quantity,unit_value,currency"
)


def good(ident: str, **changes: Any) -> dict[str, Any]:
    """GOOD with another id and any other field changed."""
    return {**GOOD, "id": ident, **changes}


def jsonl(*records: dict[str, Any]) -> str:
    """Records as JSON lines (non-ASCII written as is)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def csv_row(ident: str, item: str = "1", *, date: str = "2019-02-12", **cells: str) -> str:
    """One CSV line under CSV_HEADER: a rice cooker in D-style baggage."""
    row = {
        "id": ident,
        "date": date,
        "crossing": "dandong",
        "direction": "export",
        "country": "KP",
        "channel": "baggage",
        "traveller_name": "Ri",
        "item_id": item,
        "description": "rice cooker",
        "hs": "851660",
        "quantity": "1",
        "unit_value": "420",
        "currency": "CNY",
        **cells,
    }
    return ",".join(row[c] for c in CSV_HEADER.split(",")) + "\n"
