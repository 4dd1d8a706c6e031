"""The screening conventions on the whole UN list: document look-up, nested FtM, list changes.

(a) Document numbers alone. For every UN entry with a document, the number
    is typed five ways (as listed, spaced, dashed, lower case, with the
    issuing country's code in front) under an unrelated name. Baseline: the
    name matcher given the same number (it finds entries by name only);
    against it the document screener screening uses.
(b) The nested FtM layout. The UN list is written out as FtM entities
    (lists export), then nested as OpenSanctions' targets.nested.json nests
    them; both layouts are read back, and the entries whose documents,
    programme and listing date survive are counted, with read times beside.
(c) List changes. The UN list against itself with 1% of entries removed,
    1% given a new passport and 1% added: seconds to compare, and whether the
    counts come out exact.

Usage: python benchmarks/list_conventions.py [--list consolidated.xml]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from borderwatch.model.declaration import Party
from borderwatch.parties.changes import diff_entries, summarise
from borderwatch.parties.documents import DocumentScreener
from borderwatch.parties.entries import Document, ListEntry
from borderwatch.parties.ftm_export import entry_entities
from borderwatch.parties.ftm_json import parse_ftm_json
from borderwatch.parties.matcher import PartyMatcher
from borderwatch.parties.sources import read_list

HERE = Path(__file__).resolve().parent
DEFAULT_LIST = HERE.parents[1] / "shared" / "data" / "un-sanctions" / "consolidated.xml"


def _typings(document: Document) -> list[str]:
    number = document.number.strip()
    forms = [number, " ".join(number[i : i + 3] for i in range(0, len(number), 3)),
             "-".join(number[i : i + 4] for i in range(0, len(number), 4)), number.lower()]  # fmt: skip
    if document.country:
        forms.append(f"{document.country}-{number}")
    return forms


def documents_alone(entries: list[ListEntry], matcher: PartyMatcher) -> None:
    screener = DocumentScreener(matcher)
    started = time.perf_counter()
    indexed = len(screener.documents)
    built = time.perf_counter() - started
    tried = by_name = by_document = 0
    lookups = 0.0
    for entry in entries:
        for document in entry.documents:
            for typed in _typings(document):
                party = Party(
                    name="Zhang Wei Ming",
                    schema=entry.schema if entry.schema != "Vessel" else "Vessel",
                    id_number=typed,
                )
                tried += 1
                by_name += any(m.ref == entry.ref for m in matcher.match(party))
                began = time.perf_counter()
                found = screener.by_document(party)
                lookups += time.perf_counter() - began
                by_document += any(m.ref == entry.ref for m in found)
    print(
        f"(a) {tried:,} document-only queries over {indexed:,} keys (index built in {built:.2f} s)"
    )
    print(f"    name matcher (baseline): {by_name / tried:6.1%} found")
    print(f"    document screener:       {by_document / tried:6.1%} found, "
          f"{lookups / tried * 1e6:.0f} µs a look-up")  # fmt: skip


#: facts a nested target leaves to its nested entities (as OpenSanctions' targets do)
_ON_NESTED = ("passportNumber", "idNumber", "registrationNumber", "imoNumber", "program")


def _nest(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flat FtM entities nested as targets.nested.json nests them: documents and sanctions
    inside their target, under the reverse property, without the link back; the target
    keeps no copy of their numbers and programme."""
    targets = {}
    for entity in entities:
        props = entity["properties"]
        if "holder" not in props and "entity" not in props:
            kept = {k: v for k, v in props.items() if k not in _ON_NESTED}
            targets[entity["id"]] = {**entity, "properties": kept}
    for entity in entities:
        props = entity["properties"]
        for link, reverse in (("holder", "identification"), ("entity", "sanctions")):
            if link in props:
                child = {**entity, "properties": {k: v for k, v in props.items() if k != link}}
                targets[props[link][0]]["properties"].setdefault(reverse, []).append(child)
    return list(targets.values())


def _kept(before: ListEntry, after: ListEntry) -> bool:
    numbers = {d.number for d in before.documents}
    return (numbers == {d.number for d in after.documents} and before.list_type == after.list_type
            and before.listed_on == after.listed_on)  # fmt: skip


def nested_layout(entries: list[ListEntry]) -> None:
    flat = [e for entry in entries for e in entry_entities(entry)]
    layouts = {"flat": flat, "nested": _nest(flat)}
    for name, records in layouts.items():
        raw = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
        started = time.perf_counter()
        read = {e.ref: e for e in parse_ftm_json(raw, source=name).entries}
        took = time.perf_counter() - started
        kept = sum(_kept(e, read[e.ref]) for e in entries if e.ref in read)
        print(f"(b) {name:>6}: {len(records):,} lines, {len(read):,} entries read in {took:.2f} s; "
              f"documents, programme and listing date kept for {kept:,} of {len(entries):,}")  # fmt: skip


def list_changes(entries: list[ListEntry]) -> None:
    chance = random.Random(7)
    count = max(1, len(entries) // 100)
    shuffled = chance.sample(entries, len(entries))
    # the first `count` are left out (removed), the next `count` get a new passport
    amended, rest = shuffled[count : 2 * count], shuffled[2 * count :]
    new_passports = [replace(e, documents=(*e.documents, Document(f"BW{i:07d}", "Passport")))
                     for i, e in enumerate(amended)]  # fmt: skip
    added = [ListEntry(ref=f"BW.{i}", schema="Person", name=f"ADDED {i}") for i in range(count)]
    started = time.perf_counter()
    changes = diff_entries(entries, [*rest, *new_passports, *added])
    took = time.perf_counter() - started
    exact = (
        summarise(changes) == f"{count} added, {count} removed, {count} amended (documents {count})"
    )
    print(
        f"(c) {len(entries):,} entries compared in {took:.2f} s: {summarise(changes)}; "
        f"{'exact' if exact else 'NOT exact'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", default=str(DEFAULT_LIST))
    args = parser.parse_args()
    snapshot = read_list(args.list)
    entries = list(snapshot.entries)
    print(f"{snapshot.label}: {len(entries):,} entries")
    matcher = PartyMatcher([snapshot])
    documents_alone(entries, matcher)
    nested_layout(entries)
    list_changes(entries)


if __name__ == "__main__":
    main()
