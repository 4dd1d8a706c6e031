"""Candidates the description contradicts: men's goods under a women's subheading,
knitted goods in the chapter of woven ones, bamboo lids under lids of base metal.

HS splits clothing by gender and by knitted versus woven; a lexicon name such as
"cotton jeans" may stand under both genders' subheadings, and the description's
own words ("men's", "针织", "여성") decide. The rules are data
(``data/words.yaml``, ``contradictions``): the words that say something, and the
nomenclature text or chapters that say the opposite.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from borderwatch.goods.text import WORDS, NormalisedText
from borderwatch.reference.hs import Nomenclature

__all__ = [
    "CONTRADICTED_WEIGHT",
    "Contradiction",
    "contradiction_of",
    "shipped_contradictions",
    "stated_by",
]

#: a contradicted candidate keeps this share of its strength
CONTRADICTED_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Descriptions with one of ``says`` rule out codes whose text holds ``excludes_text``
    (unless it also holds ``unless_text``) or that lie in ``excludes_chapters``."""

    name: str
    says: frozenset[str]
    excludes_text: tuple[str, ...] = ()
    unless_text: tuple[str, ...] = ()
    excludes_chapters: frozenset[str] = frozenset()
    group: str = ""  # rules of one group rule nothing out when a description says two

    def said_by(self, text: NormalisedText) -> bool:
        """True when the description says it, in English words or CJK characters
        ("man-made fibres" does not say men's)."""
        words = text.words
        for i, word in enumerate(words):
            if word in self.says and not (word == "man" and words[i + 1 : i + 2] == ("made",)):
                return True
        joined = text.cjk_text
        return bool(joined) and any(not s.isascii() and s in joined for s in self.says)

    def rules_out(self, hs: str, codes: Nomenclature) -> bool:
        """True when the code's chapter or nomenclature text says the opposite."""
        if hs[:2] in self.excludes_chapters:
            return True
        if not self.excludes_text:
            return False
        wording = _wording(codes, hs)
        return any(t in wording for t in self.excludes_text) and not any(
            t in wording for t in self.unless_text
        )


@cache
def _wording(codes: Nomenclature, hs: str) -> str:
    """The heading's and subheading's texts of ``hs``, lower case (built once per code)."""
    return " ".join(e.description.lower() for e in codes.path(hs)[1:])


@cache
def shipped_contradictions() -> tuple[Contradiction, ...]:
    """The rules in ``data/words.yaml``."""
    return tuple(
        Contradiction(
            name=str(rule["name"]),
            says=frozenset(str(w) for w in rule["says"]),
            excludes_text=tuple(rule.get("excludes_text", ())),
            unless_text=tuple(rule.get("unless_text", ())),
            excludes_chapters=frozenset(str(c) for c in rule.get("excludes_chapters", ())),
            group=str(rule.get("group", "")),
        )
        for rule in WORDS["contradictions"]
    )


def stated_by(text: NormalisedText) -> tuple[Contradiction, ...]:
    """The rules the description states, less the groups it states twice: "wood screws,
    steel" names the use and the material, and rules out neither."""
    said = [rule for rule in shipped_contradictions() if rule.said_by(text)]
    groups = Counter(rule.group for rule in said if rule.group)
    return tuple(rule for rule in said if not rule.group or groups[rule.group] == 1)


def contradiction_of(
    hs: str, said: tuple[Contradiction, ...], codes: Nomenclature
) -> Contradiction | None:
    """The first rule the description states that rules ``hs`` out, if any."""
    return next((rule for rule in said if rule.rules_out(hs, codes)), None)
