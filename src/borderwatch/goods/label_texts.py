"""National tariff lines as label texts: one BM25 index per schedule.

A ten-digit national line ("Smartphones", "电饭锅", "전기밥솥") names goods far
more specifically than the HS six-digit text, and four schedules in three
languages name the same subheading. The package ships, per schedule, the
lines mapped to their HS 2022 subheading (``data/tariff-labels/<source>.tsv.gz``,
derived by ``scripts/build_tariff_labels.py``; licences and credits in the
SOURCES.md beside them). Each schedule becomes one BM25 index whose document for
a subheading holds the words (English) and character bigrams (Chinese, Korean) of
all its lines, tokenised exactly as descriptions are.
"""

from __future__ import annotations

import gzip
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from borderwatch.errors import ReferenceDataError
from borderwatch.goods.retrieval import BM25Index, query_tokens
from borderwatch.goods.text import word_tokens

__all__ = [
    "LABEL_SOURCES",
    "LabelIndexes",
    "LazyLabels",
    "build_label_indexes",
    "parse_label_lines",
    "read_label_lines",
]

#: the schedules shipped, in the order the ranker's features name them
LABEL_SOURCES = ("cn", "kr", "us", "eu")


def parse_label_lines(text: str, name: str) -> list[tuple[str, str]]:
    """The ``(hs6, text)`` lines of a label file's text; ``name`` is quoted in errors."""
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        hs6, sep, label = line.partition("\t")
        if not sep or len(hs6) != 6 or not hs6.isdigit() or not hs6.isascii():
            raise ReferenceDataError(
                f"{name}:{number}: field hs6: {hs6!r} is not six digits followed by a tab; "
                "rebuild the file with scripts/build_tariff_labels.py"
            )
        lines.append((hs6, label))
    return lines


def read_label_lines(source: str) -> list[tuple[str, str]]:
    """The ``(hs6, text)`` lines of one shipped schedule."""
    name = f"{source}.tsv.gz"
    packed = resources.files("borderwatch.goods") / "data" / "tariff-labels" / name
    text = gzip.decompress(packed.read_bytes()).decode("utf-8")
    return parse_label_lines(text, f"goods/data/tariff-labels/{name}")


#: the Han and Hangul runs of a text (as :func:`~borderwatch.goods.text.normalise` finds them)
_CJK_RUN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+"
)


def label_tokens(text: str) -> list[str]:
    """The tokens of a label text: its stemmed English words and CJK character bigrams,
    as a description's words are tokenised (without the title clean-up a description
    gets, which a tariff line never needs). The parts of a path ("Horses > Other")
    recur across lines, so each part is tokenised once."""
    return [token for part in text.split(" > ") for token in _part_tokens(part)]


@lru_cache(maxsize=65536)
def _part_tokens(part: str) -> tuple[str, ...]:
    folded = unicodedata.normalize("NFKC", part).lower()
    return tuple(query_tokens(word_tokens(folded), _CJK_RUN.findall(folded)))


@dataclass(frozen=True)
class LabelIndexes:
    """One BM25 index over the label texts of each schedule, by source name."""

    indexes: dict[str, BM25Index]


class LazyLabels:
    """Label indexes read the first time they are asked for (the lexicon classifier never
    asks: loading them is half of its start-up); shared by the classifiers made from one."""

    def __init__(self, load: Callable[[], LabelIndexes]) -> None:
        self._load = load
        self._found: LabelIndexes | None = None
        self._lock = threading.Lock()

    def get(self) -> LabelIndexes:
        """The indexes, loaded once."""
        with self._lock:
            if self._found is None:
                self._found = self._load()
            return self._found


def build_label_indexes(codes: frozenset[str] | None = None) -> LabelIndexes:
    """Index every shipped schedule (a few seconds; cached with the classifier's parts).

    ``codes`` limits the documents to those subheadings (all when None)."""
    indexes = {}
    for source in LABEL_SOURCES:
        documents: dict[str, Counter[str]] = {}
        for hs6, label in read_label_lines(source):
            if codes is not None and hs6 not in codes:
                continue
            documents.setdefault(hs6, Counter()).update(set(label_tokens(label)))
        indexes[source] = BM25Index(documents)
    return LabelIndexes(indexes)
