"""The ``borderwatch`` command: thin commands over the library.

Each command module registers itself on :data:`app`; errors are translated
to a message and an exit code here, at one boundary.
"""

from __future__ import annotations

import sys

import typer

from borderwatch.cli.app import app
from borderwatch.cli.render import error_console, print_error
from borderwatch.errors import BorderwatchError

# Each import registers that module's commands on ``app``.
from borderwatch.cli import rules as _rules  # noqa: F401  # isort: skip
from borderwatch.cli import screen as _screen  # noqa: F401  # isort: skip
from borderwatch.cli import demo as _demo  # noqa: F401  # isort: skip
from borderwatch.cli import rescreen as _rescreen  # noqa: F401  # isort: skip
from borderwatch.cli import classify as _classify  # noqa: F401  # isort: skip
from borderwatch.cli import classify_learn as _classify_learn  # noqa: F401  # isort: skip
from borderwatch.cli import simulate as _simulate  # noqa: F401  # isort: skip
from borderwatch.cli import report as _report  # noqa: F401  # isort: skip
from borderwatch.cli import whatif as _whatif  # noqa: F401  # isort: skip
from borderwatch.cli import lists as _lists  # noqa: F401  # isort: skip
from borderwatch.cli import parties as _parties  # noqa: F401  # isort: skip
from borderwatch.cli import db as _db  # noqa: F401  # isort: skip

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
