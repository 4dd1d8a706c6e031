"""`rules check` on citations: a UN measure names its operative paragraph, every measure
names its source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from borderwatch.rules.check import Finding, check_rule_base
from tests.rules.building import copy_rule_base, line_of, shipped_measure, write_measures


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_rule_base(tmp_path / "rules")


def _findings_in(root: Path, path: Path) -> list[Finding]:
    return [f for f in check_rule_base(root) if f.where.startswith(f"{path}:")]


def _measure(root: Path, **fields: Any) -> dict[str, Any]:
    return shipped_measure(root) | {"id": "TEST-cited", "basis": "law"} | fields


@pytest.mark.parametrize(
    "provision", ["OP29", "OP8(a)(iii)", "OP6 and annex V", "OP23, Annex IV(a)", "OP 7"]
)
def test_a_un_measure_citing_an_operative_paragraph_passes(root: Path, provision: str) -> None:
    path = write_measures(root, "cited", [_measure(root, provision=provision)])
    assert _findings_in(root, path) == []


@pytest.mark.parametrize(
    "provision", ["luxury goods annex", "Annex IV", "paragraph 8", "OPx", "8(a)", ""]
)
def test_a_un_measure_without_a_paragraph_is_an_error_at_its_line(
    root: Path, provision: str
) -> None:
    path = write_measures(root, "cited", [_measure(root, provision=provision)])
    (finding,) = _findings_in(root, path)
    assert finding.level == "error"
    assert finding.where == f"{path}:{line_of(path, 'provision:')}"
    assert finding.message.startswith(f"measures.0.provision = {provision!r}: UN citation")
    assert "without a paragraph" in finding.message and "OP8(a)(iii)" in finding.message


def test_other_regimes_and_un_screening_policy_may_cite_otherwise(root: Path) -> None:
    national = write_measures(root, "cn", [_measure(root, provision="Item 1")], regime="CN")
    policy = write_measures(
        root,
        "policy",
        [_measure(root, id="TEST-policy", provision="annex", basis="screening_policy")],
    )
    assert _findings_in(root, national) == [] and _findings_in(root, policy) == []


@pytest.mark.parametrize("source", ["", "   ", "\t"])
def test_a_measure_without_a_source_is_an_error_at_its_line(root: Path, source: str) -> None:
    path = write_measures(root, "unsourced", [_measure(root, source=source)], regime="CN")
    (finding,) = _findings_in(root, path)
    assert finding.where == f"{path}:{line_of(path, 'source:')}"
    assert finding.message.startswith(f"measures.0.source = {source!r}: ")
    # the model may refuse an empty source itself; the lint catches what it lets through
    assert "has no source" in finding.message or "at least 1 character" in finding.message


def test_the_shipped_rule_base_has_no_other_citation_errors(root: Path) -> None:
    """With every UN law provision that lacks a paragraph given one (the data is being
    corrected in parallel; this edits a copy), the shipped rule base has no error at all."""
    for path in sorted((root / "measures").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["document"]["regime"] != "UN":
            continue
        for measure in data["measures"]:
            if not measure["provision"].startswith("OP"):
                measure["provision"] = f"OP99 (test placeholder), {measure['provision']}"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert [f for f in check_rule_base(root) if f.level == "error"] == []
