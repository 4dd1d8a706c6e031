"""Name parts that make two close names two people or two organisations.

Edit distance over a whole name cannot tell a slip of the pen from another
name: "Jo Sok Min" is one letter from "Choe Sok Min", "Amir Moayyed Dari"
two from "Amir Moayyed Alai", "<X> Industrial Co." shares every distinctive
letter with "<X> Trading Corporation". These checks find the part that
differs, so the name feature can hold such a pair below the alert threshold
and say why:

- :func:`surname_differs`: both names carry a known Korean surname and no
  reading of one shares a surname class with the other (조 vs 최);
- :func:`given_differs`: the readings that share a surname have given names
  that sound different and are not a slip of the pen apart as written
  (김성호 vs Kim Tong Ho, Liu Bin vs Ryu Jin);
- :func:`part_differs`: a word of one name has no counterpart in the other,
  and the other has a word of its own in its place (not just a word left
  out), once slips of a letter or two, spacing and spellings of the same
  sounds are allowed;
- :func:`kind_differs`: both organisation names say what kind of body they
  are and share no kind (bank vs trading).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA

from borderwatch.parties.forms import OrganisationForm, PersonForm, Split
from borderwatch.parties.korean_names import surname_table
from borderwatch.parties.normalize import fold, has_han, loose_key, sound_key
from borderwatch.parties.organisation_names import organisation_words

__all__ = [
    "PART_DIFFERS_CAP",
    "given_differs",
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

    Such a pair is read as a slip of the pen, not as another surname, when
    the rest of the name is written as listed but for the name's slips (Ri
    Kyung Soo is not Ra Kyung-Su); a different first letter (Kang, Jang) or
    more letters (Jo, Choe) is another.
    """
    mine, theirs = _written_surname(query, q), _written_surname(entry, e)
    if mine is None or theirs is None:
        return False
    if mine[:1] != theirs[:1] or OSA.distance(mine, theirs, score_cutoff=1) > 1:
        return False
    return _within_slips(_written_parts(query, q), _written_parts(entry, e))


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


#: a name of this many letters or more may show two slips of the pen, a shorter one one
LONG_NAME = 16


def _slips(length: int) -> int:
    return 1 if length < LONG_NAME else 2


def _written_parts(form: PersonForm, split: Split) -> tuple[str, str] | None:
    """(surname, given name run together) as written in Latin letters.

    None for a name in another script or read from Han characters: its
    letters were never typed, so no slip of the pen explains a difference.
    """
    words = fold(form.text).split()
    if len(words) < 2 or split.reading or not all(w.isascii() for w in words):
        return None
    if split.surname_last:
        return words[-1], "".join(words[:-1])
    return words[0], "".join(words[1:])


#: spellings that sound keys keep apart within one word but that are one Korean sound
#: across syllables run together: Sok-hwa is sokwa, Myong-guk myonkuk, Chun-ryong cunyonk,
#: and ㅐ/ㅔ (Sae, Se) and 우 (Woo, U) are written either way
_ACROSS_SYLLABLES = (("kh", "k"), ("th", "t"), ("ph", "p"), ("ly", "y"), ("ae", "e"), ("wu", "u"))
_DOUBLED = re.compile(r"(.)\1")


def _syllables_key(given: str) -> str:
    """A given name's sound key with the spellings across its syllables merged."""
    for old, new in _ACROSS_SYLLABLES:
        given = given.replace(old, new)
    return loose_key(_single(given))


def _same_given(query: PersonForm, entry: PersonForm, q: Split, e: Split) -> bool:
    """One given name: the same sounds, or the same letters but for a slip or two.

    Sound keys already merge the spellings of one sound; what they still
    tell apart is another syllable (성 and 동, 민 and 진), unless the whole
    name as written is a slip of the pen from the listed one.
    """
    if q.loose == e.loose or _syllables_key(q.given) == _syllables_key(e.given):
        return True
    return _within_slips(_written_parts(query, q), _written_parts(entry, e))


def _within_slips(mine: tuple[str, str] | None, theirs: tuple[str, str] | None) -> bool:
    """True when two names as written (surname, given) are no more slips apart than allowed."""
    if mine is None or theirs is None:
        return False
    edits = OSA.distance(mine[0], theirs[0]) + OSA.distance(mine[1], theirs[1])
    return edits <= _slips(max(len(mine[0]) + len(mine[1]), len(theirs[0]) + len(theirs[1])))


def given_differs(query: PersonForm, entry: PersonForm) -> str | None:
    """ "given name differs: sonkho vs tonkho" when no reading with one surname has one given name.

    Readings that pair two other surnames do not count (see
    :func:`surname_differs`); None when no reading pairs one surname.
    """
    shared: tuple[Split, Split] | None = None
    for q, e in _surname_pairs(query, entry):
        if q.surname_class is None or e.surname_class is None:
            if q.surname != e.surname:
                continue  # a reading of Han characters with another surname sound
        elif q.surname_class != e.surname_class and not _slip(query, entry, q, e):
            continue
        if _same_given(query, entry, q, e):
            return None
        shared = shared or (q, e)
    if shared is None:
        return None
    return f"given name differs: {shared[0].given} vs {shared[1].given}"


Word = tuple[str, str]  # (letters as written, folded; sound key with o and u merged)
#: what a sound key keeps once its vowels, glides and h (Rhee, Ri; Sohn, Son) are taken out
_VOWELS = str.maketrans("", "", "aeiouwyh")
_VOWEL_LETTERS = frozenset("aeiou")


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


def _same_part(a: Word, b: Word, allowed: int | None = None, slips: int = 1) -> bool:
    """One word written twice: a slip apart as written, or spelt another way (Mcihel, Michel).

    Spelt another way is close as sounds with the same consonants: vowels
    are spelt many ways (Hassan, Hsesan, Hasen), but a consonant that differs
    on top of another spelling is another word (Tantoush and Santos, Sabet
    and Sayed), not a slip of the pen. ``slips`` is what the whole name may
    show: in a long name both may fall on one word's vowels (Jbri, Jibril).
    """
    allowed = _allowed(a[0], b[0]) if allowed is None else allowed
    written = OSA.distance
    if written(a[0], b[0], score_cutoff=allowed) <= allowed:
        return True
    if written(_single(a[0]), _single(b[0]), score_cutoff=allowed) <= allowed:
        return True
    first, other = a[1][:1], b[1][:1]
    swapped = a[0][:2] == b[0][1::-1]  # the first two letters typed the other way round
    if first != other and not swapped and {first, other} - _VOWEL_LETTERS:
        return False  # another first sound (Elmi, Remi; Aouadi, Houthi) is another word
    by_sound = max(allowed, slips) if first == other or swapped else allowed
    return (
        OSA.distance(a[1], b[1], score_cutoff=by_sound) <= by_sound
        and _consonants(a[1]) == _consonants(b[1])
        and _liquids_agree(a[0], b[0])
    )


@lru_cache(maxsize=100_000)
def _single(letters: str) -> str:
    """Doubled letters written once: a letter typed twice is one slip, however many."""
    return _DOUBLED.sub(r"\1", letters)


def _liquids_agree(a: str, b: str) -> bool:
    """False when one word as written has an r where the other has an l.

    Sound keys write r and l as one letter, as Hangul does, but in a name
    not read from Hangul they are other sounds: Qadir is not Qaduli, Saal
    not Shaer, Abdul Ayman not Abdurrahman. A word's first letter is left
    out (Korean ㄹ starts a name as R or L: Ri, Lee; Rim, Lim), and so is an
    r or l one word has and the other lacks (a letter left out, Jbri for
    Jibril, is a slip). A slip that types one for the other is one edit as
    written, allowed before sounds are compared.
    """
    mine, theirs = _liquids(a), _liquids(b)
    if len(mine) > len(theirs):
        mine, theirs = theirs, mine
    rest = iter(theirs)
    return all(letter in rest for letter in mine)  # mine is a subsequence of theirs


@lru_cache(maxsize=100_000)
def _liquids(letters: str) -> str:
    """The r and l after a word's first letter, in order, a doubled one once."""
    return _single("".join(c for c in letters[1:] if c in "rl"))


@lru_cache(maxsize=100_000)
def _consonants(key: str) -> str:
    return _single(key.translate(_VOWELS))


def _unpaired(
    mine: list[Word], theirs: list[Word], slips: int
) -> tuple[list[Word], list[Word], list[tuple[Word, Word]]]:
    """Words of each side left over once each word is paired with its likeness, and the pairs."""
    rest = list(theirs)
    left: list[Word] = []
    pairs: list[tuple[Word, Word]] = []
    for word in mine:
        partner = min(rest, key=lambda r: OSA.distance(word[1], r[1]), default=None)
        if partner is None or not _same_part(word, partner, slips=slips):
            partner = next((r for r in rest if _same_part(word, r, slips=slips)), None)
        if partner is not None:
            rest.remove(partner)
            pairs.append((word, partner))
        else:
            left.append(word)
    return left, rest, pairs


def _slipped(pairs: list[tuple[Word, Word]], slips: int) -> tuple[Word, Word] | None:
    """A pair of words with other consonants, when the name has more edits than slips in all.

    A consonant that differs is a slip of the pen only if the rest of the
    name is written as listed: "Mohammed Nail" is two edits from "Mohammad
    Naim", one a spelling and one another sound, more than a short name's
    one slip.
    """
    other = [(a, b) for a, b in pairs if _consonants(a[1]) != _consonants(b[1])]
    if other and sum(OSA.distance(a[0], b[0]) for a, b in pairs) > slips:
        return other[0]
    return None


def _run_together(words: list[Word]) -> Word:
    return "".join(w[0] for w in words), "".join(w[1] for w in words)


def part_differs(query: PersonForm, entry: PersonForm) -> str | None:
    """ "name part differs: dari vs alai" when a word is replaced by another.

    Words are compared as written and as sound keys with o and u merged,
    allowing a slip or two by length. Leftover words that spell the same once
    run together, one side having more of them ("Abdulhaq" and "Abdul Haq",
    "Cheolwoo" and "Chol U"), are one part if they are no more slips apart
    than the whole name may show (:data:`LONG_NAME`): a long run of words
    must not hide another word at its end (Bashir Ud Dale, Bashiruddin); a
    leftover one-letter word is an initial, not another name.
    """
    mine, theirs = _words(query), _words(entry)
    slips = _slips(max(len(_run_together(mine)[0]), len(_run_together(theirs)[0])))
    left, rest, pairs = _unpaired(mine, theirs, slips)
    if (slipped := _slipped(pairs, slips)) is not None:
        return f"name part differs: {slipped[0][0]} vs {slipped[1][0]}"
    _drop_spacing(left, rest)
    _drop_spacing(rest, left)
    if not any(len(w[0]) > 1 for w in left) or not any(len(w[0]) > 1 for w in rest):
        return None
    return f"name part differs: {left[0][0]} vs {rest[0][0]}"


def _drop_spacing(runs: list[Word], words: list[Word]) -> None:
    """Take out each of ``words`` that is a run of ``runs`` with the spaces dropped, and the run.

    The run may be a slip apart from the word, no more: a word at the end
    of a run must not hide in it ("Bashir Ud Dale" is not "Bashiruddin",
    "Abd El Zahed" not "Abdel Sayed").
    """
    for word in list(words):
        fits = [
            (start, size)
            for size in range(len(runs), 1, -1)
            for start in range(len(runs) - size + 1)
            if _same_part(_run_together(runs[start : start + size]), word, allowed=1)
        ]
        if fits:
            start, size = fits[0]
            del runs[start : start + size]
            words.remove(word)


def person_parts_differ(query: PersonForm, entry: PersonForm) -> str | None:
    """The Korean surname and given-name checks where every reading has a known surname, else
    the word check.

    A name in Han characters is read several ways (pinyin, Korean) and its
    written words are none of them, so only the surname check, which pairs
    every reading, applies to it.
    """
    pairs = _surname_pairs(query, entry)
    if pairs and all(q.surname_class is not None and e.surname_class is not None for q, e in pairs):
        return surname_differs(query, entry) or given_differs(query, entry)
    if has_han(query.text) or has_han(entry.text):
        return surname_differs(query, entry) or given_differs(query, entry)
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
