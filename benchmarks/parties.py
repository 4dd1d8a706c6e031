"""Party screening: borderwatch against nomenklatura's logic-v2 and ofac, in one run.

(a) Quality on the evaluation set (benchmarks/data/party-queries.jsonl, made
    by make_party_queries.py, and the names in Han characters of
    benchmarks/data/party-han-queries.yaml, each with its source, in the
    categories han and han_negative): recall per category of positives, and false
    alerts per 1,000 negatives, at each matcher's alert threshold
    (borderwatch: BORDERWATCH_PARTY_THRESHOLD, 0.80; nomenklatura: 0.70,
    yente's default, and 0.90, since ofac scores run higher). nomenklatura compares each query with every DPRK entry;
    borderwatch searches the whole UN list through its blocking index.
(b) Microseconds per comparison on the same (query, DPRK entry) pairs.
(c) Queries per second with the blocking index against the UN list plus
    1,000,000 synthetic entities, on one core, at blocking caps 300 (the
    default), 100 and 50: a key shared by more entries than the cap is skipped.
    benchmarks/party_scale.py runs this at several sizes beside a baseline checkout.
(d) Whole UN list: every listed name clean and with typos, and negatives from
    another names source, per naming culture, beside logic-v2 (party_sets.py).
(e) Near misses: alerts on names close to a listed one that are someone else
    (another surname, given name or kind of organisation), beside logic-v2.

nomenklatura is a benchmark-only dependency (pip install -e '.[bench]'); without
it (a) and (b) run for borderwatch alone and say so.

Usage: python benchmarks/parties.py [--list consolidated.xml] [--synthetic 1000000]
       [--nk-queries N]  (N queries for nomenklatura, spread over the set; default all)
       [--sections abcde]  (the sections to run; default all)
       [--whole-list FILE] [--near-misses FILE]  (other sets for (d) and (e), e.g. made
       by make_party_whole_list.py / make_party_near_misses.py with another --seed: a
       check on names no rule was written from)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.progress import track

from borderwatch.parties.entries import ListEntry
from borderwatch.parties.matcher import PartyMatcher, score_entry
from borderwatch.parties.prepared import prepare_entry, prepare_query
from borderwatch.parties.sources import read_list
from borderwatch.settings import get_settings
from party_sets import NEAR_MISSES, WHOLE_LIST, near_miss_section, whole_list_section

HERE = Path(__file__).resolve().parent
DEFAULT_LIST = HERE.parents[1] / "shared" / "data" / "un-sanctions" / "consolidated.xml"
QUERIES = HERE / "data" / "party-queries.jsonl"
HAN_QUERIES = HERE / "data" / "party-han-queries.yaml"
NK_THRESHOLDS = (0.70, 0.90)  # yente's default, and a stricter one for ofac's higher scale
POSITIVE = ("romanization", "hangul", "typo", "alias", "organisation", "han")

Query = dict[str, Any]
Judge = Callable[[Query], list[tuple[str, float]]]


def han_queries() -> list[Query]:
    """The Han-character queries, in the evaluation set's shape (ids h001...)."""
    import yaml

    rows = yaml.safe_load(HAN_QUERIES.read_text(encoding="utf-8"))["queries"]
    return [
        {
            "id": f"h{number:03d}",
            "name": row["name"],
            "schema": row["schema"],
            "category": "han" if row["expected"] else "han_negative",
            "expected": row["expected"],
        }
        for number, row in enumerate(rows, start=1)
    ]


def evaluate(
    name: str, queries: Sequence[Query], judge: Judge, thresholds: Sequence[float] = (0.0,)
) -> dict[float, dict[str, tuple[int, int]]]:
    """Per threshold and category: (good outcomes, queries).

    A positive is good when its expected entry scores at the threshold; a
    negative when nothing does. ``judge`` returns (ref, score) pairs.
    """
    tally: dict[float, dict[str, list[int]]] = {t: defaultdict(lambda: [0, 0]) for t in thresholds}
    for query in track(queries, description=f"{name:>12}", transient=True):
        scored = judge(query)
        for threshold in thresholds:
            alerts = [ref for ref, score in scored if score >= threshold]
            good = query["expected"] in alerts if query["expected"] else not alerts
            tally[threshold][query["category"]][0] += good
            tally[threshold][query["category"]][1] += 1
    return {t: {k: (v[0], v[1]) for k, v in by.items()} for t, by in tally.items()}


def report(results: dict[str, dict[str, tuple[int, int]]]) -> None:
    categories = sorted(
        {c for r in results.values() for c in r}, key=lambda c: (c not in POSITIVE, c)
    )
    print(f"{'category':<16}" + "".join(f"{n:>24}" for n in results))
    for category in categories:
        cells = []
        for result in results.values():
            good, total = result.get(category, (0, 0))
            if category in POSITIVE:
                cells.append(f"recall {good}/{total} {100 * good / max(total, 1):5.1f}%")
            else:
                cells.append(f"false {total - good}/{total}")
        print(f"{category:<16}" + "".join(f"{c:>24}" for c in cells))
    print(f"{'alerts/1000 neg':<16}", end="")
    for result in results.values():
        negatives = [v for k, v in result.items() if k not in POSITIVE]
        false = sum(t - g for g, t in negatives)
        print(f"{1000 * false / max(sum(t for _, t in negatives), 1):>24.1f}", end="")
    print()


def borderwatch_judges(snapshot_entries: list[ListEntry], matcher: PartyMatcher) -> Judge:
    def judge(query: Query) -> list[tuple[str, float]]:
        found = matcher.match_fields(
            query["name"], schema=query["schema"], birth_date=query.get("birth_date")
        )
        return [(m.ref, m.score) for m in found]

    return judge


def nomenklatura_judges(
    dprk: list[ListEntry], threshold: float
) -> dict[str, tuple[Judge, Callable[[Query], int]]]:
    """logic-v2 and ofac judges comparing with every DPRK entry, and their pair counters."""
    from followthemoney import model
    from nomenklatura.matching import ScoringConfig, get_algorithm

    def proxy(ident: str, schema: str, names: list[str], dates: Sequence[str]) -> Any:
        props: dict[str, list[str]] = {"name": names[:1], "alias": names[1:]}
        if schema == "Person" and dates:
            props["birthDate"] = list(dates)
        return model.get_proxy({"id": ident, "schema": schema, "properties": props})

    listed = [
        proxy(
            e.ref,
            e.schema if e.schema == "Person" else "Organization",
            e.all_names(),
            e.birth_dates,
        )
        for e in dprk
    ]
    config = ScoringConfig.defaults()
    judges = {}
    for algo_name in ("logic-v2", "ofac"):
        algorithm = get_algorithm(algo_name)
        assert algorithm is not None

        def judge(query: Query, algorithm: Any = algorithm) -> list[tuple[str, float]]:
            entity = proxy(
                query["id"],
                query["schema"],
                [query["name"]],
                [query["birth_date"]] if query.get("birth_date") else [],
            )
            scores = [(e.id, algorithm.compare(entity, e, config).score) for e in listed]
            return [(ref, s) for ref, s in scores if s >= threshold]

        judges[algo_name] = (judge, lambda _q: len(listed))
    return judges


def per_comparison_us(queries: Sequence[Query], judge: Judge, pairs_per_query: int) -> float:
    start = time.perf_counter()
    for query in queries:
        judge(query)
    return 1e6 * (time.perf_counter() - start) / (len(queries) * pairs_per_query)


def synthetic_entries(count: int, seed: int) -> list[ListEntry]:
    """Korean, Chinese and company names built from the same word pools as the queries."""
    import yaml

    words = yaml.safe_load((HERE / "data" / "party-spellings.yaml").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    syllables = [*words["korean_given_syllables"], *words["syllables"]]
    entries = []
    for number in range(count):
        roll = rng.random()
        if roll < 0.6:
            name = f"{rng.choice(words['korean_surnames'])} {rng.choice(syllables).title()} {rng.choice(syllables).title()}"
            schema = "Person"
        elif roll < 0.8:
            name = f"{rng.choice(words['chinese_surnames'])} {rng.choice(words['chinese_given'])}{rng.choice(['', rng.choice(words['chinese_given']).lower()])}"
            schema = "Person"
        else:
            name = " ".join(
                [
                    rng.choice(words["chinese_places"]),
                    rng.choice(words["chinese_business"]) + rng.choice(syllables),
                    rng.choice(words["chinese_trades"]),
                ]
            )
            schema = "Organization"
        year = rng.randint(1940, 2000)
        dates = (
            (f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",)
            if schema == "Person"
            else ()
        )
        entries.append(ListEntry(ref=f"SYN-{number}", schema=schema, name=name, birth_dates=dates))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--synthetic", type=int, default=1_000_000)
    parser.add_argument("--nk-queries", type=int, default=0)
    parser.add_argument("--sections", default="abcde")
    parser.add_argument("--whole-list", type=Path, default=WHOLE_LIST)
    parser.add_argument("--near-misses", type=Path, default=NEAR_MISSES)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    if not args.list.exists():
        print(f"no UN list at {args.list}: give --list PATH (the shared data set) to run this")
        return
    queries = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines()]
    queries += han_queries()
    snapshot = read_list(str(args.list))
    dprk = [e for e in snapshot.entries if e.ref.startswith("KP")]
    threshold = get_settings().party_threshold
    matcher = PartyMatcher([snapshot], threshold=threshold)
    print(f"{len(queries)} queries: {dict(Counter(q['category'] for q in queries))}")
    print(f"list {snapshot.label}: {len(snapshot.entries)} entries, {len(dprk)} DPRK\n")

    if "a" in args.sections or "b" in args.sections:
        evaluation_set(args, queries, snapshot, dprk, matcher)
    if "c" in args.sections:
        index_speed(args, queries, snapshot)
    try:
        import nomenklatura  # noqa: F401 (only asking whether the peer is installed)

        peer = True
    except ImportError:
        print("nomenklatura not installed: (d) and (e) run for borderwatch alone")
        peer = False
    if "d" in args.sections:
        whole_list_section(snapshot.entries, matcher, peer, path=args.whole_list)
    if "e" in args.sections:
        near_miss_section(snapshot.entries, matcher, peer, path=args.near_misses)


def evaluation_set(
    args: argparse.Namespace,
    queries: list[Query],
    snapshot: Any,
    dprk: list[ListEntry],
    matcher: PartyMatcher,
) -> None:
    """(a) quality on the DPRK evaluation set and (b) microseconds per comparison."""
    threshold = matcher.threshold
    results = {
        f"borderwatch @{threshold:.2f}": evaluate(
            "borderwatch", queries, borderwatch_judges(snapshot.entries, matcher)
        )[0.0]
    }
    timing: dict[str, float] = {}
    prepared = [prepare_entry(e, snapshot.label) for e in dprk]

    def brute(floor: float) -> Judge:
        def judge(query: Query) -> list[tuple[str, float]]:
            q = prepare_query(
                query["name"], schema=query["schema"], birth_date=query.get("birth_date")
            )
            found = (score_entry(p, q, floor=floor) for p in prepared)
            return [(m.ref, m.score) for m in found if m is not None and m.score >= threshold]

        return judge

    timing["borderwatch"] = per_comparison_us(queries, brute(threshold - 0.17), len(prepared))
    timing["borderwatch (all features)"] = per_comparison_us(queries, brute(-1.0), len(prepared))
    nk_queries = (
        queries if not args.nk_queries else queries[:: max(1, len(queries) // args.nk_queries)]
    )
    try:
        judges = nomenklatura_judges(dprk, min(NK_THRESHOLDS))
    except ImportError as exc:
        print(f"nomenklatura not installed ({exc}); pip install -e '.[bench]' to compare\n")
        judges = {}
    for algo_name, (judge, pairs) in judges.items():
        judge(nk_queries[0])  # first call loads its data; not timed
        start = time.perf_counter()
        by_threshold = evaluate(algo_name, nk_queries, judge, NK_THRESHOLDS)
        timing[algo_name] = (
            1e6 * (time.perf_counter() - start) / (len(nk_queries) * pairs(nk_queries[0]))
        )
        for nk_threshold, tally in by_threshold.items():
            results[f"{algo_name} @{nk_threshold:.2f}"] = tally
    if judges and len(nk_queries) != len(queries):
        subset = {q["id"] for q in nk_queries}
        results["borderwatch (same subset)"] = evaluate(
            "bw subset",
            [q for q in queries if q["id"] in subset],
            borderwatch_judges(snapshot.entries, matcher),
        )[0.0]
    print("(a) quality")
    report(results)
    print("\n(b) microseconds per comparison (query prepared once, same DPRK entries)")
    for name, us in timing.items():
        print(f"  {name:<28} {us:8.1f} µs")
    if "logic-v2" in timing:
        print(
            f"  borderwatch is {timing['logic-v2'] / timing['borderwatch']:.0f}x faster than logic-v2"
        )


def index_speed(args: argparse.Namespace, queries: list[Query], snapshot: Any) -> None:
    """(c) queries per second through the blocking index with synthetic entities added."""
    threshold = get_settings().party_threshold
    print(
        f"\n(c) blocking index against {len(snapshot.entries)} + {args.synthetic:,} synthetic entities, one core"
    )
    start = time.perf_counter()
    big = PartyMatcher([snapshot], threshold=threshold)
    synthetic = synthetic_entries(args.synthetic, seed=7)
    chunk = 50_000
    for i in track(range(0, len(synthetic), chunk), description="indexing", transient=True):
        big.add_entries(synthetic[i : i + chunk], "synthetic")
    big.pack()
    built = time.perf_counter() - start
    print(f"  index built in {built:.0f} s ({len(big.index):,} keys)")
    prepared_queries = [
        prepare_query(q["name"], schema=q["schema"], birth_date=q.get("birth_date"))
        for q in queries
    ]
    positives = sum(1 for q in queries if q["expected"])
    for cap in (300, 100, 50):  # the blocking cap: keys shared by more entries are skipped
        big.index.max_bucket = cap
        candidates = sorted(len(big.index.candidates(q.keys)) for q in prepared_queries)
        start = time.perf_counter()
        found = [big.match_prepared(q) for q in prepared_queries]
        elapsed = time.perf_counter() - start
        hits = sum(
            any(m.ref == q["expected"] for m in f)
            for q, f in zip(queries, found, strict=True)
            if q["expected"]
        )
        print(
            f"  cap {cap:>3}: {len(queries) / elapsed:,.0f} queries/s (prepared), "
            f"candidates median {candidates[len(candidates) // 2]}, "
            f"p99 {candidates[int(len(candidates) * 0.99)]}; positives found {hits}/{positives}"
        )
    big.index.max_bucket = 300
    start = time.perf_counter()
    for q in queries:
        big.match_fields(q["name"], schema=q["schema"], birth_date=q.get("birth_date"))
    elapsed = time.perf_counter() - start
    print(f"  cap 300: {len(queries) / elapsed:,.0f} queries/s including name preparation")


if __name__ == "__main__":
    main()
