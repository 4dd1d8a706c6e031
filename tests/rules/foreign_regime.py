"""A rule base with one more regime, 'XX', binding only in Germany, for tests of
regimes that bind elsewhere than the crossing asked about."""

from __future__ import annotations

from pathlib import Path

import yaml


def _edit(path: Path, change: dict[str, object]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in change.items():
        if isinstance(data[key], list):
            data[key].append(value)
        else:
            data[key].update(value)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def add_foreign_regime(root: Path, *, crossing: str, profile: str | None = None) -> None:
    """Add to the rule base at ``root``: regime XX (Germany), crossing ``crossing`` in
    Germany, and XX-machinery, which prohibits exports of HS 84 from 2017."""
    _edit(
        root / "regimes.yaml",
        {"regimes": {"id": "XX", "name": "a German regime", "kind": "law", "jurisdiction": ["DE"]}},
    )
    if profile is not None:
        _edit(root / "regimes.yaml", {"profiles": {profile: ["UN", "XX"]}})
    _edit(
        root / "crossings.yaml",
        {"crossings": {"id": crossing, "name": crossing, "country": "DE", "counterpart": "KP"}},
    )
    measure = {
        "id": "XX-machinery",
        "legal_act": "a German act",
        "provision": "s. 1",
        "source": "test",
        "confidence": "high",
        "scope": {"directions": ["export"]},
        "goods": {"description": "Machinery", "hs": ["84"]},
        "effect": {"type": "prohibit"},
        "valid_from": "2017-01-01",
    }
    (root / "measures" / "xx").mkdir()
    document = {"document": {"title": "XX act", "regime": "XX"}, "measures": [measure]}
    (root / "measures" / "xx" / "act.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
