"""Write the whole-list screening set: every UN name clean, with typos, and negatives.

The set has the shape of the candidate-generation fixtures a peer screener
is measured on (listed individuals, clean and with typos), over the whole UN
list (individuals and entities) rather than one regime:

- ``clean``: the primary name of every entry, as listed;
- ``typo``: the same name with seeded keyboard slips: one in a name of
  fewer than 16 letters, two in a longer one, each a letter dropped,
  doubled, inserted, replaced or swapped with its neighbour, anywhere but
  the name's first letter (names of fewer than four letters get none). The slips are drawn uniformly; nothing here
  calls borderwatch's matcher, so they are not shaped by it;
- ``negative``: names from Faker (a names source that is not the list), by
  naming culture: Arabic-script-origin names as romanized in Pakistan,
  Azerbaijan, Uzbekistan and Turkey; Latin (English, French, Spanish,
  German); Russian in Cyrillic and romanized; Korean in Hangul and
  romanized; Chinese in Han characters and pinyin; and companies. A name
  within two plain edits of a listed name or alias (in either word order) is
  dropped: a screener should alert on it. So is a Korean name that is a
  listed DPRK name in another spelling: same surname and given name once
  Hangul is romanized (ICU, through normality) and both are reduced to
  borderwatch's romanization-free sound keys and surname classes (the
  folding step and the surname table, not the matcher): 김영철 is KIM YONG
  CHOL, I Byeongcheol is RI PYONG CHUL.

Each row names its ``culture`` (for listed names: the list's regime and the
scripts of the entry's aliases, see make_party_near_misses.culture).

Usage: python benchmarks/make_party_whole_list.py [--list consolidated.xml] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import string
from collections import Counter
from pathlib import Path
from typing import Any

from faker import Faker
from normality import ascii_text
from rapidfuzz.distance import Levenshtein

from borderwatch.parties.korean_names import surname_table
from borderwatch.parties.normalize import fold, loose_key, sound_key
from borderwatch.parties.sources import read_list
from make_party_near_misses import DEFAULT_LIST, culture

HERE = Path(__file__).resolve().parent
#: Faker locales per naming culture of negatives, and how many names of each
NEGATIVE_LOCALES = {
    "arabic": (["en_PK", "az_AZ", "uz_UZ", "tr_TR"], 400),
    "latin": (["en_US", "fr_FR", "es_ES", "de_DE"], 300),
    "cyrillic": (["ru_RU", "uk_UA"], 300),
    "korean": (["ko_KR"], 300),
    "chinese": (["zh_CN", "zh_TW"], 300),
    "organisation": (["en_US", "en_GB", "de_DE", "fr_FR"], 200),
}
TRANSLITERATED = {"cyrillic", "korean", "chinese"}  # half of these written in Latin letters

Query = dict[str, Any]


def typo(name: str, rng: random.Random) -> str:
    """``name`` with one slip (two in names of 16 letters or more), never the first letter."""
    text = name
    slips = 1 if sum(c.isalpha() for c in name) < 16 else 2
    for _ in range(slips):
        letters = [i for i, c in enumerate(text) if c.isalpha() and i > 0]
        i = rng.choice(letters)
        kind = rng.choice(["drop", "double", "insert", "replace", "swap"])
        new = rng.choice(string.ascii_lowercase)
        new = new.upper() if text[i].isupper() else new
        if kind == "drop":
            text = text[:i] + text[i + 1 :]
        elif kind == "double":
            text = text[:i] + text[i] + text[i:]
        elif kind == "insert":
            text = text[:i] + new + text[i:]
        elif kind == "swap" and i + 1 < len(text) and text[i + 1].isalpha():
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        else:
            text = text[:i] + new + text[i + 1 :]
    return text


def negative_name(fake: Faker, kind: str, rng: random.Random) -> str:
    """One name as Faker writes it for ``kind``; some transliterated to Latin letters."""
    if kind == "organisation":
        return str(fake.company())
    if kind in ("korean", "chinese"):
        name = f"{fake.last_name()}{fake.first_name()}"
    elif kind == "cyrillic":
        name = f"{fake.last_name()} {fake.first_name()}"
    else:
        name = f"{fake.first_name()} {fake.last_name()}"
    if kind in TRANSLITERATED and rng.random() < 0.5:
        spaced = f"{name[:1]} {name[1:]}" if kind == "korean" else name
        name = ascii_text(spaced).title()
    return name


def korean_key(name: str) -> str:
    """Surname and run-together given name as romanization-free sound keys."""
    if not name.isascii():  # Hangul: the surname is the first syllable
        name = ascii_text(f"{name[:1]} {name[1:]}")
    words = fold(name).split()
    if not words:
        return ""
    surname = surname_table().class_of(words[0])
    given = loose_key("".join(sound_key(w) for w in words[1:]))
    return f"{sound_key(words[0]) if surname is None else surname}|{given}"


def too_close(name: str, listed: list[str], korean: set[str]) -> bool:
    """Within two plain edits of a listed name, or a listed Korean name in another spelling."""
    if korean_key(name) in korean:
        return True
    plain = fold(name).replace(" ", "")
    words = fold(name).split()
    reordered = "".join(words[1:] + words[:1])
    return any(
        Levenshtein.distance(plain, other, score_cutoff=2) <= 2
        or Levenshtein.distance(reordered, other, score_cutoff=2) <= 2
        for other in listed
    )


def negatives(listed: list[str], korean: set[str], seed: int) -> list[Query]:
    found: list[Query] = []
    for kind, (locales, count) in NEGATIVE_LOCALES.items():
        rng = random.Random(f"{seed}-{kind}")
        fakes = [Faker(locale) for locale in locales]
        for number, fake in enumerate(fakes):
            fake.seed_instance(seed + number)
        seen: set[str] = set()
        while len(seen) < count:
            name = negative_name(rng.choice(fakes), kind, rng)
            if name in seen or too_close(name, listed, korean if kind == "korean" else set()):
                continue
            seen.add(name)
            schema = "Organization" if kind == "organisation" else "Person"
            found.append({"name": name, "schema": schema, "category": "negative", "culture": kind})
    return found


def build(list_path: Path, seed: int) -> list[Query]:
    rng = random.Random(seed)
    snapshot = read_list(str(list_path))
    entries = sorted(snapshot.entries, key=lambda e: e.ref)
    queries: list[Query] = []
    for entry in entries:
        schema = "Person" if entry.schema == "Person" else "Organization"
        base = {"schema": schema, "culture": culture(entry), "expected": entry.ref}
        queries.append({**base, "name": entry.name, "category": "clean"})
        if sum(c.isalpha() for c in entry.name) >= 4:  # "M23" has no letter to slip on
            queries.append({**base, "name": typo(entry.name, rng), "category": "typo"})
    listed = [fold(n).replace(" ", "") for e in entries for n in e.all_names()]
    korean = {korean_key(n) for e in entries if e.ref.startswith("KP") for n in e.all_names()}
    queries.extend(negatives(listed, korean, seed))
    for number, query in enumerate(queries, start=1):
        query["id"] = f"w{number:04d}"
        query.setdefault("expected", None)
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--out", type=Path, default=HERE / "data" / "party-whole-list.jsonl")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    queries = build(args.list, args.seed)
    keys = ["id", "name", "schema", "category", "culture", "expected"]
    with args.out.open("w", encoding="utf-8") as out:
        for query in queries:
            out.write(json.dumps({k: query[k] for k in keys}, ensure_ascii=False) + "\n")
    counts = Counter((q["category"], q["culture"]) for q in queries)
    print(f"wrote {len(queries)} queries to {args.out}: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
