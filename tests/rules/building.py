"""Building broken rule bases in a temporary folder, as a user's own ``--rule-base`` would be.

Tests copy the shipped rule base and add measure files of their own, made
from a shipped measure, so they keep working while the shipped data changes.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from borderwatch.rules.loader import default_rule_base_dir

__all__ = ["copy_rule_base", "line_of", "shipped_measure", "write_measures"]


def copy_rule_base(target: Path) -> Path:
    """A copy of the shipped rule base at ``target``."""
    shutil.copytree(default_rule_base_dir(), target)
    return target


def shipped_measure(root: Path) -> dict[str, Any]:
    """A valid UN measure as written in the rule base at ``root`` (a fresh copy)."""
    path = sorted((root / "measures" / "un").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    measure: dict[str, Any] = copy.deepcopy(data["measures"][0])
    measure.pop("regime", None)
    return measure


def write_measures(
    root: Path, name: str, measures: list[dict[str, Any]], *, regime: str = "UN"
) -> Path:
    """``measures/test/<name>.yaml`` holding ``measures`` under a document of ``regime``."""
    path = root / "measures" / "test" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"title": f"test document {name}", "regime": regime}
    text = yaml.safe_dump(
        {"document": document, "measures": measures}, sort_keys=False, allow_unicode=True
    )
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str, *, after: int = 0) -> int:
    """The 1-based number of the first line after line ``after`` that holds ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if n > after and needle in text)
