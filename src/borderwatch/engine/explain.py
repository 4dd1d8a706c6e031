"""Reasons an officer needs beside a verdict that no single measure gives.

A cited exemption that no measure on the item offers changes nothing, and
the officer should know it was read. A `clear` under the UN alone on goods the
UN leaves to each State (luxury goods not on an annex) is not the whole
answer: the national list that would apply is named.
"""

from __future__ import annotations

from collections.abc import Iterable

from borderwatch.engine.assess import Assessment
from borderwatch.model.declaration import ExemptionCitation
from borderwatch.model.verdict import Verdict

__all__ = ["unselected_luxury", "unweighed_citations"]


def unweighed_citations(
    citations: Iterable[ExemptionCitation], found: list[Assessment]
) -> list[str]:
    """A reason for each cited exemption that no measure covering the item offers."""
    weighed = {check.id for a in found for check in a.exemptions}
    offered = {e.id for a in found for e in a.measure.exemptions}
    return [
        f"exemption {c.id} is cited, but no measure on these goods offers it: it changes nothing"
        for c in dict.fromkeys(citations)
        if c.id not in weighed and c.id not in offered
    ]


def unselected_luxury(found: list[Assessment], selected: frozenset[str]) -> list[str]:
    """For a clear item: the luxury lists of regimes not selected that would not clear it."""
    others = [
        a
        for a in found
        if "luxury" in a.measure.tags
        and a.measure.regime not in selected
        and a.outcome.rank > Verdict.CLEAR.rank
    ]
    if not others:
        return []
    named = ", ".join(
        f"{a.measure.id} ({a.measure.regime}, not selected) would give {a.outcome.value}"
        for a in others
    )
    lead = "not on a UN annex; " if "UN" in selected else ""
    return [f"{lead}luxury goods are defined nationally: {named}"]
