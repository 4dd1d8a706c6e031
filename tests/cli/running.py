"""Running the ``borderwatch`` command as a user would, in this process or in a child.

:func:`run_borderwatch` runs the command's real entry point
(:func:`borderwatch.cli.main.run`: argument parsing, the command, the one
error boundary and its exit codes) in this process, with standard input,
output and error and the environment of its own, and answers as
``subprocess.run`` would. It saves the start of a fresh interpreter (one to
two seconds a command) for tests of what a command does.

:func:`spawn_borderwatch` is ``python -m borderwatch`` in a child process, for
what only a real process shows: the start-up and the lazy loading of command
modules, standard input that is not a terminal, signals, and several
processes at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event
from typer.testing import CliRunner

__all__ = ["run_borderwatch", "spawn_borderwatch"]

#: a child's output is piped, so its consoles are 80 columns wide unless COLUMNS says otherwise
_NO_TERMINAL = {"COLUMNS": "80"}


def _child_environment(env: Mapping[str, str | None] | None) -> dict[str, str]:
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def spawn_borderwatch(
    *args: str, stdin: str = "", env: Mapping[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m borderwatch ARGS``; ``env`` adds variables, or removes those set to None."""
    return subprocess.run(
        [sys.executable, "-m", "borderwatch", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=_child_environment(env),
    )


def _exit_status(exit: SystemExit) -> tuple[int, str]:
    """The status a process ending with ``exit`` would have, and what it adds to stderr."""
    if exit.code is None:
        return 0, ""
    if isinstance(exit.code, int):
        return exit.code, ""
    return 1, f"{exit.code}\n"  # sys.exit("message"): the message on stderr, status 1


def _as_read_from_a_pipe(data: bytes) -> str:
    """Decoded with universal newlines, as ``subprocess.run(text=True)`` reads a child's output."""
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def _closing_what_it_opens() -> Iterator[None]:
    """Dispose of every store engine the command connected with, as the end of its process
    would: commands leave their engines to the exit, and an open connection left behind
    would be closed by the garbage collector in a later test, with a ResourceWarning."""
    opened: dict[int, Engine] = {}

    def remember(connection: Connection) -> None:
        opened[id(connection.engine)] = connection.engine

    event.listen(Engine, "engine_connect", remember)
    try:
        yield
    finally:
        event.remove(Engine, "engine_connect", remember)
        for engine in opened.values():
            engine.dispose()


def run_borderwatch(
    *args: str, stdin: str = "", env: Mapping[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """``borderwatch ARGS`` run in this process, answered as :func:`spawn_borderwatch` answers.

    ``env`` adds variables, or removes those set to None, for the run only;
    settings are read from the environment on each use, so the command sees
    them. An exception the command's error boundary does not translate is
    raised here (a child would print its traceback and exit with 1).
    """
    from borderwatch.cli.main import run  # imported on use, as ``python -m borderwatch`` does

    environment = {**(_NO_TERMINAL if "COLUMNS" not in os.environ else {}), **(env or {})}
    saved_argv = sys.argv
    isolated = CliRunner().isolation(input=stdin, env=environment)
    with _closing_what_it_opens(), isolated as (out, err, _):
        sys.argv = ["borderwatch", *args]
        try:
            run()
            code, stderr_end = 0, ""
        except SystemExit as exit:
            code, stderr_end = _exit_status(exit)
        finally:
            sys.argv = saved_argv
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return subprocess.CompletedProcess(
        ["borderwatch", *args],
        code,
        _as_read_from_a_pipe(stdout),
        _as_read_from_a_pipe(stderr) + stderr_end,
    )
