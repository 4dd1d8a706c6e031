"""Evidence from what the goods are made of, when nothing names the goods themselves.

HS classifies much by material and by chemical nature, and keeps for each a
subheading for articles "not elsewhere specified". Two fallbacks use that:

- *material*: a description naming a material ("steel receptacle", "plastic
  hinge") points, weakly, at the subheading for other articles of it, or for
  ornaments of it ("decorative copper plaque");
- *chemical*: a CAS registry number ("(CAS No. 73590-58-6)") or a long word no
  lexicon or nomenclature knows with the ending of a chemical name
  ("Omeprazole", "Hexachloroacetone") points at the chemical chapters: the
  best retrieval hit in chapter 29 (28 too for a CAS number alone; 30 when
  dosage words say it is a medicament: "capsules", "injection"), or the
  chapter's n.e.c. subheading; "in bulk form", said of such a substance, is
  then not chocolate.

Both are fallbacks: their values are low, so a lexicon name or a strong
nomenclature match wins over them.
"""

from __future__ import annotations

import re

from borderwatch.goods.retrieval import BM25Index, query_tokens
from borderwatch.goods.text import WORDS, NormalisedText

__all__ = [
    "CHEMICAL_VALUE",
    "MATERIAL_VALUE",
    "chemical_feature",
    "chemical_words",
    "has_cas_number",
    "material_feature",
    "presentation_dropped",
]

_MATERIALS: dict[str, str] = dict(WORDS["materials"])
_ORNAMENTS: dict[str, str] = dict(WORDS["ornaments"])
_ORNAMENT_WORDS = frozenset(WORDS["ornament_words"])
_SUFFIXES: tuple[str, ...] = tuple(WORDS["chemical_suffixes"])
_DOSAGE = frozenset(WORDS["dosage_words"])
_CAS = re.compile(r"\b\d{2,7}-\d{2}-\d\b")
#: words that say how a chemical is presented, not what it is
_PRESENTATION = frozenset({"bulk", "powder", "form", "imported", "cas", "crystal", "grade"})
#: the value of each fallback (the noisy-OR weight applies on top)
MATERIAL_VALUE = 0.5
CHEMICAL_VALUE = 0.8
#: a word at least this long is needed to be read as a chemical name by its ending
CHEMICAL_WORD = 9

Feature = dict[str, tuple[float, str]]


def material_feature(words: tuple[str, ...]) -> Feature:
    """The 'other articles of <material>' subheadings of the materials named
    (their ornaments' subheadings when the description says it is an ornament)."""
    feature: Feature = {}
    table = _MATERIALS
    if _ORNAMENT_WORDS.intersection(words):
        table = {**_MATERIALS, **_ORNAMENTS}
    for word in words:
        hs = table.get(word)
        if hs and hs not in feature:
            feature[hs] = (MATERIAL_VALUE, f"made of {word} (other articles of it)")
    return feature


def chemical_words(words: tuple[str, ...], vocabulary: frozenset[str]) -> list[str]:
    """The words of ``words`` read as chemical names (long, unknown, a chemical ending)."""
    return [
        w
        for w in words
        if len(w) >= CHEMICAL_WORD and w not in vocabulary and w.endswith(_SUFFIXES)
    ]


def has_cas_number(text: NormalisedText) -> bool:
    """True when the description carries a CAS registry number."""
    return bool(_CAS.search(text.original))


def chemical_feature(
    text: NormalisedText, words: tuple[str, ...], index: BM25Index, unknown: list[str]
) -> Feature:
    """The best chapter 28-29 subheading for a description of a chemical.

    ``unknown`` are the words :func:`chemical_words` read as chemical names.
    """
    cas = has_cas_number(text)
    if not cas and not unknown:
        return {}
    why = "a CAS registry number" if cas else "chemical name " + ", ".join(unknown[:3])
    chapters: tuple[str, ...]
    if _DOSAGE.intersection(words):
        chapters, default, kind = ("30",), "300490", "medicament in doses"
    elif unknown:
        chapters, default, kind = ("29",), "294200", "organic compound"
    else:
        chapters, default, kind = ("28", "29"), "294200", "chemical"
    for hit in index.search(query_tokens(words, ()), limit=300):
        if hit.hs[:2] in chapters:
            return {
                hit.hs: (
                    CHEMICAL_VALUE,
                    f"{why}: {kind}; nomenclature words {', '.join(hit.words)}",
                )
            }
    return {default: (CHEMICAL_VALUE * 0.75, f"{why}: {kind} n.e.c.")}


def presentation_dropped(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` without those saying how a chemical is presented ("in bulk powder form")."""
    return tuple(w for w in words if w not in _PRESENTATION)
