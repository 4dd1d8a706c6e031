"""The evidence for each candidate subheading, one small function per kind.

Each feature returns, per subheading, a value in [0, 1] and a human-readable
detail naming what it compared. :data:`WEIGHTS` declares how far each kind
of evidence can carry a candidate on its own; they combine as a noisy-OR,
``1 - prod(1 - weight * value)``, so agreeing evidence adds up without ever
passing 1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace

from borderwatch.goods.cjk_attributes import CJKAttribute, cjk_attributes_in
from borderwatch.goods.contradictions import (
    CONTRADICTED_WEIGHT,
    contradiction_of,
    stated_by,
)
from borderwatch.goods.fallbacks import (
    chemical_feature,
    chemical_words,
    has_cas_number,
    material_feature,
    presentation_dropped,
)
from borderwatch.goods.learned import LearnedExamples
from borderwatch.goods.matching import LexiconMatch, LexiconMatcher
from borderwatch.goods.retrieval import BM25Index, query_tokens
from borderwatch.goods.text import ATTRIBUTE_TAILS, HOLDER_HEADS, NormalisedText
from borderwatch.goods.titles import TitleReading, material_synonyms, used_with_positions
from borderwatch.reference.hs import Nomenclature

__all__ = ["WEIGHTS", "Evidence", "gather_evidence", "lexicon_feature", "retrieval_feature"]

#: how far each kind of evidence can carry a candidate on its own
WEIGHTS = {"lexicon": 0.85, "retrieval": 0.55, "learned": 0.9, "fallback": 0.7}
#: a Han or Hangul character counts for this share of an English word
CJK_CHAR_UNIT = 0.5
#: a word after "for", "with"... counts this share of a word
AFTER_HEAD_UNIT = 0.4
#: a word after the first segment of a long title ("..., Waterproof, ...") counts this much
AFTER_SEGMENT_UNIT = 0.6
#: an attribute word after the head noun ("drill driver lithium ion") counts this much
TAIL_ATTRIBUTE_UNIT = 0.5
#: the last word before them (the head noun of an English title) counts this much
HEAD_NOUN_UNIT = 1.5
#: a word that no lexicon name or nomenclature text knows (a model number, a
#: brand we do not list) counts for this share of a word
UNKNOWN_WORD_UNIT = 0.4
#: a word the subheading's text agrees with, beside a name, counts this much
ATTRIBUTE_WEIGHT = 0.8
#: a name inside a longer name of another subheading counts this much
SUBSUMED_WEIGHT = 0.3
#: a candidate whose names leave a holder head ("monitor stand") unexplained counts this much
UNHEADED_WEIGHT = 0.45
#: a candidate named only by what the goods are used with ("... for iPhone") counts this much
USED_WITH_ONLY_WEIGHT = 0.3
#: how many BM25 hits become candidates
RETRIEVED = 25

Feature = dict[str, tuple[float, str]]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One candidate subheading, how strong it is and why."""

    hs: str
    strength: float
    reasons: tuple[str, ...] = ()
    lexicon: float = 0.0
    retrieval: float = 0.0
    learned: float = 0.0
    fallback: float = 0.0  # material or chemical nature, when nothing names the goods
    generic: float = 0.0  # how many subheadings the nomenclature finds equally good (0-1)
    unexplained: float = 0.0  # share of the words no lexicon name or nomenclature text knows


def head_noun(words: tuple[str, ...], head_end: int) -> int | None:
    """Index of the head noun: the last word before ``head_end`` that is no mere attribute
    ("drill lithium ion" -> drill), or the last word if all of them are."""
    if not head_end:
        return None
    for i in range(head_end - 1, -1, -1):
        if words[i] not in ATTRIBUTE_TAILS:
            return i
    return head_end - 1


def _head_end(text: NormalisedText, words: tuple[str, ...]) -> int:
    """Where the goods' own words end ("... for laptop"), within ``words`` (which spelling
    and presentation fixes may have shortened)."""
    return text.head_end if 0 <= text.head_end <= len(words) else len(words)


def _holder(text: NormalisedText, words: tuple[str, ...]) -> int | None:
    """Index of a holder head noun after other words ("monitor stand"), if there is one."""
    noun = head_noun(words, _head_end(text, words))
    return noun if noun and words[noun] in HOLDER_HEADS else None


def _units(text: NormalisedText, words: tuple[str, ...], vocabulary: frozenset[str]) -> list[float]:
    """The weight of each word, then of each CJK character (joined text positions)."""
    units = [1.0 if w in vocabulary else UNKNOWN_WORD_UNIT for w in words]
    head = _head_end(text, words)
    for i in range(head, len(units)):
        units[i] *= AFTER_HEAD_UNIT  # "... for laptop": what it is for, not what it is
    if 0 <= text.segment_end < len(words):
        for i in range(text.segment_end, len(words)):
            units[i] *= AFTER_SEGMENT_UNIT  # "Earbuds, Noise Cancelling, ...": features
    noun = head_noun(words, head)
    if noun is not None and words[noun] in vocabulary:
        units[noun] *= HEAD_NOUN_UNIT  # "laptop battery" is a battery
        for i in range(noun + 1, head):
            units[i] *= TAIL_ATTRIBUTE_UNIT  # "drill lithium ion": how it is powered
    units += [0.0 if ch == " " else CJK_CHAR_UNIT for ch in text.cjk_text]
    for i in used_with_positions(text, words):
        if i >= len(words):
            units[i] *= AFTER_HEAD_UNIT  # "갤럭시 호환": what it fits
    return units


def _subsumed_weakened(matches: list[LexiconMatch]) -> list[LexiconMatch]:
    """``matches`` with each name that lies inside a longer name of another subheading
    weakened to :data:`SUBSUMED_WEIGHT` ("rice" inside "rice cooker").

    Every match covers a run of consecutive positions, and no name is longer than
    the longest match, so only names starting a bounded distance before a match
    can hold it: linear in the number of matches, not quadratic.
    """
    by_start: dict[int, list[tuple[int, str]]] = defaultdict(list)
    longest = 0
    for other in matches:
        if other.lang != "brand" and other.covered:
            first = min(other.covered)
            by_start[first].append((first + len(other.covered), other.hs))
            longest = max(longest, len(other.covered))
    result = []
    for m in matches:
        # names cover runs of consecutive words or characters, never none
        start, end = min(m.covered), max(m.covered) + 1
        held = any(
            other_hs != m.hs and other_end >= end and (other_start, other_end) != (start, end)
            for other_start in range(max(end - longest, 0), start + 1)
            for other_end, other_hs in by_start.get(other_start, ())
        )
        result.append(replace(m, weight=m.weight * SUBSUMED_WEIGHT) if held else m)
    return result


def lexicon_feature(
    text: NormalisedText, words: tuple[str, ...], matcher: LexiconMatcher, index: BM25Index
) -> Feature:
    """Share of the description covered by each subheading's lexicon names.

    Other words that the subheading's own text agrees with ("men's", "cotton"
    for men's cotton trousers) count as covered at :data:`ATTRIBUTE_WEIGHT`.
    """
    matches = matcher.match_words(words)
    offset = len(words)
    for m in matcher.match_cjk(text):
        matches.append(replace(m, covered=frozenset(i + offset for i in m.covered)))
    if not matches:
        return {}
    # the longest name wins: "rice" inside "rice cooker" is weak evidence for rice
    matches = _subsumed_weakened(matches)
    units = _units(text, words, matcher.vocabulary)
    total = sum(units) or 1.0
    covered: dict[str, dict[int, float]] = defaultdict(dict)
    terms: dict[str, list[str]] = defaultdict(list)
    for m in matches:
        for i in m.covered:
            covered[m.hs][i] = max(covered[m.hs].get(i, 0.0), m.weight)
        label = f"'{m.term}' ({m.lang}{', ' + m.place if m.place else ''})"
        if label not in terms[m.hs]:
            terms[m.hs].append(label)
    # a brand that agrees with a name of the same subheading ("Apple iPhone") is read
    # as a brand, so the word counts little for other subheadings ("apples")
    named = {m.hs for m in matches if m.lang != "brand"}
    as_brand = {i for m in matches if m.lang == "brand" and m.hs in named for i in m.covered}
    holder = _holder(text, words)
    used_with = used_with_positions(text, words)
    named_spans = {hs: set(spans) for hs, spans in covered.items()}
    # where each word and each CJK attribute stands, so each candidate looks up only
    # the words its text knows, not every word of the description (linear, not quadratic)
    positions: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(words):
        positions[word].append(i)
    attributes: dict[tuple[str, ...], list[tuple[int, CJKAttribute]]] = defaultdict(list)
    for number, found in enumerate(cjk_attributes_in(text)):
        attributes[found.english].append((number, found))
    feature: Feature = {}
    for hs, spans in covered.items():
        known = index.words_of(hs)
        small, large = (known, positions) if len(known) < len(positions) else (positions, known)
        agreed = sorted(i for w in small if w in large for i in positions[w])
        for i in agreed:
            spans.setdefault(i, ATTRIBUTE_WEIGHT)
        agreeing = sorted(  # "纯棉" beside a name agrees with a cotton subheading
            (number, found)
            for english, places in attributes.items()
            if all(w in known for w in english)
            for number, found in places
        )
        for _, found in agreeing:
            for i in range(offset + found.start, offset + found.end):
                spans.setdefault(i, ATTRIBUTE_WEIGHT)
        for word, english in material_synonyms().items():  # "polyester": synthetic fibres
            if word in positions and all(w in known for w in english):
                for i in positions[word]:
                    spans.setdefault(i, ATTRIBUTE_WEIGHT)
        share = (
            sum(
                units[i] * (w if i not in as_brand or (hs in named and w < 1) else w * 0.25)
                for i, w in spans.items()
            )
            / total
        )
        detail = "lexicon " + ", ".join(terms[hs])
        if holder is not None and holder not in named_spans[hs]:
            share *= UNHEADED_WEIGHT  # "monitor stand": a stand, not a monitor
        if used_with.issuperset(named_spans[hs]):
            share *= USED_WITH_ONLY_WEIGHT  # "case for iphone": the iphone is not the goods
            detail += " (only in what it is used with)"
        feature[hs] = (min(share, 1.0), detail)
    return feature


def retrieval_feature(text: NormalisedText, words: tuple[str, ...], index: BM25Index) -> Feature:
    """BM25 over the nomenclature: matched share of the query's weight, times rank share."""
    tokens = query_tokens(words, text.cjk_runs)
    possible = sum(index.idf(t) for t in dict.fromkeys(tokens)) or 1.0
    found = index.search(tokens, limit=RETRIEVED)
    if not found:
        return {}
    best = found[0].score
    holder = _holder(text, words)
    tail_at = [i for i in used_with_positions(text, words) if i < len(words)]
    used_with = {words[i] for i in tail_at} - set(words[: min(tail_at, default=0)])
    feature: Feature = {}
    for hit in found:
        cover = min(hit.score / possible, 1.0)
        value = cover * (hit.score / best) ** 2
        detail = "nomenclature words " + ", ".join(hit.words[:6])
        if holder is not None and words[holder] not in hit.words:
            value *= UNHEADED_WEIGHT  # "monitor stand": texts about monitors say nothing of it
        tail = sum(w in used_with for w in hit.words) / len(hit.words) if hit.words else 0.0
        # "hammer for home office": a text mostly about offices says little of a hammer;
        # "LED light for motor vehicles" is what "lighting for motor vehicles" says
        if tail > 0.5:
            value *= USED_WITH_ONLY_WEIGHT if tail == 1 else 1.0 - USED_WITH_ONLY_WEIGHT * tail
            detail += " (only in what it is used with)" if tail == 1 else ""
        feature[hit.hs] = (value, detail)
    return feature


def _genericity(retrieval: Feature) -> float:
    """0 when one subheading stands out in retrieval, towards 1 when many tie
    ("footwear" matches a whole chapter equally well)."""
    values = [v for v, _ in retrieval.values()]
    if not values:
        return 0.0
    best = max(values)
    ties = sum(1 for v in values if v >= 0.9 * best)
    return min(math.log2(ties) / 4, 1.0)


def learned_feature(text: NormalisedText, learned: LearnedExamples) -> Feature:
    """Officers' confirmed classifications of this or similar descriptions."""
    feature: Feature = {}
    for hit in learned.lookup(text):
        value = hit.similarity * hit.share
        if value > feature.get(hit.hs, (0.0, ""))[0]:
            how = "same description" if hit.similarity >= 1.0 else f"like '{hit.example}'"
            feature[hit.hs] = (value, f"confirmed by officers ({how}, {hit.votes}x)")
    return feature


@dataclass(frozen=True, slots=True)
class Reading:
    """The words of a description as the evidence reads them (spelling fixed, chemical
    names kept), what was corrected, and which words name chemicals."""

    words: tuple[str, ...]
    corrected: dict[str, str]
    chemicals: tuple[str, ...]


def read_words(text: NormalisedText, matcher: LexiconMatcher) -> Reading:
    """The words the evidence is gathered on (a description's spelling is fixed once)."""
    chemicals = chemical_words(text.words, matcher.vocabulary)
    words, corrected = matcher.correct(text.words)
    if chemicals or has_cas_number(
        text
    ):  # "omeprazole" is not a misspelt word, and "in bulk form" not chocolate
        words = presentation_dropped(
            tuple(o if o in chemicals else w for o, w in zip(text.words, words, strict=True))
        )
        corrected = {a: b for a, b in corrected.items() if a not in chemicals}
    return Reading(words, corrected, tuple(chemicals))


def gather_evidence(
    text: NormalisedText,
    matcher: LexiconMatcher,
    index: BM25Index,
    learned: LearnedExamples,
    codes: Nomenclature,
    *,
    reading: Reading | None = None,
    title: TitleReading | None = None,
    as_written: NormalisedText | None = None,
) -> list[Evidence]:
    """All candidates with their combined strength, strongest first (``reading``: the
    words as :func:`read_words` gives them, when already worked out; ``title``: the
    product title ``text`` was read from, named in the reasons; ``as_written``: the
    description as written, which officers' confirmations are looked up by)."""
    if text.is_empty:
        return []
    read = reading if reading is not None else read_words(text, matcher)
    words, corrected, chemicals = read.words, read.corrected, list(read.chemicals)
    fallback = material_feature(words)
    fallback.update(chemical_feature(text, words, index, chemicals))
    features = {
        "lexicon": lexicon_feature(text, words, matcher, index),
        "retrieval": retrieval_feature(text, words, index),
        "learned": learned_feature(as_written or text, learned),
        "fallback": fallback,
    }
    spelling = (
        ("read " + ", ".join(f"'{a}' as '{b}'" for a, b in corrected.items()),) if corrected else ()
    )
    candidates = set().union(*features.values())
    generic = _genericity(features["retrieval"])
    unknown = [w for w in words if w not in matcher.vocabulary]
    unexplained = len(unknown) / len(words) if words else 0.0
    said = stated_by(text)
    found = []
    for hs in candidates:
        if hs not in codes:
            continue
        contradicted = contradiction_of(hs, said, codes) if said else None
        missing = 1.0
        values = {}
        reasons = list(spelling)
        for name, feature in features.items():
            value, detail = feature.get(hs, (0.0, ""))
            values[name] = value
            missing *= 1.0 - WEIGHTS[name] * value
            if value > 0:
                reasons.append(detail)
        strength = 1.0 - missing
        if title is not None:
            reasons += title.agreeing(index.words_of(hs))
        if contradicted is not None:
            strength *= CONTRADICTED_WEIGHT
            reasons.append(f"the description says {contradicted.name}, this code does not")
        found.append(
            Evidence(
                hs=hs,
                strength=strength,
                reasons=tuple(reasons),
                lexicon=values["lexicon"],
                retrieval=values["retrieval"],
                learned=values["learned"],
                fallback=values["fallback"],
                generic=generic,
                unexplained=unexplained,
            )
        )
    found.sort(key=lambda e: (-e.strength, e.hs))
    return found
