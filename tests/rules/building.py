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

__all__ = [
    "DANDONG_ALLOWANCE",
    "copy_rule_base",
    "cut_dandong_allowance",
    "line_of",
    "shipped_measure",
    "write_measures",
]

#: the reported Dandong practice: two electronic items per returning worker
DANDONG_ALLOWANCE = "CN-PORT-DANDONG-two-electronic-items"


def copy_rule_base(target: Path) -> Path:
    """A copy of the shipped rule base at ``target``."""
    shutil.copytree(default_rule_base_dir(), target)
    return target


def cut_dandong_allowance(root: Path) -> Path:
    """The rule base at ``root`` with the Dandong electronics allowance cut to one item: a
    second version under which two appliances in one bag get a stricter verdict."""
    path = root / "measures" / "practice" / "cn-port-baggage.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for measure in data["measures"]:
        if measure["id"] == DANDONG_ALLOWANCE:
            measure["effect"]["allowance"]["max_items"] = 1
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root


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
