"""Normalising goods descriptions: quantities out, words and characters in.

A description such as ``"2x Samsung 32in TV"`` or ``"冷冻鱿鱼 20kg"`` becomes
a :class:`NormalisedText`: the quantities and units it carried (kept for the
explanation), the English word tokens (lower case, plural endings removed),
and the runs of Han and Hangul characters, which are matched as substrings
and as character bigrams because those scripts do not separate words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry
import yaml

__all__ = [
    "ATTRIBUTE_TAILS",
    "HOLDER_HEADS",
    "STOP_WORDS",
    "WORDS",
    "NormalisedText",
    "char_bigrams",
    "normalise",
    "script_of",
    "stem",
    "word_tokens",
]

#: the word lists of ``data/words.yaml``, parsed once for every module of the classifier
WORDS: dict[str, Any] = yaml.load(  # a safe loader, the C one when built (4x faster)
    (resources.files("borderwatch.goods") / "data" / "words.yaml").read_text(encoding="utf-8"),
    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
)
#: words that say nothing about what the goods are
STOP_WORDS: frozenset[str] = frozenset(WORDS["stop_words"]) | frozenset(WORDS["listing_words"])
#: colours and sales talk, dropped from long product titles only
_TITLE_WORDS = re.compile(
    r"\b(?:"
    + "|".join(map(re.escape, WORDS["title_words"]))
    + r")\b(?!\s+(?:tea|wine|rice|pepper|sugar|beans?|bread|chocolate))"  # "green tea" stays
)
_LONG_TITLE: int = int(WORDS["long_title"])
#: words that describe rather than name goods: never a title's head noun
ATTRIBUTE_TAILS: frozenset[str] = frozenset(WORDS["attribute_tails"])
#: last nouns that make a name an article of its own ("monitor stand" is a stand)
HOLDER_HEADS: frozenset[str] = frozenset(WORDS["holder_heads"])
_CODE_WORDS: frozenset[str] = frozenset(str(w) for w in WORDS["code_words"])
#: a run of letters and digits mixed, left after quantities are out: a model number
_CAS_LIKE = re.compile(r"\d+(?:-\d+)+")
_MODEL_NUMBER = re.compile(r"(?<![\w\-])(?=[a-z\-]*\d)(?=[\d\-]*[a-z])[a-z0-9][a-z0-9\-]*")
_IRREGULAR: dict[str, str] = dict(WORDS["irregular_plurals"])
_KEEP_S: frozenset[str] = frozenset(WORDS["keep_final_s"])

_QUANTITY = re.compile(
    r"""(?xi)
    (?<![a-z\d])
    (?:
        \d+(?:[.,]\d+)?\s*(?:x|×|\*)(?=\s|$|\d)         # 2x, 3 x
      | (?:x|×)\s*\d+(?![a-z])                         # x2
      | \d+(?:[.,]\d+)?\s*
        (?:kgs?|g|gr|grams?|mg|t|tons?|tonnes?|mt|lbs?|oz|ml|l|ltrs?|litres?|liters?|
           cl|cm|mm|m|km|in|inch|inches|"|ft|m2|m3|sqm|cbm|w|kw|v|mah|gb|tb|hp|cc|
           pcs|pc|pieces?|units?|pairs?|prs|boxes|box|bottles?|btls?|cartons?|ctns?|
           packs?|bags|rolls?|sets?|dozen|doz|sheets?)
        (?![a-z])
      | \d+(?:[.,]\d+)?(?:\s*%)?                       # bare numbers, percentages
    )
    """
)
_POSSESSIVE = re.compile(r"'s$")  # "women's" in the nomenclature's texts
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_CJK_QUANTITY = re.compile(
    r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+|한|두|세|네|다섯)\s*(?:个|台|件|双|瓶|箱|包|袋|公斤|千克|克|升|吨|米|条|部|개|대|벌|켤레|병|박스|상자|봉지|킬로|그램|리터|톤|미터)"
)


def _country_names() -> list[str]:
    """Lower-case country names (ISO 3166 names, common and official), longest first."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.lower().split(",")[0].strip())
    names.update(WORDS.get("extra_countries", ()))
    return sorted(names, key=len, reverse=True)


#: where the goods come from, not what they are: "... from the United Kingdom",
#: "made in China", "origin of ...", trade-agreement preambles ("USMCA ... of")
_ORIGIN = re.compile(
    r"\b(?:from|made in|produced in|manufactured in|product of|imported from)\s+(?:the\s+)?(?:"
    + "|".join(re.escape(n) for n in _country_names())
    + r")\b(?:,? (?:republic|people republic|democratic people republic) of)?"
    r"|^\s*(?:country of\s+)?origin (?:and \w+ )?of\s+(?:an?\s+|the\s+|two\s+|three\s+)?"
    r"|^.{0,80}\bagreement\b(?:\s*\([a-z]+\))?\s+of\s+(?:an?\s+|the\s+)?"
)


def strip_origin(text: str) -> str:
    """``text`` (lower case) without phrases naming the origin of the goods."""
    return _ORIGIN.sub(" ", text)


def script_of(text: str) -> str:
    """'zh', 'ko' or 'en': the script most of the letters of ``text`` are written in."""
    han = sum(len(m) for m in _HAN.findall(text))
    hangul = sum(len(m) for m in _HANGUL.findall(text))
    if hangul and hangul >= han:
        return "ko"
    if han:
        return "zh"
    return "en"


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stem: plural endings removed, everything else kept."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _KEEP_S or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("oes") and len(word) > 5:
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def word_tokens(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """Stemmed lower-case English words of ``text``; stop words dropped unless asked."""
    text = text.replace("man-made", "manmade").replace("-", " ")  # man-made says no gender
    words = (stem(_POSSESSIVE.sub("", w.strip("'-"))) for w in _WORD.findall(text))
    return [w for w in words if w and (keep_stop_words or w not in STOP_WORDS)]


def char_bigrams(run: str) -> list[str]:
    """Overlapping two-character pieces of a Han or Hangul run (the run itself if shorter)."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """A description as the classifier sees it."""

    original: str
    text: str
    words: tuple[str, ...]
    cjk_runs: tuple[str, ...]
    quantities: tuple[str, ...]
    script: str
    head_end: int = -1  # words before "for", "with", "compatible"...: the goods themselves
    segment_end: int = -1  # words of a long title's first segment, before its feature list

    @property
    def cjk_text(self) -> str:
        """The Han and Hangul runs joined by spaces, for substring matching."""
        return " ".join(self.cjk_runs)

    @property
    def is_empty(self) -> bool:
        """True when nothing classifiable is left (only numbers, units or punctuation)."""
        return not self.words and not self.cjk_runs


#: words after which a product title says what the goods are for or come with
_CUT_WORDS = frozenset({"for", "with", "compatible", "fit", "fits", "including", "incl"})


def _head_end(text: str, count: int) -> int:
    """How many content words come before the first of :data:`_CUT_WORDS`."""
    seen = 0
    for word in word_tokens(text, keep_stop_words=True):
        if word in _CUT_WORDS and seen:
            return seen
        if word not in STOP_WORDS:
            seen += 1
    return count


#: stands in a title where its first segment ends, until the words are counted
_SEGMENT_MARK = "zqsegmentendzq"
_SEGMENT_BREAK = re.compile(r"[,|;/]|\s[-–—]\s|[–—]")


def _title_segments(text: str) -> str:
    """A long title with a mark where its first segment ends ("Wireless Earbuds, Noise
    Cancelling, ..."). Bracketed asides stay: dropping them cost a few rows of the
    listing tuning set ("【儿童】", "[Pack of 2]" say what the goods are as often not)."""
    for found in _SEGMENT_BREAK.finditer(text):
        if len(word_tokens(text[: found.start()])) >= 2:
            return f"{text[: found.start()]} {_SEGMENT_MARK} {text[found.end() :]}"
    return text


def _model_number_out(match: re.Match[str]) -> str:
    """A model number ("SM-S911B", "A2341") out; a quantity ("20kg") or a name ("ps5") kept."""
    token = match.group(0)
    if token in _CODE_WORDS or _QUANTITY.fullmatch(token) or _CAS_LIKE.fullmatch(token):
        return token
    if any(len(run) > 4 for run in re.findall(r"[a-z]+", token)):
        return token  # a chemical name ("1,1,1,2-tetrafluoroethane", "helium-3")
    return " "


def normalise(description: str) -> NormalisedText:
    """Fold width and case, take quantities and units out, and split into tokens."""
    text = unicodedata.normalize("NFKC", description).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u00a0", " ")
    text = re.sub(r"'s\b", "", text)
    text = strip_origin(text)
    text = _MODEL_NUMBER.sub(_model_number_out, text)
    quantities = [m.group(0).strip() for m in _CJK_QUANTITY.finditer(text)]
    text = _CJK_QUANTITY.sub(" ", text)
    quantities += [m.group(0).strip() for m in _QUANTITY.finditer(text) if m.group(0).strip()]
    text = _QUANTITY.sub(" ", text)
    # taking quantities out can free a model number ("一0N0" -> "一 n0"): out with it too
    text = _MODEL_NUMBER.sub(_model_number_out, text)
    cjk_chars = sum(len(run) for run in _HAN.findall(text) + _HANGUL.findall(text))
    long_title = len(word_tokens(text)) + cjk_chars // 2 >= _LONG_TITLE
    if long_title:  # an online shop's title: features after the first segment
        text = _title_segments(text)
    text = re.sub(r"[^\w'\- ]+", " ", text)
    text = " ".join(text.split())
    if long_title:  # colours out
        text = " ".join(_TITLE_WORDS.sub(" ", text).split())
    words = tuple(word_tokens(text))
    segment_end = len(words)
    if _SEGMENT_MARK in words:
        segment_end = words.index(_SEGMENT_MARK)
        words = tuple(w for w in words if w != _SEGMENT_MARK)
        text = " ".join(text.replace(_SEGMENT_MARK, " ").split())
    runs = tuple(_HAN.findall(text) + _HANGUL.findall(text))
    return NormalisedText(
        original=description,
        text=text,
        words=words,
        head_end=min(_head_end(text, len(words)), segment_end),
        segment_end=segment_end,
        cjk_runs=runs,
        quantities=tuple(q for q in quantities if q),
        script=script_of(text),
    )
