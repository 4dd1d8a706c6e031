"""How good a ranking is when officers can inspect only a share of what arrives.

Every function takes numpy arrays: ``scores`` (higher = inspect first),
``labels`` (1 = the inspection finds something, 0 = not) and, for
:func:`value_at`, ``values`` (what each case is worth). The inspected set at a
share is the top ``k = ceil(share × n)`` by score, at least one.

Ties: the order is a stable sort by score, descending, so among equal scores
the earlier row (lower index) is inspected first. Shuffle rows beforehand if
the input order carries meaning that should not break ties.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["DEFAULT_SHARES", "at_shares", "inspected", "precision_at", "recall_at", "value_at"]

#: the inspection shares reported by default: 1%, 2%, 5% and 10% of declarations
DEFAULT_SHARES = (0.01, 0.02, 0.05, 0.10)
Array = npt.ArrayLike


def _k(n: int, share: float) -> int:
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share!r}")
    if n == 0:
        raise ValueError("no rows to rank")
    return max(1, min(n, math.ceil(share * n - 1e-9)))


def inspected(scores: Array, share: float) -> npt.NDArray[np.intp]:
    """Indices of the top ``ceil(share × n)`` rows by score (stable: earlier row first on ties)."""
    array = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-array, kind="stable")
    return order[: _k(len(array), share)]


def _checked(
    scores: Array, labels: Array
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    score = np.asarray(scores, dtype=np.float64)
    label = np.asarray(labels, dtype=np.float64)
    if score.shape != label.shape or score.ndim != 1:
        raise ValueError(f"scores {score.shape} and labels {label.shape} must be 1-d and alike")
    return score, label


def precision_at(scores: Array, labels: Array, share: float) -> float:
    """Share of the inspected rows that are positive (hits / k)."""
    score, label = _checked(scores, labels)
    top = inspected(score, share)
    return float(label[top].sum() / len(top))


def recall_at(scores: Array, labels: Array, share: float) -> float:
    """Share of all positives that are among the inspected rows (0 when there are none)."""
    score, label = _checked(scores, labels)
    total = label.sum()
    if total == 0:
        return 0.0
    return float(label[inspected(score, share)].sum() / total)


def value_at(scores: Array, labels: Array, values: Array, share: float) -> float:
    """Share of the positives' total value found among the inspected rows (seized value)."""
    score, label = _checked(scores, labels)
    value = np.asarray(values, dtype=np.float64)
    if value.shape != score.shape:
        raise ValueError(f"values {value.shape} must match scores {score.shape}")
    caught = label * value
    total = caught.sum()
    if total == 0:
        return 0.0
    return float(caught[inspected(score, share)].sum() / total)


def _key(share: float) -> str:
    return f"{share * 100:g}"


def at_shares(
    scores: Array,
    labels: Array,
    values: Array,
    shares: Sequence[float] = DEFAULT_SHARES,
) -> dict[str, dict[str, float]]:
    """Share in percent ("1" for 0.01) -> ``{"precision": .., "recall": .., "value": ..}``."""
    return {
        _key(share): {
            "precision": precision_at(scores, labels, share),
            "recall": recall_at(scores, labels, share),
            "value": value_at(scores, labels, values, share),
        }
        for share in shares
    }
