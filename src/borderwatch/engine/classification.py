"""Using the goods classifier inside screening, honestly.

An item without an HS code is classified. When the best candidate is not
confident, or plausible candidates fall on both sides of a measure, or the
description names no material and the same article of another material would get
a stricter verdict (:mod:`borderwatch.goods.material_doubt`), the item is referred
with the candidates named. A declared code that the
description clearly contradicts is flagged as a possible misdeclaration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from borderwatch.engine.protocols import GoodsClassifier
from borderwatch.goods.limits import bounded, truncation_reason
from borderwatch.goods.material_doubt import other_materials
from borderwatch.model.verdict import HSCandidate, Verdict

__all__ = ["ClassificationOutcome", "check_declared", "classify_item"]

#: a candidate this far below the best one is not treated as plausible
PLAUSIBLE_SHARE = 0.5


@dataclass(frozen=True)
class ClassificationOutcome:
    """The HS code screening goes on with, or why it cannot."""

    hs: str | None
    candidates: tuple[HSCandidate, ...]
    reasons: tuple[str, ...]
    refer: bool


def _named(candidates: list[HSCandidate]) -> str:
    return ", ".join(f"{c.hs} ({c.score:.2f})" for c in candidates)


def _quoted(description: str) -> str:
    """The description as reasons quote it: whole, or its start when it was cut."""
    if truncation_reason(description) is None:
        return repr(description)
    return repr(description[:80]) + "…"


def classify_item(
    description: str,
    classifier: GoodsClassifier,
    *,
    confidence: float,
    verdict_of: Callable[[str], Verdict],
) -> ClassificationOutcome:
    """Classify ``description``; ``verdict_of(hs)`` says what each candidate would get."""
    if not description.strip():
        return ClassificationOutcome(
            None, (), ("no HS code and no description: the item cannot be screened",), True
        )
    # any classifier reads only the start of a very long description: one item never
    # holds up a batch, and the officer is told what was read
    cut = truncation_reason(description)
    candidates = classifier.classify(bounded(description), top_k=5)
    if not candidates:
        found_none = ("the classifier found no candidate", *((cut,) if cut else ()))
        return ClassificationOutcome(None, (), found_none, True)
    best = candidates[0]
    plausible = [c for c in candidates if c.score >= best.score * PLAUSIBLE_SHARE]
    verdicts = {c.hs: verdict_of(c.hs) for c in plausible}
    reasons = [f"no HS code declared; classified from {_quoted(description)}"]
    if cut:
        reasons.append(cut)
    refer = False
    if best.score < confidence:
        reasons.append(
            f"best candidate {best.hs} scores {best.score:.2f}, below {confidence:.2f}: "
            f"candidates {_named(plausible)}"
        )
        refer = True
    if len(set(verdicts.values())) > 1:
        split = "; ".join(f"{hs} -> {v.value}" for hs, v in verdicts.items())
        reasons.append(f"plausible candidates fall on both sides of a measure: {split}")
        refer = True
    if not refer:
        stricter = _stricter_materials(description, best.hs, verdicts[best.hs], verdict_of)
        if stricter:
            reasons.append(
                f"no material named: {best.hs} -> {verdicts[best.hs].value}, but "
                f"{stricter}; state what the goods are made of"
            )
            refer = True
    if refer:
        # no code is assumed: the officer decides between the candidates named
        return ClassificationOutcome(None, tuple(candidates), tuple(reasons), True)
    reasons.append(f"classified as {best.hs} (score {best.score:.2f})")
    return ClassificationOutcome(best.hs, tuple(candidates), tuple(reasons), False)


def _stricter_materials(
    description: str, hs: str, verdict: Verdict, verdict_of: Callable[[str], Verdict]
) -> str:
    """The other materials the article could be of whose verdict is stricter, said
    ("of iron or steel (732690) -> prohibited"), or '' when there are none."""
    stricter = []
    for name, code in other_materials(description, hs):
        other = verdict_of(code)
        if other.rank > verdict.rank:
            stricter.append(f"of {name} ({code}) -> {other.value}")
    return ", ".join(stricter)


def check_declared(
    description: str,
    declared: str,
    classifier: GoodsClassifier,
    *,
    confidence: float,
    readings: Sequence[str] = (),
) -> ClassificationOutcome | None:
    """A misdeclaration flag when the description confidently says another chapter.

    ``readings`` are the HS 2022 codes a declared code of an older version
    became: a description in the chapter of any of them agrees with it too.
    None when there is nothing to say; when the description was too long to be read
    whole and no flag is raised, the declared code is kept with that said.
    """
    if not description.strip():
        return None
    cut = truncation_reason(description)
    # the declared code stands, but the officer learns the check read only the start
    unflagged = ClassificationOutcome(declared, (), (cut,), False) if cut else None
    candidates = classifier.classify(bounded(description), top_k=5)
    if not candidates or candidates[0].score < confidence:
        return unflagged
    best = candidates[0]
    plausible = [c for c in candidates if c.score >= best.score * PLAUSIBLE_SHARE]
    chapters = {declared[:2], *(code[:2] for code in readings)}
    if any(c.hs[:2] in chapters for c in plausible):
        return unflagged
    return ClassificationOutcome(
        declared,
        tuple(candidates),
        (
            f"possible misdeclaration: declared HS {declared} but {_quoted(description)} "
            f"reads as {best.hs} (score {best.score:.2f})",
            *((cut,) if cut else ()),
        ),
        True,
    )
