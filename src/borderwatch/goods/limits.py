"""How much of a description the classifier reads.

Classification time grows with the length of the description, so one pasted
manifest or a runaway field could hold up a whole batch. A description longer
than :data:`MAX_DESCRIPTION_CHARS` is classified on its first
:data:`MAX_DESCRIPTION_CHARS` characters only, and screening says so.

Why 2,000: the longest description in every set the classifier is measured on
is under 1,000 characters (a CBP ruling's subject line, 969; shop titles stay
under 130, as do 2,358 UK postal parcel item lines; the development set's
declaration lines stay under 50), so no real declaration line is cut,
and the goods are named at the start of a line, not after its first 2,000
characters. At 2,000 characters one classification takes some 20-40 ms on one
core (``benchmarks/classify_long.py``), against under 1 ms for a usual line.
"""

from __future__ import annotations

__all__ = ["MAX_DESCRIPTION_CHARS", "bounded", "truncation_reason"]

#: descriptions are classified on at most this many characters (their start)
MAX_DESCRIPTION_CHARS = 2_000


def bounded(description: str) -> str:
    """The part of ``description`` the classifier reads: its first characters."""
    return description[:MAX_DESCRIPTION_CHARS]


def truncation_reason(description: str) -> str | None:
    """What to tell the officer when only the start of ``description`` was classified."""
    if len(description) <= MAX_DESCRIPTION_CHARS:
        return None
    return (
        f"description is {len(description):,} characters; "
        f"classified on its first {MAX_DESCRIPTION_CHARS:,}"
    )
