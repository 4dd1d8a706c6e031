"""Every command and setting is documented; every module's export list is complete."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import typer.main

import borderwatch
from borderwatch import settings
from borderwatch.cli.app import app
from borderwatch.cli.main import app as _registered  # noqa: F401  # registers every command

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_paths() -> list[str]:
    root = typer.main.get_command(app)
    paths = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            paths.extend(f"{name} {child}" for child in sub)
        else:
            paths.append(name)
    return sorted(paths)


def test_every_command_is_in_the_readme() -> None:
    missing = [p for p in _command_paths() if p != "version" and f"borderwatch {p}" not in README]
    assert missing == []


def test_every_command_has_help() -> None:
    root = typer.main.get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        assert command.help, name
        for child_name, child in getattr(command, "commands", {}).items():
            assert child.help, f"{name} {child_name}"


def test_every_setting_is_documented() -> None:
    names = {f"BORDERWATCH_{name.upper()}" for name in settings.Settings.model_fields}
    assert names, "settings.py reads no BORDERWATCH_ variables?"
    assert sorted(n for n in names if n not in README) == []
    assert sorted(n for n in names if n not in (settings.__doc__ or "")) == []


def test_every_module_exports_what_it_lists() -> None:
    for module_info in pkgutil.walk_packages(borderwatch.__path__, "borderwatch."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name in getattr(module, "__all__", ()):
            assert hasattr(module, name), f"{module_info.name}.__all__ names missing {name}"
