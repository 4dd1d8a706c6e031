"""Option parsing shared by commands: input files, dates, regimes, the rule base."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TextIO

import typer

from borderwatch.assembly import rule_base_at
from borderwatch.engine.context import selected_regimes
from borderwatch.errors import InputError
from borderwatch.rules.loader import RuleBase
from borderwatch.settings import get_settings

__all__ = [
    "TableOrJson",
    "cli_actor",
    "open_input",
    "parse_date",
    "parse_regimes",
    "regime_filter",
    "regimes_or_profile",
    "rule_base_from",
]


class TableOrJson(StrEnum):
    """Output for a person (table) or for a program (json)."""

    TABLE = "table"
    JSON = "json"


def open_input(path: str) -> TextIO:
    """The file named on the command line (UTF-8, a byte-order mark dropped), or stdin for ``-``.

    Declarations are read as bytes by :func:`borderwatch.io.declarations.read_declarations`,
    which takes the path itself; this is for the other text inputs (lists, labelled CSV).
    """
    if path == "-":
        return sys.stdin
    try:
        return Path(path).open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}. Check the path.") from exc


def parse_date(value: str | None, option: str) -> dt.date | None:
    """An ISO date from an option, or a usage error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not a date; write YYYY-MM-DD", param_hint=option
        ) from exc


def parse_regimes(value: str | None) -> tuple[str, ...] | None:
    """'UN,CN' -> ('UN', 'CN'); None means every shipped regime."""
    if not value:
        return None
    return tuple(r.strip() for r in value.split(",") if r.strip())


def regimes_or_profile(
    rule_base: RuleBase, regimes: str | None, profile: str | None
) -> tuple[str, ...] | None:
    """Regimes from --regimes or --profile (not both); None means every regime."""
    if regimes and profile:
        raise typer.BadParameter("give --regimes or --profile, not both", param_hint="--profile")
    if profile is None:
        return parse_regimes(regimes)
    if profile not in rule_base.profiles:
        raise typer.BadParameter(
            f"unknown profile {profile!r}; profiles: {', '.join(rule_base.profiles)}",
            param_hint="--profile",
        )
    return rule_base.profiles[profile]


def regime_filter(rule_base: RuleBase, value: str | None) -> frozenset[str] | None:
    """The regimes named in ``value``, checked against the rule base; None for all."""
    chosen = parse_regimes(value)
    return None if chosen is None else selected_regimes(rule_base, chosen)


def rule_base_from(path: Path | None) -> RuleBase:
    """The rule base `screen` would use: at ``path``, at BORDERWATCH_RULE_BASE, the store's
    current version (``rules load``), or the shipped one."""
    if path is None and get_settings().rule_base is None:
        from borderwatch.store import open_database  # only when the store may decide

        return rule_base_at(None, database=open_database())
    return rule_base_at(path)


def cli_actor() -> str:
    """Who acts, for the audit log: ``cli:<operating-system user>``."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        name = f"uid{os.getuid()}"
    return f"cli:{name}"
