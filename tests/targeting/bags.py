"""A returning worker's baggage at Dandong in May 2019, for the targeting tests."""

from __future__ import annotations

from typing import Any

from borderwatch.model.declaration import Declaration

__all__ = ["bag"]


def bag(ident: str, items: list[dict[str, Any]], **changes: Any) -> Declaration:
    """Declaration ``ident`` with ``items`` (their ids as given), changed by ``changes``."""
    data: dict[str, Any] = {
        "id": ident,
        "date": "2019-05-14",
        "crossing": "dandong",
        "direction": "export",
        "country": "KP",
        "channel": "baggage",
        "traveller": {"name": "Ri Yong Chol", "category": "returning_worker"},
        "items": items,
    }
    return Declaration.model_validate(data | changes)
