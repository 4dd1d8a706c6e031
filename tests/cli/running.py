"""Running the real ``borderwatch`` command in a child process, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys

__all__ = ["run_borderwatch"]


def run_borderwatch(
    *args: str, stdin: str = "", env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m borderwatch ARGS``; ``env`` adds variables, or removes those set to None."""
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "-m", "borderwatch", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
