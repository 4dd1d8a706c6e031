"""Fast scalar draws for the per-declaration details, fed in blocks from a numpy Generator.

A numpy Generator is reproducible from a seed but slow for one number at a
time; :class:`Draws` takes uniforms from it in blocks and hands them out
one by one, so runs stay reproducible from the seed and ten times faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np

__all__ = ["Draws"]

T = TypeVar("T")
BLOCK = 1 << 16


class Draws:
    """Uniform, integer, choice and sample draws from blocks of a numpy Generator."""

    def __init__(self, generator: np.random.Generator) -> None:
        self._generator = generator
        self._block: list[float] = []
        self._next = 0

    def random(self) -> float:
        """A uniform number in [0, 1)."""
        if self._next == len(self._block):
            self._block = self._generator.random(BLOCK).tolist()
            self._next = 0
        value = self._block[self._next]
        self._next += 1
        return value

    def uniform(self, low: float, high: float) -> float:
        """A uniform number in [low, high)."""
        return low + (high - low) * self.random()

    def integer(self, low: int, high: int) -> int:
        """A uniform integer in [low, high], both ends included."""
        return low + int(self.random() * (high - low + 1))

    def pick(self, choices: Sequence[T]) -> T:
        """One element, uniformly."""
        return choices[int(self.random() * len(choices))]

    def sample(self, choices: Sequence[T], count: int) -> list[T]:
        """``count`` distinct elements (all of them if fewer), in random order."""
        pool = list(choices)
        count = min(count, len(pool))
        for i in range(count):
            j = i + int(self.random() * (len(pool) - i))
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:count]
