"""A LightGBM model's trees, read from its text format and evaluated with numpy.

The ranker's model is trained with LightGBM (``scripts/train_ranker.py``), but the
classifier only needs to add up its trees' leaves: reading the text format into a
few flat arrays and walking every tree for every candidate at once (trees of depth
at most five) takes about a millisecond, and spares a one-line ``borderwatch
classify`` the import of LightGBM and SciPy (0.4 s). ``tests/goods/test_trees.py``
holds the results to LightGBM's own.

Only what the ranker's training produces is read: numerical splits ("go left when
the value is at most the threshold"); as in LightGBM, NaN reads as zero unless the
split sends NaN (or zero) its default way; a model with categorical splits is refused.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from borderwatch.errors import ReferenceDataError

__all__ = ["TreeEnsemble"]

#: LightGBM's decision_type bits: categorical split, default left; then the missing type
_CATEGORICAL, _DEFAULT_LEFT = 1, 2
_MISSING_ZERO, _MISSING_NAN = 1, 2
#: LightGBM treats values this close to zero as zero
_ZERO = 1e-35


Array = npt.NDArray[Any]


def _numbers(fields: dict[str, str], key: str, kind: type) -> Array:
    return np.array(fields[key].split(), dtype=kind) if fields.get(key) else np.array([], kind)


def _problem(name: str, what: str) -> ReferenceDataError:
    return ReferenceDataError(f"{name}: {what}; retrain with scripts/train_ranker.py")


class TreeEnsemble:
    """The sum of a LightGBM model's trees, for rows of features.

    Internal nodes come first in the flat arrays, then the leaves; a leaf is a node
    that leads to itself, so every tree is walked the same number of steps (the
    deepest tree's depth) without keeping track of which walks have ended.
    """

    def __init__(self, model_text: str, *, name: str = "model.txt") -> None:
        head = dict(
            line.split("=", 1)
            for line in model_text.split("\nTree=")[0].splitlines()
            if "=" in line
        )
        if "max_feature_idx" not in head:
            raise _problem(name, "field max_feature_idx missing: not a LightGBM text model")
        #: how many features a row must have
        self.features = int(head["max_feature_idx"]) + 1
        feats: list[Array] = []
        thresholds: list[Array] = []
        kinds: list[Array] = []
        lefts: list[Array] = []
        rights: list[Array] = []
        leaves: list[Array] = []
        roots: list[int] = []
        inner = 0
        for number, block in enumerate(model_text.split("\nTree=")[1:]):
            fields = dict(line.split("=", 1) for line in block.splitlines()[1:] if "=" in line)
            values = _numbers(fields, "leaf_value", np.float64)
            if len(values) == 0:
                break  # the trees end where the feature importances begin
            if fields.get("num_cat", "0") != "0":
                raise _problem(name, f"tree {number}: categorical splits are not supported")
            split = _numbers(fields, "split_feature", np.int64)
            first_leaf = sum(len(v) for v in leaves)
            for child, into in (("left_child", lefts), ("right_child", rights)):
                found = _numbers(fields, child, np.int64)
                # >= 0: an internal node of this tree; < 0: its leaf ~child
                into.append(np.where(found >= 0, found + inner, -(~found + first_leaf) - 1))
            feats.append(split)
            thresholds.append(_numbers(fields, "threshold", np.float64))
            kinds.append(_numbers(fields, "decision_type", np.int64))
            roots.append(inner if len(split) else -first_leaf - 1)
            leaves.append(values)
            inner += len(split)
        if not leaves:
            raise _problem(name, "no trees found")
        kind = np.concatenate(kinds).astype(np.int64)
        if np.any(kind & _CATEGORICAL):
            raise _problem(name, "categorical splits are not supported")
        value = np.concatenate(leaves)
        count = len(value)
        own = np.arange(inner, inner + count)

        def node(child: Array) -> Array:
            return np.where(child >= 0, child, inner + ~child)

        self._feature = np.concatenate([*feats, np.zeros(count, np.int64)]).astype(np.int64)
        self._threshold = np.concatenate([*thresholds, np.full(count, np.inf)])
        self._default_left = np.concatenate([(kind & _DEFAULT_LEFT) > 0, np.ones(count, bool)])
        missing = (kind >> 2) & 3
        self._zero_missing = np.concatenate([missing == _MISSING_ZERO, np.zeros(count, bool)])
        self._nan_missing = np.concatenate([missing == _MISSING_NAN, np.zeros(count, bool)])
        self._left = np.concatenate([node(np.concatenate(lefts).astype(np.int64)), own])
        self._right = np.concatenate([node(np.concatenate(rights).astype(np.int64)), own])
        self._value = np.concatenate([np.zeros(inner), value])
        self._start = node(np.array(roots, dtype=np.int64))
        self.depth = self._deepest()

    @property
    def trees(self) -> int:
        """How many trees the model has."""
        return len(self._start)

    def _deepest(self) -> int:
        deepest = 0
        stack = [(int(root), 0) for root in self._start]
        while stack:
            at, level = stack.pop()
            if self._left[at] == at:
                deepest = max(deepest, level)
            else:
                stack += [(int(self._left[at]), level + 1), (int(self._right[at]), level + 1)]
        return deepest

    def predict(self, rows: Array) -> npt.NDArray[np.float64]:
        """The model's score of each row (features in the order the model was trained on)."""
        count, width = rows.shape
        flat = np.ascontiguousarray(rows, dtype=np.float64).reshape(-1)
        base = (np.arange(count) * width)[:, None]
        at = np.broadcast_to(self._start, (count, self.trees)).copy()
        for _ in range(self.depth):
            value = flat[base + self._feature[at]]
            nan = np.isnan(value)
            value = np.where(nan, 0.0, value)  # as LightGBM reads NaN where a split has no NaN
            missing = (self._nan_missing[at] & nan) | (
                self._zero_missing[at] & (np.abs(value) <= _ZERO)
            )
            left = np.where(missing, self._default_left[at], value <= self._threshold[at])
            at = np.where(left, self._left[at], self._right[at])
        return np.asarray(self._value[at].sum(axis=1), dtype=np.float64)
