"""Write the near-miss set: names close to a listed name that are someone else.

For every UN person and organisation this writes names an officer should
*not* be asked to check, the way they arise at a counter:

- ``other_given``: same surname, the given name of another listed person of
  the same naming culture (Korean: differs in both syllables);
- ``other_surname``: same given name, another surname (Korean: another
  surname from the pool; others: another listed family name, two letters or
  more away);
- ``near_surname``: the surname changed to another real surname one or two
  letters away (Korean one-syllable surnames Kang/Jang, Sin/Sim, Pae/Paek;
  others: a listed family name one or two letters away, where one exists);
- ``two_given_syllables``: two given-name syllables (Korean) or two given
  names (others) replaced;
- ``other_kind``: an organisation's distinctive words with another kind of
  organisation ("<X> Trading Corporation" -> "<X> Credit Bank").

Person names are cut by position (Korean: surname first; others: family name
last), organisation kinds by a fixed English vocabulary below: nothing here
calls borderwatch's matcher, so the set is not shaped by it. Names within one
plain edit of any listed name (in its order, with words sorted, or without
legal forms) are dropped, and so are Korean names that are a listed name in
another spelling (same surname class and given-name sound key, from
borderwatch's surname table and folding, not its matcher): an alert on
those is right.
Entries are split dev/test half and half by a seeded shuffle of their
references: tune on dev, report test.

Usage: python benchmarks/make_party_near_misses.py [--list consolidated.xml] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import Levenshtein

from borderwatch.parties.entries import ListEntry
from borderwatch.parties.korean_names import surname_table
from borderwatch.parties.normalize import fold, loose_key, sound_key
from borderwatch.parties.sources import read_list

HERE = Path(__file__).resolve().parent
DEFAULT_LIST = HERE.parents[1] / "shared" / "data" / "un-sanctions" / "consolidated.xml"
SPELLINGS = yaml.safe_load((HERE / "data" / "party-spellings.yaml").read_text(encoding="utf-8"))
LEGAL = {"co", "ltd", "limited", "corporation", "corp", "company", "inc", "llc", "jsc", "plc"}
FILLER = {"of", "and", "the", "for", "korea", "korean", "dprk", "democratic", "people", "s"}
#: words that say what kind of organisation a name is, and the kinds written instead
KIND_WORDS = {
    "trading", "trade", "industrial", "industry", "industries", "bank", "banking", "credit",
    "shipping", "mining", "construction", "insurance", "foundation", "university", "hospital",
    "fisheries", "electronics", "hotel", "airlines", "airline", "investment", "technology",
    "commercial", "development", "machinery", "export", "import", "committee", "bureau",
    "army", "front", "movement", "group", "brigade", "organisation", "organization",
    "association", "society", "centre", "center", "institute", "department", "ministry",
}  # fmt: skip
KINDS = (
    "Trading Corporation", "Industrial Co.", "Credit Bank", "Shipping Company",
    "Mining Company", "Construction Group", "Insurance Company", "Foundation",
    "University", "Hospital", "Fisheries Co.", "Electronics Co.", "Hotel", "Airlines",
    "Investment Company", "Technology Co.", "Machinery Factory",
)  # fmt: skip

Query = dict[str, Any]
# YAML 1.1 reads the surname No as false: keep the strings only
KOREAN_SURNAMES = [s for s in SPELLINGS["korean_surnames"] if isinstance(s, str)]


def words_of(name: str) -> list[str]:
    """Folded words, brackets dropped, hyphens as spaces."""
    return fold(re.sub(r"\([^)]*\)", " ", name)).replace("-", " ").split()


def culture(entry: ListEntry) -> str:
    """The naming culture of an entry, from its list and its original-script aliases."""
    if entry.schema != "Person":
        return "korean_organisation" if entry.ref.startswith("KP") else "organisation"
    if entry.ref.startswith("KP"):
        return "korean"
    scripts = " ".join(a.name for a in entry.aliases)
    if re.search(r"[\u0400-\u04ff]", scripts) or re.search(
        r"(ovich|evich|ovna)\b", entry.name, re.I
    ):
        return "cyrillic"
    if re.search(r"[\u4e00-\u9fff]", scripts):
        return "chinese"
    if re.search(r"[\u0600-\u06ff]", scripts) or entry.list_type in ARABIC_LISTS:
        return "arabic"
    return "latin"


ARABIC_LISTS = {"Al-Qaida", "Taliban", "Iraq", "Libya", "Yemen", "Sudan", "Somalia", "Iran"}


def title(words: list[str], rng: random.Random) -> str:
    text = " ".join(words)
    return text.upper() if rng.random() < 0.4 else text.title()


def korean_person(entry: ListEntry, rng: random.Random) -> list[Query]:
    words = words_of(entry.name)
    if len(words) < 2:
        return []
    surname, given = words[0], words[1:]
    pool = [s.lower() for s in KOREAN_SURNAMES if s.lower() != surname]
    syllables = [s for s in SPELLINGS["korean_given_syllables"] if s not in given]
    found = [("other_surname", [rng.choice(pool), *given])]
    near = [s for s in pool if 1 <= Levenshtein.distance(s, surname) <= 2 and len(s) > 1]
    if near:
        found.append(("near_surname", [rng.choice(near), *given]))
    if len(given) >= 2:
        changed = list(given)
        for i in rng.sample(range(len(given)), 2):
            changed[i] = rng.choice(syllables)
        found.append(("two_given_syllables", [surname, *changed]))
    return [{"category": c, "name": title(w, rng)} for c, w in found]


def skeleton(word: str) -> str:
    """The consonants of a word, doubled ones once: what transliterations keep."""
    consonants = re.sub(r"[aeiouyhw]", "", word)
    return "".join(c for i, c in enumerate(consonants) if i == 0 or consonants[i - 1] != c)


def other_person(entry: ListEntry, peers: list[list[str]], rng: random.Random) -> list[Query]:
    words = words_of(entry.name)
    if len(words) < 2:
        return []
    family, given = words[-1], words[:-1]
    families = [p[-1] for p in peers if Levenshtein.distance(p[-1], family) >= 2]
    found = [("other_surname", [*given, rng.choice(families)])] if families else []
    # two or three letters apart with other consonants: Hussein/Husain is one name, Saidi/Sadri two
    near = sorted(
        {
            p[-1]
            for p in peers
            if 2 <= Levenshtein.distance(p[-1], family) <= 3 and skeleton(p[-1]) != skeleton(family)
        }
    )
    if near:
        found.append(("near_surname", [*given, rng.choice(near)]))
    if len(given) >= 2:
        names = [w for p in peers for w in p[:-1] if w not in given and len(w) > 2]
        changed = list(given)
        for i in rng.sample(range(len(given)), 2):
            changed[i] = rng.choice(names)
        found.append(("two_given_syllables", [*changed, family]))
    return [{"category": c, "name": title(w, rng)} for c, w in found]


def other_given(entry: ListEntry, peers: list[list[str]], rng: random.Random) -> Query | None:
    """Same surname, the whole given name of another person of the same culture."""
    words = words_of(entry.name)
    if len(words) < 2:
        return None
    korean = entry.ref.startswith("KP")
    surname, given = (words[0], words[1:]) if korean else (words[-1], words[:-1])
    options = [
        p[1:] if korean else p[:-1]
        for p in peers
        if len(p) >= 2 and len(set(p[1:] if korean else p[:-1]) & set(given)) == 0
    ]
    if not options:
        return None
    other = rng.choice(options)
    return {
        "category": "other_given",
        "name": title([surname, *other] if korean else [*other, surname], rng),
    }


def other_kind(entry: ListEntry, rng: random.Random) -> Query | None:
    words = words_of(entry.name)
    kinds = {w for w in words if w in KIND_WORDS}
    distinctive = [w for w in words if w not in KIND_WORDS | LEGAL | FILLER]
    if not kinds or not distinctive:
        return None
    options = [k for k in KINDS if not {w.lower().strip(".") for w in k.split()} & kinds]
    return {"category": "other_kind", "name": title([*distinctive, rng.choice(options)], rng)}


def korean_key(name: str) -> str:
    """Surname class and run-together given name as romanization-free sound keys."""
    words = words_of(name)
    if not words:
        return ""
    surname = surname_table().class_of(words[0])
    given = loose_key("".join(sound_key(w) for w in words[1:]))
    return f"{sound_key(words[0]) if surname is None else surname}|{given}"


def is_listed(name: str, listed: list[str], korean: set[str]) -> bool:
    """Within one plain edit of a listed name (as written, words sorted, legal forms out),
    or a listed Korean name in another spelling (Jo Il U is CHO IL U)."""
    if korean_key(name) in korean:
        return True
    forms = (
        fold(name).replace(" ", ""),
        "".join(sorted(fold(name).split())),
        "".join(w for w in words_of(name) if w not in LEGAL),
    )
    return any(Levenshtein.distance(f, n, score_cutoff=1) <= 1 for f in forms for n in listed)


def build(list_path: Path, seed: int) -> list[Query]:
    rng = random.Random(seed)
    snapshot = read_list(str(list_path))
    entries = sorted(snapshot.entries, key=lambda e: e.ref)
    refs = [e.ref for e in entries]
    rng.shuffle(refs)
    split = {ref: ("dev" if i % 2 == 0 else "test") for i, ref in enumerate(refs)}
    peers: dict[str, list[list[str]]] = {}
    for entry in entries:
        peers.setdefault(culture(entry), []).append(words_of(entry.name))
    names = [n for e in entries for n in e.all_names()]
    listed = [fold(n).replace(" ", "") for n in names]
    listed += ["".join(sorted(fold(n).split())) for n in names]
    listed += ["".join(w for w in words_of(n) if w not in LEGAL) for n in names]
    korean = {korean_key(n) for e in entries if e.ref.startswith("KP") for n in e.all_names()}
    queries: list[Query] = []
    for entry in entries:
        kind = culture(entry)
        if entry.schema == "Person":
            found = (
                korean_person(entry, rng)
                if kind == "korean"
                else other_person(entry, peers[kind], rng)
            )
            if (given := other_given(entry, peers[kind], rng)) is not None:
                found.append(given)
        else:
            found = [q for q in [other_kind(entry, rng)] if q is not None]
        for query in found:
            if is_listed(query["name"], listed, korean):
                continue
            schema = "Person" if entry.schema == "Person" else "Organization"
            queries.append(
                {
                    **query,
                    "schema": schema,
                    "culture": kind,
                    "near": entry.ref,
                    "split": split[entry.ref],
                }
            )
    for number, query in enumerate(queries, start=1):
        query["id"] = f"n{number:04d}"
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--out", type=Path, default=HERE / "data" / "party-near-misses.jsonl")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    queries = build(args.list, args.seed)
    keys = ["id", "name", "schema", "category", "culture", "near", "split"]
    with args.out.open("w", encoding="utf-8") as out:
        for query in queries:
            out.write(json.dumps({k: query[k] for k in keys}, ensure_ascii=False) + "\n")
    counts = Counter((q["category"], q["culture"]) for q in queries)
    print(f"wrote {len(queries)} near misses to {args.out}: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
