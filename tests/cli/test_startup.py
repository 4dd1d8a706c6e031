"""Start-up: ``version`` and ``--help`` import no command module; every lazy command resolves."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

from borderwatch import __version__
from borderwatch.cli.app import COMMANDS, app
from tests.cli.running import spawn_borderwatch

#: what the command modules pull in; none of it is needed to print a version or the overview
HEAVY = (
    "matplotlib",
    "numpy",
    "sqlalchemy",
    "rapidfuzz",
    "pypinyin",
    "httpx",
    "yaml",
    "borderwatch.goods.classifier",
    "borderwatch.engine",
    "borderwatch.store",
    "borderwatch.parties",
    "borderwatch.cli.screen",
)


def _imported(stderr: str) -> set[str]:
    """Module names from ``-X importtime`` output."""
    return {m.group(1) for m in re.finditer(r"^import time:.*\|\s+(\S+)$", stderr, re.M)}


@pytest.mark.parametrize("args", [("version",), ("--version",), ("--help",), ()])
def test_version_and_overview_import_no_command_module(args: tuple[str, ...]) -> None:
    result = spawn_borderwatch(*args, env={"PYTHONPROFILEIMPORTTIME": "1"})
    imported = _imported(result.stderr)
    assert "borderwatch.cli.app" in imported  # the profile did record the imports
    heavy = sorted(m for m in imported if m.startswith(HEAVY))
    assert heavy == []
    assert sorted(m for m in imported if m.startswith("borderwatch.cli.")) == [
        "borderwatch.cli.app",
        "borderwatch.cli.lazy",
        "borderwatch.cli.main",
    ]


def test_version_flag_and_command_print_the_version() -> None:
    assert spawn_borderwatch("--version").stdout.strip() == __version__
    assert spawn_borderwatch("version").stdout.strip() == __version__


def test_overview_lists_every_command_with_its_help() -> None:
    result = spawn_borderwatch("--help", env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    for name, spec in COMMANDS.items():
        assert re.search(rf"│ {re.escape(name)} +{re.escape(spec.help)}", result.stdout), name
    assert "version" in result.stdout and "--version" in result.stdout


def test_every_lazy_command_resolves_with_the_help_the_table_gives() -> None:
    group = typer.main.get_command(app)
    for name, spec in COMMANDS.items():
        command = group.commands[name]  # type: ignore[attr-defined]
        assert command.name == name
        assert command.get_short_help_str(limit=300) == spec.help, name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_and_subcommand_shows_its_help(name: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    children = getattr(typer.main.get_command(app).commands[name], "commands", {})  # type: ignore[attr-defined]
    for child in children:
        sub = runner.invoke(app, [name, child, "--help"])
        assert sub.exit_code == 0, (child, sub.output)


def test_a_mistyped_command_is_refused_with_a_suggestion() -> None:
    result = spawn_borderwatch("clasify", "rice")
    assert result.returncode == 2
    assert "No such command 'clasify'" in result.stderr and "'classify'" in result.stderr
