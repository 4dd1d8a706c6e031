"""A classifier remembers its answers: the same description costs a lookup, and what
a caller does with the list it received never changes a later answer."""

from __future__ import annotations

from borderwatch.goods.classifier import ANSWERS_KEPT, HSClassifier, default_classifier
from borderwatch.goods.learned import LearnedExamples


def _fresh() -> HSClassifier:
    """A classifier of its own (the shipped parts, shared; its memory, empty)."""
    return default_classifier().with_learned(LearnedExamples())


def test_a_repeated_description_gets_the_same_answer_without_reclassifying() -> None:
    classifier = _fresh()
    first = classifier.classify("电饭煲 rice cooker", top_k=3)
    first.clear()  # the caller's list is its own
    again = classifier.classify("电饭煲 rice cooker", top_k=3)
    assert [c.hs for c in again][:1] == ["851660"] and len(again) == 3
    assert ("电饭煲 rice cooker", 3) in classifier._answers
    assert classifier.classify("电饭煲 rice cooker", top_k=1) == again[:1]


def test_the_memory_is_bounded() -> None:
    classifier = _fresh()
    for n in range(ANSWERS_KEPT + 5):
        classifier._answers[(f"d{n}", 1)] = ()
    classifier.classify("laptop computer", top_k=1)
    assert len(classifier._answers) <= ANSWERS_KEPT
    assert ("laptop computer", 1) in classifier._answers
