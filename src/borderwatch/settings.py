"""All settings, read from ``BORDERWATCH_*`` environment variables and checked on read.

| variable | meaning | default |
|---|---|---|
| ``BORDERWATCH_DATABASE_URL`` | SQLAlchemy URL of the store | ``sqlite:///<data dir>/borderwatch.sqlite`` |
| ``BORDERWATCH_DATA_DIR`` | folder for the default SQLite file and reports | ``~/.local/share/borderwatch`` |
| ``BORDERWATCH_CACHE_DIR`` | folder for indexes built once and reused (classifier, party lists) | ``$XDG_CACHE_HOME/borderwatch`` or ``~/.cache/borderwatch`` |
| ``BORDERWATCH_RULE_BASE`` | folder of measure YAML files used instead of the shipped one | the shipped rule base |
| ``BORDERWATCH_PARTY_THRESHOLD`` | score from which a party match is reported (refers the declaration) | ``0.80`` |
| ``BORDERWATCH_PARTY_CONFIRM_SCORE`` | score from which a party match counts as the listed person or entity | ``0.95`` |
| ``BORDERWATCH_CLASSIFY_CONFIDENCE`` | score from which a classification is trusted without referral | ``0.60`` |
| ``BORDERWATCH_CLASSIFY_RANKER`` | order goods candidates with the learned ranker over national tariff lines (not yet better where it counts: docs/classification.md) | ``false`` |
| ``BORDERWATCH_LIST_SHRINK_LIMIT`` | largest share of entries a list update may drop without ``--force`` | ``0.20`` |
| ``BORDERWATCH_FETCH_TIMEOUT`` | seconds a list download may take in all | ``120`` |
| ``BORDERWATCH_SESSION_HOURS`` | longest a signed-in session of the service lasts, however busy | ``12`` |
| ``BORDERWATCH_SESSION_IDLE_MINUTES`` | a session unused this long is over | ``60`` |
| ``BORDERWATCH_SECURE_COOKIES`` | mark the service's cookies ``Secure`` (``__Host-`` names) even on plain HTTP, for TLS ended by a proxy not trusted below | ``false`` (only on HTTPS) |
| ``BORDERWATCH_TRUSTED_PROXIES`` | comma-separated addresses or networks of reverse proxies whose ``X-Forwarded-For`` and ``X-Forwarded-Proto`` the service believes | none: the connection's address |

A value that cannot be used stops the command with a message naming the
variable, its value and what it should be; nothing runs on a half-read
configuration.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from borderwatch.errors import SettingsError

__all__ = ["Settings", "get_settings"]

_PREFIX = "BORDERWATCH_"
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _home(*parts: str) -> Path:
    return Path.home().joinpath(*parts)


def _cache_home() -> Path:
    """``$XDG_CACHE_HOME/borderwatch``, else ``~/.cache/borderwatch``."""
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else _home(".cache")) / "borderwatch"


class Settings(BaseSettings):
    """A snapshot of the environment; build a new one (``get_settings()``) to see changes."""

    model_config = SettingsConfigDict(env_prefix=_PREFIX, frozen=True, extra="ignore")

    data_dir: Path = Field(default_factory=lambda: _home(".local", "share", "borderwatch"))
    cache_dir: Path = Field(default_factory=_cache_home)
    database_url: str = ""
    rule_base: Path | None = None
    party_threshold: Share = 0.80
    party_confirm_score: Share = 0.95
    classify_confidence: Share = 0.60
    classify_ranker: bool = False
    list_shrink_limit: Share = 0.20
    fetch_timeout: Annotated[float, Field(gt=0)] = 120.0
    session_hours: Annotated[float, Field(gt=0, le=168)] = 12.0
    session_idle_minutes: Annotated[float, Field(gt=0, le=10080)] = 60.0
    secure_cookies: bool = False
    trusted_proxies: str = ""

    @model_validator(mode="before")
    @classmethod
    def _empty_is_unset(cls, data: object) -> object:
        """``BORDERWATCH_RULE_BASE=`` means the default, as it always has."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v != ""}
        return data

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        _parse_networks(value)  # a ValueError names the entry that is not an address
        return value

    @model_validator(mode="after")
    def _confirm_above_report(self) -> Settings:
        if self.party_confirm_score < self.party_threshold:
            raise ValueError(
                f"BORDERWATCH_PARTY_CONFIRM_SCORE ({self.party_confirm_score}) is below "
                f"BORDERWATCH_PARTY_THRESHOLD ({self.party_threshold}): a match would count as "
                "confirmed before it is even reported"
            )
        return self

    def resolved_database_url(self) -> str:
        """The store URL, defaulting to a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'borderwatch.sqlite'}"

    def trusted_networks(self) -> tuple[Network, ...]:
        """The reverse proxies of ``BORDERWATCH_TRUSTED_PROXIES``, as networks."""
        return _parse_networks(self.trusted_proxies)


def _parse_networks(text: str) -> tuple[Network, ...]:
    networks = []
    for entry in (e.strip() for e in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"{entry!r} is not an IP address or network; give the reverse proxies' "
                "addresses, comma-separated (e.g. 10.0.0.5,10.1.0.0/24)"
            ) from None
    return tuple(networks)


def _message(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        name = _PREFIX + "_".join(str(p) for p in error["loc"]).upper() if error["loc"] else ""
        value = error.get("input")
        what = error["msg"].removeprefix("Value error, ")
        problems.append(f"{name} = {value!r}: {what}" if name else what)
    return (
        "the environment holds a setting borderwatch cannot use: "
        + "; ".join(problems)
        + ". Correct or unset it (see `borderwatch --help` and the README's Settings)."
    )


def get_settings() -> Settings:
    """Settings as the environment says now; a SettingsError names any bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(_message(exc)) from None
