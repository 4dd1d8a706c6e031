"""A very long description is classified on its start, quickly, and screening says so.

No timing is asserted here (speed is measured in benchmarks/classify_long.py);
these tests pin the structure that keeps the work bounded: the classifier never
reads past :data:`MAX_DESCRIPTION_CHARS`, a long description gets the answer of
its start, and the linear matching gives the same weakening as the pairwise rule.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderwatch.engine.classification import check_declared, classify_item
from borderwatch.goods import classifier as classifier_module
from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.features import SUBSUMED_WEIGHT, _subsumed_weakened
from borderwatch.goods.limits import MAX_DESCRIPTION_CHARS, bounded, truncation_reason
from borderwatch.goods.matching import LexiconMatch
from borderwatch.model.verdict import HSCandidate, Verdict

#: a long line of real-looking goods in three scripts, the goods named first
LINE = "5L rice cooker, 冷冻鱿鱼 20公斤, 가죽 핸드백, mens cotton jeans, Gucci bag; "
MEGABYTE = 1_048_576


def _long(length: int) -> str:
    return (LINE * (length // len(LINE) + 1))[:length]


class RecordingClassifier:
    """A stand-in classifier that records what it was asked to read."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def classify(
        self, description: str, *, top_k: int = 5, lang: str | None = None
    ) -> list[HSCandidate]:
        self.read.append(description)
        return [HSCandidate(hs="851660", score=0.9, explanation="test")]


def test_the_classifier_reads_at_most_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = classifier_module.normalise

    def recording(description: str):  # type: ignore[no-untyped-def]  # a test double
        seen.append(len(description))
        return real(description)

    monkeypatch.setattr(classifier_module, "normalise", recording)
    default_classifier().classify(_long(5 * MAX_DESCRIPTION_CHARS))
    default_classifier().classify("rice cooker")
    assert seen == [MAX_DESCRIPTION_CHARS, len("rice cooker")]


def test_a_long_description_gets_the_answer_of_its_start() -> None:
    text = _long(3 * MAX_DESCRIPTION_CHARS + 17)
    classifier = default_classifier()
    assert classifier.classify(text) == classifier.classify(text[:MAX_DESCRIPTION_CHARS])


def test_a_description_at_the_cap_is_read_whole() -> None:
    text = _long(MAX_DESCRIPTION_CHARS)
    assert bounded(text) == text
    assert truncation_reason(text) is None
    assert truncation_reason(text + "x") == (
        f"description is {MAX_DESCRIPTION_CHARS + 1:,} characters; "
        f"classified on its first {MAX_DESCRIPTION_CHARS:,}"
    )


def test_a_megabyte_description_is_classified_and_the_officer_told() -> None:
    text = _long(MEGABYTE)
    outcome = classify_item(
        text, default_classifier(), confidence=0.0, verdict_of=lambda hs: Verdict.CLEAR
    )
    assert outcome.candidates
    assert "description is 1,048,576 characters; classified on its first 2,000" in outcome.reasons
    assert all(len(reason) < 500 for reason in outcome.reasons)  # the text is not repeated


def test_screening_passes_any_classifier_only_the_start() -> None:
    recording = RecordingClassifier()
    text = _long(MEGABYTE)
    outcome = classify_item(text, recording, confidence=0.5, verdict_of=lambda hs: Verdict.CLEAR)
    flagged = check_declared(text, "030743", recording, confidence=0.5)
    assert [len(r) for r in recording.read] == [MAX_DESCRIPTION_CHARS, MAX_DESCRIPTION_CHARS]
    assert outcome.hs == "851660"
    assert flagged is not None
    assert any("classified on its first 2,000" in r for r in flagged.reasons)


def test_a_declared_code_is_kept_and_the_cut_said() -> None:
    text = _long(MEGABYTE)
    kept = check_declared(text, "851660", RecordingClassifier(), confidence=0.5)
    assert kept is not None and (kept.hs, kept.refer) == ("851660", False)
    assert kept.reasons == ("description is 1,048,576 characters; classified on its first 2,000",)
    assert check_declared("5L rice cooker", "851660", RecordingClassifier(), confidence=0.5) is None


def test_a_normal_description_gets_no_truncation_reason() -> None:
    outcome = classify_item(
        "5L rice cooker", RecordingClassifier(), confidence=0.5, verdict_of=lambda hs: Verdict.CLEAR
    )
    assert outcome.reasons == (
        "no HS code declared; classified from '5L rice cooker'",
        "classified as 851660 (score 0.90)",
    )


def _pairwise(matches: list[LexiconMatch]) -> list[LexiconMatch]:
    """The rule as first written: a name strictly inside another subheading's name."""
    names = [m for m in matches if m.lang != "brand"]
    return [
        LexiconMatch(m.hs, m.term, m.lang, m.covered, m.weight * SUBSUMED_WEIGHT)
        if any(m.covered < o.covered and o.hs != m.hs for o in names)
        else m
        for m in matches
    ]


_MATCH = st.builds(
    lambda start, size, hs, lang: LexiconMatch(
        hs, f"t{start}-{size}", lang, frozenset(range(start, start + size)), 1.0
    ),
    st.integers(0, 12),
    st.integers(1, 5),
    st.sampled_from(["851660", "100630", "420221"]),
    st.sampled_from(["en", "zh", "brand"]),
)


@given(st.lists(_MATCH, max_size=25))
def test_linear_weakening_equals_the_pairwise_rule(matches: list[LexiconMatch]) -> None:
    assert _subsumed_weakened(matches) == _pairwise(matches)
