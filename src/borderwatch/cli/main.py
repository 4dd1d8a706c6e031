"""The ``borderwatch`` command: thin commands over the library.

Each command module registers itself on :data:`app`; errors are translated
to a message and an exit code here, at one boundary.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from borderwatch.cli.app import app
from borderwatch.errors import BorderwatchError

# Each import registers that module's commands on ``app``.
from borderwatch.cli import rules as _rules  # noqa: F401  # isort: skip
from borderwatch.cli import screen as _screen  # noqa: F401  # isort: skip
from borderwatch.cli import demo as _demo  # noqa: F401  # isort: skip

__all__ = ["app", "run"]


def run() -> None:
    """Entry point: run the app, turning borderwatch errors into messages."""
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except BorderwatchError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)
    except typer.Abort:
        Console(stderr=True).print("aborted")
        sys.exit(1)
    except SystemExit:
        raise
    except Exception as exc:  # click raises its own usage errors in non-standalone mode
        from click.exceptions import ClickException, Exit

        if isinstance(exc, Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
