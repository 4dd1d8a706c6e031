"""Static word embeddings of descriptions and of the national tariff label lines.

The vectors are WordLlama's ``l2_supercat`` token table (256 dimensions, the
Llama tokenizer), shipped inside the ``wordllama`` package: a text's vector is the
mean of its tokens' vectors, normalised, so embedding is a table lookup and no
model is fetched at run time. Only the package's two data files are read (its own
loader looks for the tokenizer where the wheel does not put it and would then try
to download it).

:class:`LabelEmbeddings` holds one vector per label line
(:mod:`borderwatch.goods.label_texts`) and per HS 2022 subheading text, grouped by
subheading, and one centroid per subheading (the normalised mean of its lines and
its text). A description is compared with every centroid (5,600 rows: well under a
millisecond) to find its nearest subheadings, and with the lines of the ranker's
candidates only to find each candidate's best line: comparing it with all 52,777
lines costs about 7 ms, more than the whole classifier's budget.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from borderwatch.errors import ReferenceDataError

__all__ = ["LabelEmbeddings", "WordVectors", "build_label_embeddings", "shipped_word_vectors"]

Matrix = NDArray[np.float32]

_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")


class WordVectors:
    """A token table and its tokenizer: texts in, unit vectors out."""

    def __init__(self, table: Matrix, tokenizer_file: Path) -> None:
        from tokenizers import Tokenizer  # a dependency of wordllama

        self.table = np.ascontiguousarray(table, dtype=np.float32)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    @property
    def dimensions(self) -> int:
        """The length of every vector."""
        return int(self.table.shape[1])

    def embed(self, texts: Sequence[str]) -> Matrix:
        """One unit vector per text (all zeros for a text with no token)."""
        found = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return found
        for row, encoding in enumerate(
            self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ):
            ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, len(self.table) - 1)
            if len(ids):
                found[row] = self.table[ids].mean(axis=0)
        return _unit(found)


def _unit(vectors: Matrix) -> Matrix:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _package_file(parts: tuple[str, str]) -> Path:
    spec = importlib.util.find_spec("wordllama")  # located, not imported (no hub client)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        if (path := Path(folder, *parts)).is_file():
            return path
    raise ReferenceDataError(
        f"wordllama: file {'/'.join(parts)!r} not found in {folders or 'no installed package'}; "
        "install the package with `pip install wordllama` (it ships the file)"
    )


@cache
def shipped_word_vectors() -> WordVectors:
    """The token table and tokenizer shipped in the ``wordllama`` package (half a second)."""
    from safetensors.numpy import load_file  # a dependency of wordllama

    table = load_file(str(_package_file(_WEIGHTS)))["embedding.weight"]
    return WordVectors(table, _package_file(_TOKENIZER))


@dataclass(frozen=True)
class LabelEmbeddings:  # not slots: cached_property keeps the code positions
    """Label lines' vectors grouped by subheading, and one centroid per subheading.

    ``lines[starts[i]:starts[i + 1]]`` are the vectors of ``codes[i]`` (float16 to halve
    what the cache holds; a candidate's few lines are widened when compared)."""

    codes: tuple[str, ...]
    starts: NDArray[np.int64]
    lines: NDArray[np.float16]
    centroids: Matrix

    @cached_property
    def position(self) -> dict[str, int]:
        """Each code's row in :attr:`centroids`."""
        return {hs: n for n, hs in enumerate(self.codes)}

    def nearest(self, vector: Matrix, limit: int) -> list[tuple[str, float]]:
        """The ``limit`` subheadings whose centroids are closest to ``vector``, closest first."""
        if not self.codes or limit <= 0 or not vector.any():
            return []
        cosine = self.centroids @ vector
        limit = min(limit, len(cosine))
        chosen = np.argpartition(-cosine, limit - 1)[:limit]
        ordered = sorted(chosen.tolist(), key=lambda i: (-float(cosine[i]), self.codes[i]))
        return [(self.codes[i], float(cosine[i])) for i in ordered]

    def best_lines(
        self, vector: Matrix, codes: Iterable[str], where: dict[str, int]
    ) -> dict[str, float]:
        """For each of ``codes`` that has vectors, the cosine of its line closest to ``vector``."""
        found: dict[str, float] = {}
        if not vector.any():
            return found
        rows = [(hs, where[hs]) for hs in codes if hs in where]
        if not rows:
            return found
        spans = [(int(self.starts[i]), int(self.starts[i + 1])) for _, i in rows]
        taken = np.concatenate([np.arange(a, b) for a, b in spans])
        cosine = self.lines[taken].astype(np.float32) @ vector
        offset = 0
        for (hs, _), (a, b) in zip(rows, spans, strict=True):
            found[hs] = float(cosine[offset : offset + b - a].max())
            offset += b - a
        return found


def build_label_embeddings(
    vectors: WordVectors, texts: Iterable[tuple[str, str]]
) -> LabelEmbeddings:
    """Embed ``(hs6, text)`` pairs (label lines and subheading texts) grouped by subheading
    (about 8 s for the shipped 52,777 lines and 5,612 subheadings on one core)."""
    pairs = sorted(texts, key=lambda pair: pair[0])
    embedded = vectors.embed([text for _, text in pairs])
    kept = np.flatnonzero(np.abs(embedded).sum(axis=1) > 0)
    codes_of = [pairs[int(n)][0] for n in kept]
    embedded = embedded[kept]
    codes = tuple(dict.fromkeys(codes_of))
    bounds = [0] + [n for n in range(1, len(codes_of)) if codes_of[n] != codes_of[n - 1]]
    starts = np.asarray([*bounds, len(codes_of)], dtype=np.int64)
    if codes:
        centroids = _unit(np.add.reduceat(embedded, starts[:-1], axis=0))
    else:
        centroids = np.zeros((0, vectors.dimensions), dtype=np.float32)
    return LabelEmbeddings(codes, starts, embedded.astype(np.float16), centroids)
