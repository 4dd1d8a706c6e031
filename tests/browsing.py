"""Debian's chromium for the browser tests: its path, or a skip (a failure in CI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

__all__ = ["CHROMIUM", "chromium"]

CHROMIUM = os.environ.get("BORDERWATCH_CHROMIUM", "/usr/bin/chromium")


def chromium() -> str:
    """The chromium to drive; skipped on a workstation without one, failed in CI (CI=true)
    so the check cannot silently disappear."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"chromium not found at {CHROMIUM}; CI installs it (apt-get install chromium)")
    pytest.skip(f"chromium not found at {CHROMIUM}")
