"""The Typer application the command modules attach to, and the table of its commands.

A command module registers its commands on :data:`app` when imported; it is
imported only when one of its commands runs (see :mod:`borderwatch.cli.lazy`).
A new command module adds its commands to :data:`COMMANDS`, with the same
one-line help as the command's docstring (a test compares the two).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
import typer.main

from borderwatch.cli.lazy import LazyCommand, LazyCommands, LazyGroup

if TYPE_CHECKING:  # typer >= 0.26 vendors click; only the type is taken from it
    from typer._click import Command

__all__ = ["COMMANDS", "app"]

_CLI = "borderwatch.cli."
#: every command but ``version``: name -> module that registers it, one-line help
COMMANDS: dict[str, LazyCommand] = {
    "classify": LazyCommand(
        _CLI + "classify",
        "Classify goods descriptions to HS 2022 subheadings, best candidate first.",
    ),
    "screen": LazyCommand(
        _CLI + "screen", "Screen declarations item by item against the measures in force."
    ),
    "demo": LazyCommand(
        _CLI + "demo", "Run the China–DPRK field scenario on the shipped rule base."
    ),
    "rescreen": LazyCommand(
        _CLI + "rescreen",
        "Screen every stored declaration again and list those whose verdict changes.",
    ),
    "simulate": LazyCommand(
        _CLI + "simulate",
        "Simulate returning workers, placed bags, cargo and evasion at the three crossings.",
    ),
    "report": LazyCommand(
        _CLI + "report",
        "Analyse a folder of declarations: flows, seizures, displacement, baggage use.",
    ),
    "whatif": LazyCommand(
        _CLI + "whatif", "Expected change in sanctioned flow per crossing if parameters change."
    ),
    "serve": LazyCommand(
        _CLI + "serve",
        "Run the HTTP service (screening, classification, party matching, rule base).",
    ),
    "rules": LazyCommand(
        _CLI + "rules",
        "Ask the rule base what applied where and when; lint it; load and choose versions.",
    ),
    "parties": LazyCommand(
        _CLI + "parties", "Match names of people, companies and vessels against sanctions lists."
    ),
    "classify-learn": LazyCommand(
        _CLI + "classify_learn",
        "Officers' confirmed and corrected classifications: the classifier learns from them.",
    ),
    "eval": LazyCommand(_CLI + "evaluation", "Measure borderwatch components on labelled data."),
    "lists": LazyCommand(
        _CLI + "lists",
        "Load sanctions lists (UN consolidated XML, FollowTheMoney JSON) and show them.",
    ),
    "db": LazyCommand(
        _CLI + "db", "The store's schema: which revision it is at, and upgrading it."
    ),
    "users": LazyCommand(
        _CLI + "accounts",
        "Accounts of the officers' service: add users with a role and crossing, list them.",
    ),
    "tokens": LazyCommand(
        _CLI + "accounts",
        "API tokens: issue one to a user for a crossing, list them, revoke one.",
    ),
    "targeting": LazyCommand(
        _CLI + "targeting",
        "Learn from recorded outcomes which bags to open, and choose whom to inspect.",
    ),
    "audit": LazyCommand(
        _CLI + "audit",
        "The audit log: check that no record was edited, deleted or moved; show the newest.",
    ),
}


class _Group(LazyGroup):
    table = COMMANDS

    @classmethod
    def registered(cls, name: str) -> Command | None:
        commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
        return commands.loaded.get(name) if isinstance(commands, LazyCommands) else None


app = typer.Typer(
    name="borderwatch",
    cls=_Group,
    help=(
        "Sanctions screening for customs at land border crossings.\n\n"
        "Screens cargo and travellers' baggage against UN and national measures as of a "
        "date at a crossing, and says what to stop, what to inspect and why, with the "
        "legal basis for every verdict.\n\n"
        "Start with:  borderwatch demo"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        from borderwatch.about import __version__

        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    """Sanctions screening for customs at land border crossings."""


@app.command()
def version() -> None:
    """Print the borderwatch version."""
    from borderwatch.about import __version__

    typer.echo(__version__)
