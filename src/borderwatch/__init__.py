"""borderwatch: sanctions enforcement and inspection targeting at land border crossings.

The public Python API::

    from borderwatch import Screener, ScreeningChoices, build_screener, read_declarations

    screener = build_screener(ScreeningChoices(regimes=["UN"], parties=False))
    result = screener.screen(declaration)

Names are imported on first use, so ``import borderwatch`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from borderwatch.about import __version__
from borderwatch.errors import BorderwatchError

if TYPE_CHECKING:
    from borderwatch.assembly import (
        ScreeningChoices,
        build_screener,
        goods_classifier,
        rebuild_screener,
    )
    from borderwatch.engine.party_check import PartyCheck
    from borderwatch.engine.screener import Screener
    from borderwatch.errors import InputError, RecordError
    from borderwatch.io.declarations import Parsed, read_declarations
    from borderwatch.model.declaration import Declaration, Item, Party, Traveller
    from borderwatch.model.verdict import (
        DeclarationVerdict,
        ItemVerdict,
        LegalBasis,
        ScreeningConfiguration,
        Verdict,
    )
    from borderwatch.rules.loader import RuleBase, load_rule_base, shipped_rule_base
    from borderwatch.store.database import open_database

_WHERE = {
    "BorderwatchError": "borderwatch.errors",
    "Declaration": "borderwatch.model.declaration",
    "DeclarationVerdict": "borderwatch.model.verdict",
    "InputError": "borderwatch.errors",
    "Item": "borderwatch.model.declaration",
    "ItemVerdict": "borderwatch.model.verdict",
    "LegalBasis": "borderwatch.model.verdict",
    "Parsed": "borderwatch.io.declarations",
    "Party": "borderwatch.model.declaration",
    "PartyCheck": "borderwatch.engine.party_check",
    "RecordError": "borderwatch.errors",
    "RuleBase": "borderwatch.rules.loader",
    "Screener": "borderwatch.engine.screener",
    "ScreeningChoices": "borderwatch.assembly",
    "ScreeningConfiguration": "borderwatch.model.verdict",
    "Traveller": "borderwatch.model.declaration",
    "Verdict": "borderwatch.model.verdict",
    "build_screener": "borderwatch.assembly",
    "goods_classifier": "borderwatch.assembly",
    "load_rule_base": "borderwatch.rules.loader",
    "open_database": "borderwatch.store.database",
    "read_declarations": "borderwatch.io.declarations",
    "rebuild_screener": "borderwatch.assembly",
    "shipped_rule_base": "borderwatch.rules.loader",
}

__all__ = [
    "BorderwatchError",
    "Declaration",
    "DeclarationVerdict",
    "InputError",
    "Item",
    "ItemVerdict",
    "LegalBasis",
    "Parsed",
    "Party",
    "PartyCheck",
    "RecordError",
    "RuleBase",
    "Screener",
    "ScreeningChoices",
    "ScreeningConfiguration",
    "Traveller",
    "Verdict",
    "__version__",
    "build_screener",
    "goods_classifier",
    "load_rule_base",
    "open_database",
    "read_declarations",
    "rebuild_screener",
    "shipped_rule_base",
]


def __getattr__(name: str) -> Any:
    """Import a public name from the module that owns it, on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module 'borderwatch' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
