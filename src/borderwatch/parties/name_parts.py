"""Name parts that make two close names two people or two organisations.

Edit distance over a whole name cannot tell a slip of the pen from another
name: "Jo Sok Min" is one letter from "Choe Sok Min", "Amir Moayyed Dari"
two from "Amir Moayyed Alai", "<X> Industrial Co." shares every distinctive
letter with "<X> Trading Corporation". These checks find the part that
differs, so the name feature can hold such a pair below the alert threshold
and say why:

- :func:`surname_differs`: both names carry a known Korean surname and no
  reading of one shares a surname class with the other (조 vs 최);
- :func:`part_differs`: a word of one name has no counterpart in the other,
  and the other has a word of its own in its place (not just a word left
  out), once slips of a letter or two, spacing and o/u spellings are allowed;
- :func:`kind_differs`: both organisation names say what kind of body they
  are and share no kind (bank vs trading).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import OSA

from borderwatch.parties.forms import OrganisationForm, PersonForm, Split
from borderwatch.parties.korean_names import surname_table
from borderwatch.parties.normalize import fold, has_han, loose_key, sound_key
from borderwatch.parties.organisation_names import organisation_words

__all__ = [
    "PART_DIFFERS_CAP",
    "kind_differs",
    "part_differs",
    "person_parts_differ",
    "surname_differs",
]

#: the most a name similarity can be when a part of it is another name; at 0.60 the
#: name feature gives 0.70, below the alert threshold even with a matching birth date
PART_DIFFERS_CAP = 0.60


def _surname_pairs(query: PersonForm, entry: PersonForm) -> list[tuple[Split, Split]]:
    """The readings the name score compares, paired.

    As in the name score, the two surname-last readings are not paired: "Jo
    Sok Min" and "Choe Sok Min" do not share the surname Min.
    """
    return [
        (q, e)
        for q in query.splits
        for e in entry.splits
        if not (q.surname_last and e.surname_last)
    ]


def _written_surname(form: PersonForm, split: Split) -> str | None:
    """The surname as written in Latin letters (None for Hangul or Han names)."""
    words = fold(form.text).split()
    if not words or not form.text.isascii():
        return None
    return words[-1] if split.surname_last else words[0]


def _slip(query: PersonForm, entry: PersonForm, q: Split, e: Split) -> bool:
    """Surnames one letter apart after an agreeing first letter: Cheo for Choe, Cho for Choe.

    Such a pair is read as a slip of the pen, not as another surname; a
    different first letter (Kang, Jang) or more letters (Jo, Choe) is another.
    """
    mine, theirs = _written_surname(query, q), _written_surname(entry, e)
    if mine is None or theirs is None:
        return False
    return mine[:1] == theirs[:1] and OSA.distance(mine, theirs, score_cutoff=1) <= 1


def surname_differs(query: PersonForm, entry: PersonForm) -> str | None:
    """ "surname differs: 조 vs 최" when every reading pairs two other known surnames.

    None when a reading has no known surname (a misspelt one, "Knag", may be
    anything), when one pair shares a class (then the given names are left
    to the edit distance), or when a pair is a slip of one letter.
    """
    pairs = _surname_pairs(query, entry)
    for q, e in pairs:
        if q.surname_class is None or e.surname_class is None:
            return None
        if q.surname_class == e.surname_class or _slip(query, entry, q, e):
            return None
    if not pairs:
        return None
    table = surname_table()
    q, e = pairs[0]
    assert q.surname_class is not None and e.surname_class is not None
    return (
        f"surname differs: {table.hangul_of(q.surname_class)} vs {table.hangul_of(e.surname_class)}"
    )


Word = tuple[str, str]  # (letters as written, folded; sound key with o and u merged)


def _words(form: PersonForm) -> list[Word]:
    """A name's words, as written and as sound keys (sound keys alone for other scripts)."""
    folded = fold(form.text)
    if folded.isascii():
        return [(w, loose_key(sound_key(w))) for w in folded.split()]
    return [(w, w) for w in (loose_key(t) for t in form.sorted_tokens.split())]


def _allowed(a: str, b: str) -> int:
    """Edits one word may show and still be the same word.

    Slips grow with length: one in words of up to seven letters, two up to
    ten, three beyond. A word that starts with another letter gets one at
    most: misspellings seldom touch a word's first letter, other names often
    do (Qader, Laden; Hakim, Zakir).
    """
    longest = max(len(a), len(b))
    if longest <= 7 or a[:1] != b[:1]:
        return 1
    return 2 if longest <= 10 else 3


def _same_part(a: Word, b: Word) -> bool:
    """One word written twice: close as written or as sounds (Mcihel, Michel; Hsesan, Hassan)."""
    allowed = _allowed(a[0], b[0])
    return (
        OSA.distance(a[0], b[0], score_cutoff=allowed) <= allowed
        or OSA.distance(a[1], b[1], score_cutoff=allowed) <= allowed
    )


def _unpaired(mine: list[Word], theirs: list[Word]) -> tuple[list[Word], list[Word]]:
    """Words of each side left over once each word is paired with its likeness."""
    rest = list(theirs)
    left: list[Word] = []
    for word in mine:
        partner = min(rest, key=lambda r: OSA.distance(word[1], r[1]), default=None)
        if partner is None or not _same_part(word, partner):
            partner = next((r for r in rest if _same_part(word, r)), None)
        if partner is not None:
            rest.remove(partner)
        else:
            left.append(word)
    return left, rest


def _run_together(words: list[Word]) -> Word:
    return "".join(w[0] for w in words), "".join(w[1] for w in words)


def part_differs(query: PersonForm, entry: PersonForm) -> str | None:
    """ "name part differs: dari vs alai" when a word is replaced by another.

    Words are compared as written and as sound keys with o and u merged,
    allowing a slip or two by length. Leftover words that spell the same once
    run together, one side having more of them ("Abdulhaq" and "Abdul Haq",
    "Cheolwoo" and "Chol U"), are one part; a leftover one-letter word is an
    initial, not another name.
    """
    left, rest = _unpaired(_words(query), _words(entry))
    if not any(len(w[0]) > 1 for w in left) or not any(len(w[0]) > 1 for w in rest):
        return None
    joined = _run_together(left)
    if len(left) != len(rest) and any(
        _same_part(joined, _run_together(r)) for r in (rest, rest[::-1])
    ):
        return None  # a space dropped or added, not a word replaced
    return f"name part differs: {left[0][0]} vs {rest[0][0]}"


def person_parts_differ(query: PersonForm, entry: PersonForm) -> str | None:
    """The Korean surname check where every reading has a known surname, else the word check.

    A name in Han characters is read several ways (pinyin, Korean) and its
    written words are none of them, so only the surname check, which pairs
    every reading, applies to it.
    """
    pairs = _surname_pairs(query, entry)
    if pairs and all(q.surname_class is not None and e.surname_class is not None for q, e in pairs):
        return surname_differs(query, entry)
    if has_han(query.text) or has_han(entry.text):
        return None
    return part_differs(query, entry)


def kind_differs(
    query: OrganisationForm, entry: OrganisationForm, others: Sequence[OrganisationForm] = ()
) -> str | None:
    """ "kind differs: industry vs trading" when both name a kind and none is shared.

    A listed name that states no kind takes the kinds its entry's ``others``
    names state: "Nam Chon Gang Corporation" is the alias of a trading
    corporation.
    """
    words = organisation_words()
    mine = words.kinds_of(query.distinctive, query.generic)
    theirs = words.kinds_of(entry.distinctive, entry.generic)
    if not theirs:
        theirs = frozenset(k for o in others for k in words.kinds_of(o.distinctive, o.generic))
    if not mine or not theirs or mine & theirs:
        return None
    return f"kind differs: {'/'.join(sorted(mine))} vs {'/'.join(sorted(theirs))}"
