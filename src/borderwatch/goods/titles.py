"""Reading an online shop's product title as an officer does.

"Electronics > Accessories > VOKMER 2024 New USB C Cable for iPhone 15, Nylon Braided,
Black 6ft" is a cable: the category path says where the listing sits, the brand,
listing talk, colour and size say nothing about the goods, and "for iPhone 15" says
what the cable is used with, not what it is. :func:`read_title` splits a title into
those parts; :attr:`TitleReading.text` is what the classifier reads (the goods' own
words, then "for" and what they are used with, then the nearest category), and the
material, audience and construction words go into the explanation.

Chinese ("适用于苹果15手机壳") and Korean ("휴대폰용 케이스") used-with parts are read
when a device follows (zh) or precedes (ko) the marker. Word lists are data
(``data/titles.yaml``; Chinese and Korean materials and audiences come from
``words.yaml``'s ``cjk_attributes``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from borderwatch.goods.text import ATTRIBUTE_TAILS, WORDS, NormalisedText, stem, word_tokens

__all__ = ["TitleReading", "material_synonyms", "read_title", "used_with_positions"]


@cache
def _data() -> dict[str, Any]:
    text = (resources.files("borderwatch.goods") / "data" / "titles.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _alternation(phrases: list[str]) -> str:
    """A regex alternation of ``phrases``, longest first (so "rose gold" beats "gold")."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    category: re.Pattern[str]
    used_en: re.Pattern[str]
    used_zh: re.Pattern[str]
    used_ko: re.Pattern[str]
    listing: re.Pattern[str]
    colour: re.Pattern[str]
    size: re.Pattern[str]
    material: re.Pattern[str]
    audience: dict[str, str]
    materials: dict[str, str]
    construction: dict[str, str]
    cjk: dict[str, str]  # Chinese/Korean material or audience word -> English


@cache
def _patterns() -> _Patterns:
    data = _data()
    cjk = r"[\u4e00-\u9fff\uac00-\ud7a3]"
    ko_after = _alternation(data["used_with_ko_after"])
    devices = (
        _alternation(data["devices"])
        + "|(?:"
        + _alternation(data["device_nouns"])
        + f")(?!(?!{ko_after}){cjk})"  # "手机壳" is a case, "휴대폰용" for a phone
    )
    # the model after a device ("iphone 15 pro max"); possessive: no backtracking
    latin = r"(?:\s*+(?:[a-z]*\d[a-z0-9\-]*|" + _alternation(data["model_words"]) + r")(?![a-z]))*+"
    cjk_phrases = [p for p in data["listing_phrases"] if not p.isascii()]
    latin_phrases = [p for p in data["listing_phrases"] if p.isascii()]
    return _Patterns(
        category=re.compile(r"\s*(?:" + _alternation(data["category_separators"]) + r")\s*"),
        used_en=re.compile(r"\b(?:" + _alternation(data["used_with_en"]) + r")\b\s+(\S.*)"),
        used_zh=re.compile(
            r"(?:"
            + _alternation(data["used_with_zh"])
            + r")\s*((?:(?:"
            + devices
            + r")"
            + latin
            + r")++)"
        ),
        used_ko=re.compile(
            r"((?:" + devices + r")" + latin + r")\s*(?:" + ko_after + r")(?![\uac00-\ud7a3])"
        ),
        listing=re.compile(
            r"(?<![a-z])(?:"
            + _alternation(latin_phrases)
            + r")(?![a-z])"
            + (r"|" + _alternation(cjk_phrases) if cjk_phrases else "")
        ),
        colour=re.compile(r"(?<![a-z])(?:" + _alternation(data["colours"]) + r")(?![a-z])"),
        size=re.compile(data["size_pattern"] + "|" + data["pack_pattern"]),
        material=re.compile(
            r"(?<![a-z])(?:" + _alternation(list(data["materials"])) + r")(?![a-z])"
        ),
        audience={str(k): str(v) for k, v in data["audience"].items()},
        materials={str(k): str(v) for k, v in data["materials"].items()},
        construction={str(k): str(v) for k, v in data["construction"].items()},
        cjk={str(k): str(v) for k, v in WORDS["cjk_attributes"].items()},
    )


@dataclass(frozen=True, slots=True)
class TitleReading:
    """A product title split into what the goods are and what merely surrounds them."""

    original: str
    goods: str  # the title's own words about the goods, listing talk out
    used_with: tuple[str, ...] = ()  # "iphone 15": what the goods fit, not the goods
    category: tuple[str, ...] = ()  # category path segments before the title
    dropped: tuple[str, ...] = ()  # brand-like words, listing talk, colours, sizes
    head_noun: str | None = None  # the last English word of the goods' own name
    materials: tuple[str, ...] = ()  # as the nomenclature says them ("synthetic")
    audience: tuple[str, ...] = ()  # "woman", "man", "child", "baby"...
    construction: tuple[str, ...] = ()  # "knitted" or "woven"

    @property
    def text(self) -> str:
        """What the classifier reads: the goods' words, then what they are used with,
        then the category nearest the title (both after "for", where they count little);
        the description as written when nothing was dropped or moved."""
        tail = [*self.used_with, *self.category[-1:]]
        if not tail and not self.dropped:
            return self.original
        return f"{self.goods} for {' '.join(tail)}" if tail else self.goods

    def agreeing(self, known: frozenset[str]) -> list[str]:
        """What of this reading a subheading whose text has the words ``known`` agrees
        with: "head noun 'cable'", "material 'cotton'", "audience 'woman'"..."""
        said: list[tuple[str, tuple[str, ...]]] = [
            ("head noun", (self.head_noun,) if self.head_noun else ())
        ]
        said += [("material", self.materials), ("audience", self.audience)]
        said += [("construction", self.construction)]
        return [f"{kind} '{w}'" for kind, words in said for w in words if stem(w) in known]


_CHEMICAL_ENDINGS = tuple(str(s) for s in WORDS["chemical_suffixes"])


@cache
def material_synonyms() -> dict[str, tuple[str, ...]]:
    """One-word materials the nomenclature names otherwise, stemmed: "polyester" ->
    ("synthetic",), "viscose" -> ("artificial",)."""
    found = {}
    for word, english in _patterns().materials.items():
        words, said = word_tokens(word), tuple(word_tokens(english))
        if len(words) == 1 and words[0] not in said:
            found[words[0]] = said
    return found


def _category(title: str) -> tuple[tuple[str, ...], str]:
    """The category path segments and the title after them ("A > B > title")."""
    parts = [p.strip() for p in _patterns().category.split(title)]
    if len(parts) < 2 or not parts[-1] or any(len(p.split()) > 6 for p in parts[:-1]):
        return (), title
    return tuple(p for p in parts[:-1] if p), parts[-1]


def _used_with_en(text: str, dropped: list[str]) -> tuple[str, str | None]:
    """``text`` without its English "for X" part (up to the next comma), and X. "For
    women" says who wears the goods, not what they fit: the "for" goes, the audience
    stays among the goods' words ("dress women")."""
    audience = _alternation(list(_patterns().audience))
    text, audiences = re.subn(r"\bfor\s+(?=(?:" + audience + r")(?:'s)?\b)", "", text)
    dropped += ["for"] * audiences
    for found in _patterns().used_en.finditer(text):
        rest = found.group(1)
        end = re.search(r"[,|;]", rest)
        span = rest[: end.start()] if end else rest
        if not span.strip() or not found.start():
            continue
        after = rest[end.start() :] if end else ""
        return f"{text[: found.start()]}{after}", span.strip()
    return text, None


def _brand_out(title: str, known: frozenset[str]) -> tuple[str, str | None]:
    """``title`` without a leading brand-like word: capitalised or in capitals, no word
    the classifier knows, and at least two words after it."""
    words = title.split()
    if len(words) < 3 or not words[0].isalpha() or not words[0][:1].isupper():
        return title, None
    first = words[0]
    if first.lower().endswith(_CHEMICAL_ENDINGS):  # "Dorzolamide ...": a chemical's name
        return title, None
    if known:
        stems = word_tokens(first.lower(), keep_stop_words=True)
        if not stems or any(w in known for w in stems):
            return title, None
    elif not (first.isupper() and len(first) >= 3):
        return title, None
    return " ".join(words[1:]), first


def _noise_out(text: str, dropped: list[str]) -> str:
    """Listing talk and sizes out everywhere; colours out of feature segments and the end."""
    patterns = _patterns()
    for pattern in (patterns.listing, patterns.size):
        dropped += [m.group(0) for m in pattern.finditer(text)]
        text = pattern.sub(" ", text)
    segments = re.split(r"([,|;]|\s[-–—]\s)", text)
    kept = []
    for number, segment in enumerate(segments):
        if number % 2:  # a separator
            kept.append(segment)
            continue
        words = segment.split()
        colours = patterns.colour.findall(segment)
        rest = [w for w in patterns.colour.sub(" ", segment).split() if not re.search(r"\d", w)]
        if colours and number and not "".join(rest).strip(" -"):  # ", Grey 500ml"
            dropped += colours
            segment = " "
        elif colours and len(words) >= 3:
            end = re.search(r"(?:\s(?:" + patterns.colour.pattern + r"))+\s*$", segment)
            if end:
                dropped.append(end.group(0).strip())
                segment = segment[: end.start()]
        kept.append(segment)
    text = "".join(kept)
    text = re.sub(r"(?:\s*[,|;]\s*)+(?=[,|;]|$)", "", text)  # empty segments
    return " ".join(text.split()).strip(" ,;|")


def _attributes(text: str) -> tuple[list[str], list[str], list[str]]:
    """Materials, audiences and construction named in ``text`` (lower case)."""
    patterns = _patterns()
    materials = [patterns.materials[m] for m in patterns.material.findall(text)]
    words = set(re.findall(r"[a-z]+", text.replace("'s", "s")))
    audience = [patterns.audience[w] for w in patterns.audience if w in words]
    construction = [patterns.construction[w] for w in patterns.construction if w in words]
    for word, english in patterns.cjk.items():
        if len(word) > 1 and word in text:
            (audience if english in patterns.audience.values() else materials).append(english)
    return materials, audience, construction


def _head_noun(goods: str) -> str | None:
    """The last English word of the goods' first segment that names rather than
    describes ("usb c cable nylon" -> cable)."""
    first = re.split(r"[,|;(\[]|\s[-–—]\s", goods)[0]
    first = " ".join(t for t in first.split() if not re.search(r"\d", t))  # model numbers
    patterns = _patterns()
    skip = ATTRIBUTE_TAILS | set(patterns.materials) | set(patterns.audience)
    words = [w for w in word_tokens(first) if not re.search(r"\d", w)]
    for word in reversed(words):
        if word not in skip:
            return word
    return words[-1] if words else None


def read_title(description: str, *, known: frozenset[str] = frozenset()) -> TitleReading:
    """Split ``description`` into the goods' own words and what surrounds them.

    ``known`` is the classifier's vocabulary: a leading capitalised word it does not
    know is read as a brand. A plain description ("men's cotton shirts") comes back
    with its words unchanged."""
    text = " ".join(unicodedata.normalize("NFKC", description).split())
    category, title = _category(text)
    dropped: list[str] = []
    title, brand = _brand_out(title, known)
    if brand:
        dropped.append(brand)
    low = title.lower().replace("\u2019", "'")
    used: list[str] = []
    low, english = _used_with_en(low, dropped)
    if english:
        used.append(english)
    for pattern in (_patterns().used_zh, _patterns().used_ko):
        used += [m.group(1).strip() for m in pattern.finditer(low)]
        low = pattern.sub(" ", low)
    goods = _noise_out(low, dropped) or low.strip()
    materials, audience, construction = _attributes(goods)
    return TitleReading(
        original=description,
        goods=goods,
        used_with=tuple(u for u in used if u),
        category=tuple(c.lower() for c in category),
        dropped=tuple(d for d in dropped if d.strip()),
        head_noun=_head_noun(goods),
        materials=tuple(dict.fromkeys(materials)),
        audience=tuple(dict.fromkeys(audience)),
        construction=tuple(dict.fromkeys(construction)),
    )


def used_with_positions(text: NormalisedText, words: tuple[str, ...]) -> set[int]:
    """Positions of what the goods are used with: the words after the last "for" (where
    :func:`~borderwatch.goods.titles.read_title` puts them), and the Chinese or Korean
    runs there ("충전 케이블 for 갤럭시"), numbered after the words as in
    :func:`~borderwatch.goods.features.lexicon_feature`."""
    cut = text.text.rfind(" for ")
    if cut < 0:
        return set()
    found = set(range(min(len(word_tokens(text.text[:cut])), len(words)), len(words)))
    tail = set(text.text[cut:].split())
    start = len(words)
    for run in text.cjk_runs:
        if run in tail:
            found.update(range(start, start + len(run)))
        start += len(run) + 1
    return found
