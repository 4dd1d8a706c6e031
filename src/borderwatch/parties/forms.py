"""Name forms: a name prepared once for fast, explainable comparison.

A :class:`PersonForm` holds the ways a personal name can split into surname
and given name (surname first or last), each as sound keys with the
surname's class; a :class:`OrganisationForm` holds the distinctive words of
an organisation name apart from its generic words. Hangul is romanized,
Han characters become pinyin, and both follow the same keys as Latin text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from borderwatch.parties.hangul import romanize_rr
from borderwatch.parties.korean_names import surname_table
from borderwatch.parties.normalize import fold, loose_key, script_runs, sound_key
from borderwatch.parties.organisation_names import organisation_words

__all__ = [
    "OrganisationForm",
    "PersonForm",
    "Split",
    "organisation_form",
    "person_form",
    "readings",
]

_PARENS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True, slots=True)
class Split:
    """One reading of a personal name: surname class (if known), surname key, given key.

    ``surname_last`` marks the reading that takes the last word as the surname.
    """

    surname_class: int | None
    surname: str
    given: str
    surname_last: bool = False
    loose: str = field(default="", compare=False)
    length: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "loose", loose_key(self.given))
        object.__setattr__(self, "length", len(self.surname) + len(self.given))


@dataclass(frozen=True, slots=True)
class PersonForm:
    """A personal name ready to compare: its splits and its sorted token keys."""

    text: str
    splits: tuple[Split, ...]
    sorted_tokens: str


@dataclass(frozen=True, slots=True)
class OrganisationForm:
    """An organisation name ready to compare: distinctive and generic words."""

    text: str
    distinctive: tuple[str, ...]
    generic: frozenset[str]
    joined: str
    sorted_keys: str


def readings(name: str) -> list[str]:
    """A name and the names inside it: text in brackets, and each script on its own.

    "DAEDONG CREDIT BANK (DCB)" gives the name without the bracket and "DCB";
    "Jin Tiesan (金铁三)" gives "Jin Tiesan" and "金铁三".
    """
    if name.isascii() and "(" not in name:
        return [name]  # the common case: one script, nothing in brackets
    found = [name]
    inner = [m.group(1).strip() for m in _PARENS.finditer(name)]
    outer = " ".join(_PARENS.sub(" ", name).split())
    if inner:
        found = [outer, *(i for i in inner if i)]
    split: list[str] = []
    for text in found:
        runs = script_runs(fold(text))
        kinds = {kind for kind, _ in runs}
        if len(kinds) > 1 and "latin" in kinds:
            split.append(" ".join(t for k, t in runs if k == "latin"))
            split.append(" ".join(t for k, t in runs if k != "latin"))
        else:
            split.append(text)
    return [s for s in dict.fromkeys(split) if s.strip()]


def _pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin  # its dictionary takes a second to load: only when needed

    return [p for p in lazy_pinyin(text) if p.strip()]


_DOUBLED = re.compile(r"(.)\1")


def _run_together(words: list[str]) -> str:
    """Given-name words keyed one by one, then joined: "Won Ho" = "Won-ho" = "Wonho".

    Keying each word keeps letters of two words from forming one sound
    ("T Chun" is not "Tchun"); doubled letters are then merged so "Son Nam"
    and "Sonnam" agree.
    """
    # only the first word may drop a DPRK initial r (Ryong = Yong); "m" shields the rest
    keys = [sound_key(w) if i == 0 else sound_key("m" + w)[1:] for i, w in enumerate(words)]
    return _DOUBLED.sub(r"\1", "".join(keys))


def person_form(name: str) -> PersonForm:
    """Prepare a personal name written in Latin letters, Hangul or Han characters."""
    table = surname_table()
    folded = fold(name)
    runs = [("latin", folded)] if folded.isascii() else script_runs(folded)
    hangul = "".join(t for k, t in runs if k == "hangul")
    splits: list[Split] = []
    if hangul:
        surname, given = table.split_hangul(hangul)
        key = sound_key(fold(romanize_rr(surname)))
        given_key = sound_key(fold(romanize_rr(given)).replace(" ", ""))
        splits.append(Split(table.class_of(surname), key, given_key))
        tokens = [key, given_key]
    elif any(k == "han" for k, _ in runs):
        syllables = [s for k, t in runs for s in (_pinyin(t) if k == "han" else [t])]
        tokens = [sound_key(s) for s in syllables]
        if syllables:
            given_key = sound_key("".join(syllables[1:]))
            splits.append(Split(table.class_of(syllables[0]), tokens[0], given_key))
    else:
        words = folded.split()
        tokens = [sound_key(w) for w in words]
        if len(words) == 1:
            splits.append(Split(None, "", tokens[0]))
        elif words:
            first, last = _run_together(words[1:]), _run_together(words[:-1])
            splits.append(Split(table.class_of(words[0]), tokens[0], first))
            last_class = table.class_of(words[-1])
            if last_class is not None:  # "Won Ho Ri", "Chang-Su Han": a surname written last
                splits.append(Split(last_class, tokens[-1], last, surname_last=True))
    return PersonForm(name, tuple(dict.fromkeys(splits)), " ".join(sorted(tokens)))


def organisation_form(name: str) -> OrganisationForm:
    """Prepare an organisation name: legal forms out, generic words named."""
    words = organisation_words()
    marked = words.mark_phrases(fold(name))
    distinctive: list[str] = []
    generic: set[str] = set()
    runs = [("latin", t) for t in marked.split()] if marked.isascii() else script_runs(marked)
    for kind, text in runs:
        if kind == "hangul":
            tokens = [romanize_rr(text)]
        elif kind == "han":
            tokens = ["".join(_pinyin(text))]
        else:
            tokens = [text]
        for token in tokens:
            group = words.classify(token)
            if group is None:
                distinctive.append(token)
            elif group:
                generic.add(group)
    # keyed after joining, so "Chong Chon Gang" and "Chongchongang" give one key
    joined = sound_key("".join(distinctive))
    sorted_keys = "".join(sorted(sound_key(t) for t in distinctive))
    return OrganisationForm(name, tuple(distinctive), frozenset(generic), joined, sorted_keys)
