"""The classifier's version: what classified, the same in every process, moved by learning."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources

from borderwatch.goods.built import DATA_FILES, shipped_inputs_digest
from borderwatch.goods.classifier import (
    VERSION_LENGTH,
    HSClassifier,
    classifier_version,
    default_classifier,
    shipped_calibration,
)
from borderwatch.goods.learned import LearnedExamples
from borderwatch.goods.lexicon import Lexicon

PAIRS = [("5L rice cooker", "851660"), ("冷冻鱿鱼", "030743"), ("rice cooker", "851660")]


def test_the_version_is_a_short_hash_of_the_shipped_inputs() -> None:
    version = default_classifier().version
    assert len(version) == VERSION_LENGTH and int(version, 16) >= 0
    expected = classifier_version(shipped_inputs_digest(), shipped_calibration(), LearnedExamples())
    assert version == expected


def test_another_process_reports_the_same_version() -> None:
    code = (
        "from borderwatch.goods.built import shipped_inputs_digest as d;"
        "from borderwatch.goods.classifier import classifier_version as v, shipped_calibration as c;"
        "from borderwatch.goods.learned import LearnedExamples as L;"
        f"print(v(d(), c(), L({PAIRS!r})))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    here = default_classifier().with_learned(LearnedExamples(PAIRS)).version
    assert other.stdout.strip() == here


def test_a_confirmation_changes_the_version_and_its_order_does_not() -> None:
    base = default_classifier()
    learned = LearnedExamples(PAIRS)
    taught = base.with_learned(learned)
    before = taught.version
    assert before != base.version
    assert base.with_learned(LearnedExamples(reversed(PAIRS))).version == before
    learned.add("electric kettle", "851671")
    assert taught.version != before
    assert taught.index is base.index and taught.matcher is base.matcher  # nothing rebuilt


def test_a_first_confirmation_into_an_empty_store_counts() -> None:
    learned = LearnedExamples()
    taught = default_classifier().with_learned(learned)
    before = taught.version
    learned.add("electric kettle", "851671")
    assert taught.version != before
    found = {c.hs: c.explanation for c in taught.classify("electric kettle")}
    assert "confirmed by officers" in found["851671"]


def test_a_classifier_built_from_other_data_has_another_version() -> None:
    shipped = default_classifier()
    # the version names the inputs; the built parts are lent only to keep the test quick
    peer = HSClassifier(
        codes=shipped.codes, lexicon=Lexicon([]), index=shipped.index, matcher=shipped.matcher
    )
    assert peer.version != shipped.version
    assert peer.with_learned(LearnedExamples()).version == peer.version


def test_every_data_file_of_the_classifier_is_part_of_its_version() -> None:
    """A word list edited (titles.yaml, words.yaml...) must give another version, or a
    re-screen would call a changed classifier the same one."""
    folder = resources.files("borderwatch.goods") / "data"
    files = {p.name for p in folder.iterdir() if p.is_file()}
    assert files == set(DATA_FILES)
