"""Building declarations from the compact golden-case tables.

Besides the verdict and legal basis (``expect``, ``basis``), an item may give
``hs_version`` (the version its code is declared in; a case may give one for
all its items), and pin how its code was read: ``read_as`` (the HS version),
``screened`` (the HS 2022 code screened, null when several), ``candidates``
(each HS 2022 code it became and its verdict) and ``declared_hs``.
``expect: rejected`` means the reader rejects the item's code: the
declaration is not screened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from borderwatch.model import Declaration

#: one YAML table per topic; every file in the folder is read
GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


def load_cases() -> list[dict[str, Any]]:
    """The golden cases as written, from every table in the folder."""
    cases: list[dict[str, Any]] = []
    for table in sorted(GOLDEN.glob("*.yaml")):
        cases.extend(yaml.safe_load(table.read_text(encoding="utf-8")) or [])
    return cases


def _item(index: int, spec: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": str(index + 1),
        "description": spec.get("description", f"golden item {index + 1}"),
    }
    if spec.get("hs"):
        item["hs"] = spec["hs"]
    if "hs_version" in spec:
        item["hs_version"] = spec["hs_version"]
    if "quantity" in spec:
        item["quantity"] = spec["quantity"]
    if "value" in spec:
        amount, currency = spec["value"].split()
        item["unit_value"] = {"amount": amount, "currency": currency}
    if "piece" in spec:
        piece_id, area = spec["piece"].split()
        item["piece"] = {"id": piece_id, "area_m2": area}
    if "origin" in spec:
        item["origin"] = spec["origin"]
    if "exemption" in spec:
        exemption_id, reference = spec["exemption"].split("/", 1)
        item["exemptions"] = [{"id": exemption_id, "reference": reference}]
    return item


def record_for(case: dict[str, Any]) -> dict[str, Any]:
    """The record (as a JSON line would hold it) a golden case describes."""
    data: dict[str, Any] = {
        "id": case["case"],
        "date": case["date"],
        "crossing": case.get("crossing", "dandong"),
        "direction": case["direction"],
        "country": case.get("country", "KP"),
        "channel": case.get("channel", "cargo"),
        "items": [_item(i, spec) for i, spec in enumerate(case["items"])],
    }
    if "category" in case:
        data["traveller"] = {"name": "Golden Traveller", "category": case["category"]}
    if "hs_version" in case:
        data["hs_version"] = case["hs_version"]
    return data


def declaration_for(case: dict[str, Any]) -> Declaration:
    """The declaration a golden case describes."""
    return Declaration.model_validate(record_for(case))


def is_rejected(case: dict[str, Any]) -> bool:
    """True when the case expects the reader to reject one of its items."""
    return any(spec["expect"] == "rejected" for spec in case["items"])


def regimes_for(case: dict[str, Any]) -> list[str] | None:
    """None (every regime) for `all`, else the listed regimes (default UN)."""
    regimes = case.get("regimes", ["UN"])
    return None if regimes == "all" else list(regimes)
