"""All settings, read from ``BORDERWATCH_*`` environment variables.

| variable | meaning | default |
|---|---|---|
| ``BORDERWATCH_DATABASE_URL`` | SQLAlchemy URL of the store | ``sqlite:///<data dir>/borderwatch.sqlite`` |
| ``BORDERWATCH_DATA_DIR`` | folder for the default SQLite file and reports | ``~/.local/share/borderwatch`` |
| ``BORDERWATCH_RULE_BASE`` | folder of measure YAML files used instead of the shipped one | the shipped rule base |
| ``BORDERWATCH_PARTY_THRESHOLD`` | score from which a party match is reported | ``0.80`` |
| ``BORDERWATCH_CLASSIFY_CONFIDENCE`` | score from which a classification is trusted without referral | ``0.60`` |
| ``BORDERWATCH_LIST_SHRINK_LIMIT`` | largest share of entries a new list snapshot may lose before ``lists load`` refuses it | ``0.2`` |
| ``BORDERWATCH_FETCH_TIMEOUT`` | seconds a list download may take in all, however slowly the server sends | ``120`` |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings", "get_settings"]


def _env(name: str, default: str) -> str:
    return os.environ.get(f"BORDERWATCH_{name}", default)


def _data_dir() -> Path:
    return Path(_env("DATA_DIR", str(Path.home() / ".local" / "share" / "borderwatch")))


@dataclass(frozen=True)
class Settings:
    """A snapshot of the environment; build a new one to see changes."""

    data_dir: Path = field(default_factory=_data_dir)
    database_url: str = field(default_factory=lambda: _env("DATABASE_URL", ""))
    rule_base: Path | None = field(
        default_factory=lambda: Path(p) if (p := _env("RULE_BASE", "")) else None
    )
    party_threshold: float = field(default_factory=lambda: float(_env("PARTY_THRESHOLD", "0.80")))
    classify_confidence: float = field(
        default_factory=lambda: float(_env("CLASSIFY_CONFIDENCE", "0.60"))
    )
    # -- lists (store worktree): guard against shrinking lists, bound on downloads --
    list_shrink_limit: float = field(
        default_factory=lambda: float(_env("LIST_SHRINK_LIMIT", "0.2"))
    )
    fetch_timeout: float = field(default_factory=lambda: float(_env("FETCH_TIMEOUT", "120")))

    def resolved_database_url(self) -> str:
        """The store URL, defaulting to a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'borderwatch.sqlite'}"


def get_settings() -> Settings:
    """Settings as the environment says now."""
    return Settings()
