"""The ``borderwatch`` command: thin commands over the library.

Commands are imported on use (the table is in :mod:`borderwatch.cli.app`);
errors are translated to a message and an exit code here, at one boundary.
"""

from __future__ import annotations

import sys

import typer

from borderwatch.cli.app import app
from borderwatch.cli.render import error_console, print_error
from borderwatch.errors import BorderwatchError

__all__ = ["app", "run"]


def run() -> None:
    """Entry point: run the app, turning borderwatch and usage errors into messages."""
    try:
        code = app(standalone_mode=False)
    except BorderwatchError as exc:
        print_error(error_console(), exc)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        error_console().print("aborted")
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors: bad options or values
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            print_error(error_console(), exc)
        sys.exit(int(getattr(exc, "exit_code", 2)))
    if isinstance(code, int) and code:
        sys.exit(code)
