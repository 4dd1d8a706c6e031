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

from borderwatch.parties.han_readings import korean_note, korean_readings, reading_note
from borderwatch.parties.hangul import romanize_rr
from borderwatch.parties.korean_names import SurnameTable, surname_table
from borderwatch.parties.normalize import fold, has_han, loose_key, script_runs, sound_key
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

    ``surname_last`` marks the reading that takes the last word as the surname;
    ``reading`` says how a name in Han characters was read ("金哲雄 read in
    Korean as 김철웅"), empty for names in other scripts.
    """

    surname_class: int | None
    surname: str
    given: str
    surname_last: bool = False
    reading: str = field(default="", compare=False)
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
    """An organisation name ready to compare: distinctive and generic words.

    A name in Han characters is read as pinyin; ``alternates`` holds its
    Korean readings, and ``reading`` says how each form was read.
    """

    text: str
    distinctive: tuple[str, ...]
    generic: frozenset[str]
    joined: str
    sorted_keys: str
    reading: str = field(default="", compare=False)
    alternates: tuple[OrganisationForm, ...] = field(default=(), compare=False)


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


def _hangul_split(table: SurnameTable, hangul: str, reading: str = "") -> Split:
    """The surname-first reading of a name in Hangul (spaces or none)."""
    surname, given = table.split_hangul(hangul)
    key = sound_key(fold(romanize_rr(surname)))
    given_key = sound_key(fold(romanize_rr(given)).replace(" ", ""))
    return Split(table.class_of(surname), key, given_key, reading=reading)


def _han_splits(table: SurnameTable, runs: list[tuple[str, str]]) -> tuple[list[Split], list[str]]:
    """Splits of a name in Han characters read as pinyin and in Korean, and its pinyin keys."""
    han = "".join(t for k, t in runs if k == "han")
    syllables = [s for k, t in runs for s in (_pinyin(t) if k == "han" else [t])]
    tokens = [sound_key(s) for s in syllables]
    splits: list[Split] = []
    if syllables:
        given_key = sound_key("".join(syllables[1:]))
        note = reading_note(han, " ".join(syllables), "Mandarin")
        splits.append(Split(table.class_of(syllables[0]), tokens[0], given_key, reading=note))
    for hangul in korean_readings(han):
        splits.append(_hangul_split(table, hangul, korean_note(han, hangul)))
    return splits, tokens


def person_form(name: str) -> PersonForm:
    """Prepare a personal name written in Latin letters, Hangul or Han characters."""
    table = surname_table()
    folded = fold(name)
    runs = [("latin", folded)] if folded.isascii() else script_runs(folded)
    hangul = "".join(t for k, t in runs if k == "hangul")
    splits: list[Split] = []
    if hangul:
        split = _hangul_split(table, hangul)
        splits.append(split)
        tokens = [split.surname, split.given]
    elif any(k == "han" for k, _ in runs):
        splits, tokens = _han_splits(table, runs)
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


#: Korean readings tried per organisation name (its Han words outside the word lists)
ORGANISATION_READINGS = 2


def organisation_form(name: str) -> OrganisationForm:
    """Prepare an organisation name: legal forms out, generic words named.

    Han words that are not in the organisation word lists are read as pinyin
    in the form itself and in Korean in its ``alternates`` (端川 as 단천, Tanchon).
    """
    marked = organisation_words().mark_phrases(fold(name))
    if not has_han(marked):
        return _organisation_form(name, marked)
    han = "".join(t for k, t in script_runs(marked) if k == "han")
    pinyin = reading_note(han, " ".join(_pinyin(han)), "Mandarin")
    alternates = tuple(
        _organisation_form(
            name, organisation_words().mark_phrases(reading), korean_note(marked, reading)
        )
        for reading in korean_readings(marked, limit=ORGANISATION_READINGS)
    )
    form = _organisation_form(name, marked, pinyin)
    return OrganisationForm(
        form.text, form.distinctive, form.generic, form.joined, form.sorted_keys, pinyin, alternates
    )


def _organisation_form(name: str, marked: str, reading: str = "") -> OrganisationForm:
    """The form of an organisation name whose generic words ``marked`` names."""
    words = organisation_words()
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
    return OrganisationForm(
        name, tuple(distinctive), frozenset(generic), joined, sorted_keys, reading
    )
