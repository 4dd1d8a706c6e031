"""Write the party-screening evaluation set from the DPRK entries of the UN list.

Positives rewrite each listed DPRK person and entity the way other documents
would write them: other romanizations (McCune-Reischauer vs Revised, common
spellings), Hangul with and without the space after the surname, one-letter
typos, the list's own aliases re-spelt, and company names with another legal
form or without the country word. Negatives are namesakes of listed persons
born in other years, common Korean and Chinese names, and ordinary trading
companies; generated names too close to a listed name (plain edit distance 3
or less, before any of borderwatch's own normalisation) are left out, since a
screener should alert on them.

Usage: python benchmarks/make_party_queries.py [--list consolidated.xml] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import Levenshtein

from borderwatch.parties.entries import ListEntry
from borderwatch.parties.hangul_spelling import hangulize
from borderwatch.parties.korean_names import surname_table
from borderwatch.parties.normalize import fold
from borderwatch.parties.sources import read_list

HERE = Path(__file__).resolve().parent
DEFAULT_LIST = HERE.parents[1] / "shared" / "data" / "un-sanctions" / "consolidated.xml"
SPELLINGS = yaml.safe_load((HERE / "data" / "party-spellings.yaml").read_text(encoding="utf-8"))
LEGAL = re.compile(r"\b(CORPORATION|COMPANY|CORP|CO|LTD|LIMITED)\b\.?", re.IGNORECASE)

Query = dict[str, Any]


def respell(name: str, rng: random.Random) -> str:
    """Another romanization of a Korean name, with at least one syllable changed."""
    words = fold(name).replace("-", " ").split()
    table = SPELLINGS["syllables"]
    changed = [rng.choice(table[w]) if w in table and rng.random() < 0.7 else w for w in words]
    if changed == words:
        options = [i for i, w in enumerate(words) if w in table]
        if options:
            i = rng.choice(options)
            changed[i] = rng.choice(table[words[i]])
    return layout(changed, rng)


def layout(words: list[str], rng: random.Random) -> str:
    """Surname first or last; given name spaced, hyphenated or run together; any case."""
    surname, given = words[0], words[1:]
    style = rng.choice(["space", "hyphen", "joined"])
    if style == "hyphen" and len(given) > 1:
        given = ["-".join(given[:1] + [g.lower() for g in given[1:]])]
    elif style == "joined" and len(given) > 1:
        given = ["".join(given)]
    parts = [*given, surname] if rng.random() < 0.25 else [surname, *given]
    text = " ".join(parts)
    return text.upper() if rng.random() < 0.3 else text.title()


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip: a letter dropped, doubled, swapped or replaced (not the first)."""
    letters = [i for i, c in enumerate(text) if c.isalpha() and i > 0]
    i = rng.choice(letters)
    kind = rng.choice(["drop", "double", "swap", "replace"])
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "swap" and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    new = rng.choice([c for c in "aeioubdgklmnprst" if c != text[i].lower()])
    return text[:i] + (new.upper() if text[i].isupper() else new) + text[i + 1 :]


def hangul_name(name: str, spaced: bool) -> str | None:
    """The Hangul of a listed Korean name, surname from the surname table."""
    words = fold(name).replace("-", " ").split()
    table = surname_table()
    surname = next((h for h, s in table.spellings.items() if words[0] in s and len(h) == 1), None)
    given = hangulize("".join(words[1:]))
    if surname is None or not given:
        return None
    return f"{surname} {given}" if spaced else f"{surname}{given}"


def person_positives(entry: ListEntry, rng: random.Random) -> list[Query]:
    base = {"schema": "Person", "expected": entry.ref}
    dob = next((d for d in entry.birth_dates if len(d) == 10), None)

    def with_dob(query: Query) -> Query:
        if dob and rng.random() < 0.3:
            query["birth_date"] = dob
        return query

    found = [
        with_dob({**base, "category": "romanization", "name": respell(entry.name, rng)})
        for _ in range(2)
    ]
    for spaced in (True, False):
        if (text := hangul_name(entry.name, spaced)) is not None:
            found.append(with_dob({**base, "category": "hangul", "name": text}))
    found += [
        with_dob({**base, "category": "typo", "name": typo(entry.name.title(), rng)})
        for _ in range(2)
    ]
    for alias in entry.aliases[:3]:
        if alias.quality != "original script" and re.fullmatch(r"[A-Za-z’' \-]+", alias.name):
            found.append(with_dob({**base, "category": "alias", "name": respell(alias.name, rng)}))
    return found


def organisation_variant(name: str, rng: random.Random) -> str:
    bare = " ".join(LEGAL.sub(" ", re.sub(r"\([^)]*\)", " ", name)).split())
    words = bare.split()
    if words and words[0].upper() == "KOREA" and rng.random() < 0.5:
        words[0] = rng.choice(SPELLINGS["korea_words"])
        if rng.random() < 0.4:
            words = words[1:]
    form = rng.choice(SPELLINGS["company_forms"])
    text = " ".join(words) + " " + form
    return text.title() if rng.random() < 0.6 else text.upper()


def organisation_hangul(name: str) -> str | None:
    """Korean text for names shaped 'KOREA X TRADING CORPORATION' and the like."""
    match = re.fullmatch(r"KOREA (\w+) (GENERAL )?TRADING (CORPORATION|COMPANY)", name.strip())
    if not match or not (word := hangulize(match.group(1))):
        return None
    return f"조선{word}{'총' if match.group(2) else ''}무역회사"


def organisation_positives(entry: ListEntry, rng: random.Random) -> list[Query]:
    base = {"schema": "Organization", "expected": entry.ref}
    found = [
        {**base, "category": "organisation", "name": organisation_variant(entry.name, rng)}
        for _ in range(2)
    ]
    found.append({**base, "category": "typo", "name": typo(entry.name.title(), rng)})
    if (text := organisation_hangul(entry.name)) is not None:
        found.append({**base, "category": "hangul", "name": text})
    for alias in entry.aliases[:2]:
        if re.fullmatch(r"[A-Za-z0-9’'&.,/ \-]+", alias.name) and len(alias.name) > 5:
            found.append(
                {**base, "category": "alias", "name": organisation_variant(alias.name, rng)}
            )
    return found


def too_close(name: str, listed: list[str]) -> bool:
    """Plain edit distance <= 3 to a listed name, either word order."""
    plain = fold(name).replace(" ", "")
    words = fold(name).split()
    reordered = "".join(words[1:] + words[:1])
    return any(
        Levenshtein.distance(plain, other, score_cutoff=3) <= 3
        or Levenshtein.distance(reordered, other, score_cutoff=3) <= 3
        for other in listed
    )


def negatives(persons: list[ListEntry], listed: list[str], rng: random.Random) -> list[Query]:
    found: list[Query] = []
    for entry in persons:
        years = {int(d[:4]) for d in entry.birth_dates}
        if not years:
            continue
        year = rng.choice([y for y in range(1940, 2001) if all(abs(y - x) >= 4 for x in years)])
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        found.append(
            {
                "schema": "Person",
                "category": "namesake",
                "name": entry.name.title(),
                "birth_date": day,
            }
        )
    korean = 0
    while korean < 300:
        given = rng.sample(SPELLINGS["korean_given_syllables"], 2)
        name = f"{rng.choice(SPELLINGS['korean_surnames'])} {given[0].title()}{rng.choice(['', '-', ' '])}{given[1]}"
        if not too_close(name, listed):
            found.append({"schema": "Person", "category": "common_korean", "name": name})
            korean += 1
    for _ in range(130):
        name = (
            f"{rng.choice(SPELLINGS['chinese_surnames'])} {rng.choice(SPELLINGS['chinese_given'])}"
        )
        if not too_close(name, listed):
            found.append({"schema": "Person", "category": "common_chinese", "name": name})
    found += [
        {"schema": "Person", "category": "common_chinese", "name": n}
        for n in SPELLINGS["chinese_han_names"]
    ]
    for _ in range(220):
        name = " ".join(
            [
                rng.choice(SPELLINGS["chinese_places"]),
                rng.choice(SPELLINGS["chinese_business"]),
                rng.choice(SPELLINGS["chinese_trades"]),
                rng.choice(SPELLINGS["company_forms"]),
            ]
        )
        found.append({"schema": "Organization", "category": "trading_company", "name": name})
    return found


def build(list_path: Path, seed: int) -> list[Query]:
    rng = random.Random(seed)
    snapshot = read_list(str(list_path))
    dprk = [e for e in snapshot.entries if e.ref.startswith("KP")]
    persons = [e for e in dprk if e.schema == "Person"]
    listed = [
        fold(n).replace(" ", "")
        for e in snapshot.entries
        if e.schema == "Person"
        for n in e.all_names()
    ]
    queries: list[Query] = []
    for entry in dprk:
        maker = person_positives if entry.schema == "Person" else organisation_positives
        queries.extend(maker(entry, rng))
    queries.extend(negatives(persons, listed, rng))
    for number, query in enumerate(queries, start=1):
        query["id"] = f"q{number:04d}"
        query.setdefault("expected", None)
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--out", type=Path, default=HERE / "data" / "party-queries.jsonl")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    queries = build(args.list, args.seed)
    with args.out.open("w", encoding="utf-8") as out:
        for query in queries:
            keys = ["id", "name", "schema", "birth_date", "category", "expected"]
            out.write(
                json.dumps({k: query[k] for k in keys if k in query}, ensure_ascii=False) + "\n"
            )
    counts: dict[str, int] = {}
    for query in queries:
        counts[query["category"]] = counts.get(query["category"], 0) + 1
    print(f"wrote {len(queries)} queries to {args.out}: {counts}")


if __name__ == "__main__":
    main()
