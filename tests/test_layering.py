"""The layers of the package: every import points down, never up or sideways.

Lowest first (docs: ARCHITECTURE.md): errors < settings, reference < model <
rules < goods, parties < engine < io < store < assembly < targeting < analytics,
simulate, demo < cli (the store's CSV export uses io's spreadsheet-safe writer). Packages on one layer do not import each other. Imports inside
functions and under ``TYPE_CHECKING`` count too: a lazy import is still a
dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "borderwatch"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "about"}),
    frozenset({"settings", "reference"}),
    frozenset({"model"}),
    frozenset({"rules"}),
    frozenset({"goods", "parties"}),
    frozenset({"engine"}),
    frozenset({"io"}),
    frozenset({"store"}),
    frozenset({"assembly"}),
    frozenset({"targeting"}),
    frozenset({"analytics", "simulate", "demo"}),
    frozenset({"service"}),
    frozenset({"cli"}),
)
#: the facade (``borderwatch/__init__.py``, ``__main__``) sits above every layer
TOP = frozenset({"__init__", "__main__"})


def layer_of(part: str) -> int:
    """The layer index of a top-level part of the package."""
    if part in TOP:
        return len(LAYERS)
    for index, members in enumerate(LAYERS):
        if part in members:
            return index
    raise AssertionError(f"borderwatch.{part} is on no layer: add it to LAYERS in {__file__}")


def imported_parts(source: str) -> set[str]:
    """The top-level borderwatch parts a module's source imports."""
    parts = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "borderwatch":  # a subpackage, or a name of the facade
                names = [
                    f"borderwatch.{alias.name}"
                    if (PACKAGE / alias.name).is_dir() or (PACKAGE / f"{alias.name}.py").exists()
                    else "borderwatch.__init__"
                    for alias in node.names
                ]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            pieces = name.split(".")
            if pieces[0] == "borderwatch" and len(pieces) > 1:
                parts.add(pieces[1])
    return parts


def violations(part: str, source: str) -> list[str]:
    """Imports in a module of ``part`` that point up or sideways."""
    own = layer_of(part)
    found = []
    for target in sorted(imported_parts(source) - {part}):
        if layer_of(target) >= own:
            found.append(f"borderwatch.{part} imports borderwatch.{target}")
    return found


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        part = relative.parts[0].removesuffix(".py")
        found.append((part, path))
    return found


def test_every_import_points_down() -> None:
    problems = []
    for part, path in _modules():
        for problem in violations(part, path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(PACKAGE.parent)}: {problem}")
    assert not problems, "upward or sideways imports:\n" + "\n".join(problems)


def test_every_package_is_on_a_layer() -> None:
    for part, _ in _modules():
        layer_of(part)


@pytest.mark.parametrize(
    ("part", "source"),
    [
        ("model", "from borderwatch.goods.classifier import HSClassifier"),
        ("goods", "def f():\n    from borderwatch.store import open_database\n"),
        ("engine", "import borderwatch.cli.main"),
        ("parties", "from borderwatch import store"),
        ("goods", "from borderwatch.parties.matcher import PartyMatcher"),  # same layer
        ("cli", "from borderwatch import Screener"),  # the facade sits on top
    ],
)
def test_the_check_catches_an_upward_import(part: str, source: str) -> None:
    assert violations(part, source)


def test_the_check_allows_a_downward_import() -> None:
    assert not violations("engine", "from borderwatch.rules.loader import RuleBase")
