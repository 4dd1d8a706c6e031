"""Would WordLlama's shipped embeddings help the goods classifier? Measured, not adopted.

The ``wordllama`` package (``pip install wordllama``; not a dependency of borderwatch)
ships the ``l2_supercat`` token table (256 dimensions, the Llama tokenizer) in its
wheel, so nothing is fetched at run time. A text's vector is the normalised mean of
its tokens' vectors; only the package's two data files are read (its own loader looks
for the tokenizer where the wheel does not put it, and would then try to download it).

This script embeds the national label lines (``goods/data/tariff-labels``) and the
HS 2022 subheading texts, grouped by subheading with one centroid each, and prints:

- the one-off cost of embedding them and the cost per description;
- per set of benchmarks/classify.py (test, held-back and dev sets): top-1 at 2/4/6
  digits and top-5 at 6 digits of the nearest centroids alone;
- how often the right subheading is among the learned ranker's candidates
  (goods/ranker.py) and how often once the ten nearest centroids are added: what the
  embeddings could at best bring the ranker as a candidate source.

The second use, the embeddings as features of the ranker (best cosine of a candidate's
lines, its centroid's cosine and rank, heading and chapter aggregates) retrained with
scripts/train_ranker.py, was measured in commit c45b3b2 ("Measure wordllama
embeddings as ranker candidates and features"); the figures are in
docs/classification.md.

Usage: python benchmarks/embeddings.py [--shared ../shared/data] [--only hmrc,cbp]
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.evaluation import LabelledDescription
from borderwatch.goods.label_texts import LABEL_SOURCES, read_label_lines
from borderwatch.goods.text import normalise
from borderwatch.reference.hs import nomenclature
from classify import ROOT, sets

#: how many nearest centroids would join the ranker's candidates
NEAREST_KEPT = 10

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
    raise SystemExit(
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
class LabelEmbeddings:
    """One centroid per subheading: the normalised mean of its texts' vectors."""

    codes: tuple[str, ...]
    centroids: Matrix

    def nearest(self, vector: Matrix, limit: int) -> list[tuple[str, float]]:
        """The ``limit`` subheadings whose centroids are closest to ``vector``, closest first."""
        if not self.codes or limit <= 0 or not vector.any():
            return []
        cosine = self.centroids @ vector
        limit = min(limit, len(cosine))
        chosen = np.argpartition(-cosine, limit - 1)[:limit]
        ordered = sorted(chosen.tolist(), key=lambda i: (-float(cosine[i]), self.codes[i]))
        return [(self.codes[i], float(cosine[i])) for i in ordered]


def build_label_embeddings(
    vectors: WordVectors, texts: Iterable[tuple[str, str]]
) -> LabelEmbeddings:
    """Embed ``(hs6, text)`` pairs (label lines and subheading texts) and average them by
    subheading (about 8 s for the shipped 52,777 lines and 5,612 subheadings on one core)."""
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
    return LabelEmbeddings(codes, centroids)


def _texts(codes: frozenset[str]) -> list[tuple[str, str]]:
    """Every label line and subheading text, by subheading."""
    texts = [(hs, t) for s in LABEL_SOURCES for hs, t in read_label_lines(s) if hs in codes]
    hs = nomenclature()
    texts += [(c, " > ".join(e.description for e in hs.path(c)[1:])) for c in hs.subheadings]
    return texts


def _share(hits: int, total: int) -> str:
    return f"{hits / total:6.1%}" if total else "     -"


def _measure(
    name: str,
    rows: Sequence[LabelledDescription],
    embeddings: LabelEmbeddings,
    timings: list[float],
) -> None:
    vectors = shipped_word_vectors()
    classifier = default_classifier()
    top1 = {2: 0, 4: 0, 6: 0}
    top5 = in_candidates = with_nearest = 0
    for row in rows:
        start = time.process_time()
        vector = vectors.embed([normalise(row.description).text])[0]
        near = [hs for hs, _ in embeddings.nearest(vector, NEAREST_KEPT)]
        timings.append(time.process_time() - start)
        for digits in top1:
            top1[digits] += bool(near) and near[0][:digits] == row.hs6[:digits]
        top5 += row.hs6 in near[:5]
        codes = classifier.candidates(row.description).codes
        in_candidates += row.hs6 in codes
        with_nearest += row.hs6 in codes or row.hs6 in near
    n = len(rows)
    print(
        f"{name:<24} {n:>5} "
        + " ".join(_share(top1[d], n) for d in (2, 4, 6))
        + f" {_share(top5, n)}   candidates {_share(in_candidates, n)}"
        + f" -> {_share(with_nearest, n)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--only", default="", help="comma-separated start of set names")
    args = parser.parse_args()
    start = time.perf_counter()
    vectors = shipped_word_vectors()
    loaded = time.perf_counter()
    texts = _texts(frozenset(nomenclature().subheadings))
    embeddings = build_label_embeddings(vectors, texts)
    print(
        f"load {loaded - start:.2f} s; embed {len(texts)} texts "
        f"{time.perf_counter() - loaded:.1f} s; {len(embeddings.codes)} subheadings"
    )
    print(f"{'set':<24} {'rows':>5}  2-dig  4-dig  6-dig  top-5   right code among candidates")
    wanted = [w for w in args.only.split(",") if w]
    timings: list[float] = []
    for role, name, rows in sets(args.shared):
        if role == "train" or (wanted and not any(name.startswith(w) for w in wanted)):
            continue
        _measure(name, rows, embeddings, timings)
    timings.sort()
    if timings:
        print(f"embed + nearest centroids, CPU p50 {timings[len(timings) // 2] * 1000:.2f} ms")


if __name__ == "__main__":
    main()
