"""The ``borderwatch`` command: thin commands over the library.

Commands are imported on use (the table is in :mod:`borderwatch.cli.app`);
errors are translated to a message and an exit code here, at one boundary.
"""

from __future__ import annotations

import sys

import typer

from borderwatch.cli.app import app
from borderwatch.errors import BorderwatchError

__all__ = ["app", "run"]


def _report(error: BaseException | str) -> None:
    """One unwrapped line on stderr (rendering is imported only when there is an error)."""
    from borderwatch.cli.render import error_console, print_error

    print_error(error_console(), error)


def run() -> None:
    """Entry point: run the app, turning borderwatch and usage errors into messages."""
    try:
        code = app(standalone_mode=False)
    except BorderwatchError as exc:
        _report(exc)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _report("aborted")
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors: bad options or values
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            _report(exc)
        sys.exit(int(getattr(exc, "exit_code", 2)))
    if isinstance(code, int) and code:
        sys.exit(code)
