"""Party tests keep the index cache in a temporary folder, never in the home directory."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BORDERWATCH_CACHE_DIR", str(folder))
    return folder
