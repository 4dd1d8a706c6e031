"""Whole-list and near-miss sections of benchmarks/parties.py, beside logic-v2.

(d) Whole UN list (benchmarks/data/party-whole-list.jsonl, made by
    make_party_whole_list.py): recall of clean names and names with typos,
    and false alerts on negatives, per naming culture.
(e) Near misses (benchmarks/data/party-near-misses.jsonl, made by
    make_party_near_misses.py): alerts per 1,000 near misses per kind and
    culture, on the dev and test halves (tune on dev, read test).

borderwatch searches the whole list through its blocking index, as in
production. nomenklatura's logic-v2 has no index of its own: each query is
compared with the 20 entries whose names rapidfuzz's WRatio ranks first,
and a positive (or a near miss) also with the entry it is written from, so
logic-v2's recall is what it would be with a perfect candidate generator.
Each query proxy gets its own id (nomenklatura caches comparisons by id).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.progress import track

from borderwatch.parties.entries import ListEntry
from borderwatch.parties.matcher import PartyMatcher

HERE = Path(__file__).resolve().parent
WHOLE_LIST = HERE / "data" / "party-whole-list.jsonl"
NEAR_MISSES = HERE / "data" / "party-near-misses.jsonl"
PEER_THRESHOLD = 0.70  # yente's default for logic-v2
PEER_CANDIDATES = 20

Query = dict[str, Any]
Judge = Callable[[Query], list[tuple[str, float]]]


def read_set(path: Path) -> list[Query]:
    """The rows of a JSON-lines query set."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def borderwatch_judge(matcher: PartyMatcher) -> Judge:
    """Alerts of borderwatch's matcher at its threshold, through the blocking index."""

    def judge(query: Query) -> list[tuple[str, float]]:
        found = matcher.match_fields(query["name"], schema=query["schema"])
        return [(m.ref, m.score) for m in found]

    return judge


def peer_judge(entries: Sequence[ListEntry]) -> Judge:
    """logic-v2's alerts at 0.70 over rapidfuzz's top candidates (and the written-from entry)."""
    from followthemoney import model
    from nomenklatura.matching import ScoringConfig, get_algorithm
    from normality import ascii_text
    from rapidfuzz import fuzz, process

    def proxy(ident: str, schema: str, names: list[str]) -> Any:
        props = {"name": names[:1], "alias": names[1:]}
        return model.get_proxy({"id": ident, "schema": schema, "properties": props})

    listed = [
        proxy(e.ref, "Person" if e.schema == "Person" else "Organization", e.all_names())
        for e in entries
    ]
    by_ref = {e.ref: i for i, e in enumerate(entries)}
    choices: list[str] = []
    owner: list[int] = []
    for i, entry in enumerate(entries):
        for name in entry.all_names():
            choices.append((ascii_text(name) or name).lower())
            owner.append(i)
    algorithm = get_algorithm("logic-v2")
    assert algorithm is not None
    config = ScoringConfig.defaults()
    counter = iter(range(10**9))

    def judge(query: Query) -> list[tuple[str, float]]:
        text = (ascii_text(query["name"]) or query["name"]).lower()
        ranked = process.extract(text, choices, scorer=fuzz.WRatio, limit=PEER_CANDIDATES * 3)
        candidates = list(dict.fromkeys(owner[i] for _c, _s, i in ranked))[:PEER_CANDIDATES]
        written_from = query.get("expected") or query.get("near")
        if written_from in by_ref:
            candidates.append(by_ref[written_from])
        entity = proxy(f"{query['id']}-{next(counter)}", query["schema"], [query["name"]])
        scores = {
            listed[i].id: algorithm.compare(entity, listed[i], config).score
            for i in dict.fromkeys(candidates)
        }
        return [(ref, s) for ref, s in scores.items() if s >= PEER_THRESHOLD]

    return judge


def tally(
    label: str, queries: Sequence[Query], judge: Judge, key: Callable[[Query], str]
) -> dict[str, tuple[int, int]]:
    """Per key: (good outcomes, queries). Good is the expected entry alerting, or no alert."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for query in track(queries, description=f"{label:>12}", transient=True):
        refs = [ref for ref, _score in judge(query)]
        good = query["expected"] in refs if query.get("expected") else not refs
        counts[key(query)][0] += good
        counts[key(query)][1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def print_table(results: dict[str, dict[str, tuple[int, int]]], *, alerts: bool) -> None:
    """Rows by key; cells 'found/total' (positives) or 'false alerts/total' (negatives)."""
    keys = sorted({k for r in results.values() for k in r})
    print(f"{'':<36}" + "".join(f"{n:>22}" for n in results))
    for k in keys:
        cells = []
        for result in results.values():
            good, total = result.get(k, (0, 0))
            negative = alerts or k.startswith("negative")
            shown = total - good if negative else good
            word = "alerts" if negative else "found"
            cells.append(f"{word} {shown}/{total}")
        print(f"{k:<36}" + "".join(f"{c:>22}" for c in cells))


def whole_list_section(
    entries: Sequence[ListEntry], matcher: PartyMatcher, peer: bool, *, path: Path = WHOLE_LIST
) -> None:
    """(d): clean, typo and negative rows per culture, totals per category."""
    queries = read_set(path)
    judges: dict[str, Judge] = {f"borderwatch @{matcher.threshold:.2f}": borderwatch_judge(matcher)}
    if peer:
        judges[f"logic-v2 @{PEER_THRESHOLD:.2f}"] = peer_judge(entries)
    by_culture = {}
    for name, judge in judges.items():
        by_culture[name] = tally(name, queries, judge, lambda q: f"{q['category']} {q['culture']}")
    totals = {name: _sum_by(result, lambda k: k.split()[0]) for name, result in by_culture.items()}
    individuals = {
        name: _sum_by(
            {k: v for k, v in result.items() if "organisation" not in k},
            lambda k: f"{k.split()[0]} (individuals)",
        )
        for name, result in by_culture.items()
    }
    print(f"\n(d) whole UN list: {len(queries)} queries, {path.name}")
    print_table(by_culture, alerts=False)
    print()
    print_table({n: {**totals[n], **individuals[n]} for n in by_culture}, alerts=False)


def near_miss_section(
    entries: Sequence[ListEntry], matcher: PartyMatcher, peer: bool, *, path: Path = NEAR_MISSES
) -> None:
    """(e): alerts on near misses per kind and culture, dev and test halves."""
    queries = [{**q, "expected": None} for q in read_set(path)]
    judges: dict[str, Judge] = {f"borderwatch @{matcher.threshold:.2f}": borderwatch_judge(matcher)}
    if peer:
        judges[f"logic-v2 @{PEER_THRESHOLD:.2f}"] = peer_judge(entries)
    results = {
        name: tally(name, queries, judge, lambda q: f"{q['split']} {q['category']} {q['culture']}")
        for name, judge in judges.items()
    }
    print(f"\n(e) near misses: {len(queries)} names, {path.name} (tune on dev, read test)")
    print_table(results, alerts=True)
    print(f"{'alerts per 1,000 near misses':<36}", end="")
    for result in results.values():
        for half in ("dev", "test"):
            part = [v for k, v in result.items() if k.startswith(half)]
            false = sum(t - g for g, t in part)
            print(f"  {half} {1000 * false / max(sum(t for _, t in part), 1):5.1f}", end="")
        print("   ", end="")
    print()


def _sum_by(
    result: dict[str, tuple[int, int]], group: Callable[[str], str]
) -> dict[str, tuple[int, int]]:
    summed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for k, (good, total) in result.items():
        summed[group(k)][0] += good
        summed[group(k)][1] += total
    return {k: (v[0], v[1]) for k, v in summed.items()}
