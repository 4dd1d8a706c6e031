"""Screening throughput: one declaration at a time, and a batch of 1,000,000 items.

Prints items per second for (a) the per-declaration engine and (b) the
vectorised batch path on the same mix of goods, with per-declaration latency
percentiles, and the speed-up of (b) over (a) measured in this run. Run on one
core: `taskset -c 0 python benchmarks/screen.py` (numpy here uses one thread).

Usage: python benchmarks/screen.py [--items 1000000] [--declarations 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # after the thread settings, which numpy reads on import

from borderwatch.engine.batch_columns import batch_from_columns
from borderwatch.engine.batch_screen import screen_batch
from borderwatch.engine.batch_tables import CODE_INDEX
from borderwatch.engine.screen import screen_declaration
from borderwatch.model import Declaration
from borderwatch.model.verdict import Verdict
from borderwatch.rules.loader import shipped_rule_base

#: a mix of what crosses: sanctioned machinery, electronics, metals and vehicles,
#: luxury goods with thresholds, fuels, and ordinary goods that no measure touches
GOODS = [
    "847130",
    "851660",
    "852872",
    "851713",
    "720851",
    "732393",
    "870323",
    "870410",
    "711319",
    "910111",
    "570110",
    "691110",
    "271019",
    "270900",
    "420221",
    "640399",
    "620520",
    "610910",
    "110100",
    "190230",
    "330499",
    "030743",
    "270112",
    "100630",
]
CROSSINGS = ["dandong", "hunchun", "changbai"]
CATEGORIES = [None, "returning_worker"]
START, DAYS = dt.date(2016, 1, 1), 365 * 5


def columns(items: int, per_declaration: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    declarations = items // per_declaration
    declaration = np.repeat(np.arange(declarations), per_declaration)
    day_of = rng.integers(0, DAYS, declarations)
    channel_of = rng.integers(0, 2, declarations)  # 0 cargo, 1 baggage
    return {
        "declaration": declaration,
        "day": (np.datetime64(START.isoformat()) + day_of)[declaration],
        "crossing": rng.choice(3, declarations, p=[0.6, 0.25, 0.15])[declaration],
        "direction": rng.choice(2, declarations, p=[0.8, 0.2])[declaration],
        "country": np.zeros(items, dtype=np.int64),  # every declaration with KP
        "channel": channel_of[declaration],
        "category": channel_of[declaration],  # baggage travellers are returning workers
        "code": np.array([CODE_INDEX[c] for c in GOODS])[
            rng.integers(0, len(GOODS), len(declaration))
        ],
        "quantity": rng.integers(1, 4, len(declaration)).astype(np.float64),
        "value_usd": np.where(
            rng.random(len(declaration)) < 0.1, np.nan, rng.gamma(2.0, 300.0, len(declaration))
        ),
        "piece": np.where(
            channel_of[declaration] == 1, declaration * 2 + rng.integers(0, 2, len(declaration)), -1
        ),
        "piece_area": rng.uniform(0.2, 0.6, len(declaration)),
    }


def declarations_from(
    cols: dict[str, np.ndarray], count: int, per_declaration: int
) -> list[Declaration]:
    codes = sorted(CODE_INDEX, key=CODE_INDEX.__getitem__)
    out = []
    for d in range(count):
        rows = range(d * per_declaration, (d + 1) * per_declaration)
        first = rows[0]
        baggage = bool(cols["channel"][first])
        items = []
        for r in rows:
            item = {
                "id": str(r),
                "hs": codes[int(cols["code"][r])],
                "quantity": str(int(cols["quantity"][r])),
            }
            if not np.isnan(cols["value_usd"][r]):
                item["unit_value"] = {"amount": f"{cols['value_usd'][r]:.2f}", "currency": "USD"}
            if cols["piece"][r] >= 0:
                item["piece"] = {
                    "id": str(int(cols["piece"][r])),
                    "area_m2": f"{cols['piece_area'][r]:.2f}",
                }
            items.append(item)
        data = {
            "id": f"D{d}",
            "date": str(cols["day"][first]),
            "crossing": CROSSINGS[int(cols["crossing"][first])],
            "direction": ["export", "import"][int(cols["direction"][first])],
            "country": "KP",
            "channel": "baggage" if baggage else "cargo",
            "items": items,
        }
        if baggage:
            data["traveller"] = {"name": "T", "category": "returning_worker"}
        out.append(Declaration.model_validate(data))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--declarations", type=int, default=20_000)
    parser.add_argument("--per-declaration", type=int, default=5)
    args = parser.parse_args()
    rules = shipped_rule_base()
    cols = columns(args.items, args.per_declaration, seed=7)

    decls = declarations_from(cols, args.declarations, args.per_declaration)
    for d in decls[:200]:  # warm the per-situation caches, as a running service would
        screen_declaration(d, rules)
    latencies = []
    start = time.perf_counter()
    for d in decls:
        t0 = time.perf_counter()
        screen_declaration(d, rules)
        latencies.append(time.perf_counter() - t0)
    engine_seconds = time.perf_counter() - start
    engine_rate = args.declarations * args.per_declaration / engine_seconds
    cuts = statistics.quantiles(latencies, n=100)

    t0 = time.perf_counter()
    batch = batch_from_columns(
        rules, crossings=CROSSINGS, categories=CATEGORIES, countries=["KP"], **cols
    )
    prepare = time.perf_counter() - t0
    t0 = time.perf_counter()
    screen_batch(batch, rules)  # cold: builds the per-epoch tables
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = screen_batch(batch, rules)
    warm = time.perf_counter() - t0
    counts = np.bincount(result.rank, minlength=len(Verdict))

    print(f"rule base {rules.version}, {len(rules.measures)} measures")
    print(f"(a) per declaration: {args.declarations:,} declarations x {args.per_declaration} items")
    print(
        f"    {engine_rate:,.0f} items/s; latency p50 {cuts[49] * 1e6:,.0f} us, p99 {cuts[98] * 1e6:,.0f} us"
    )
    print(f"(b) batch: {args.items:,} items, {len(batch.situations):,} situations")
    print(f"    prepare columns {prepare:.2f} s; screen cold {cold:.2f} s, warm {warm:.2f} s")
    print(
        f"    {args.items / cold:,.0f} items/s cold, {args.items / warm:,.0f} items/s warm "
        f"(target 500,000); {args.items / warm / engine_rate:.0f}x the per-declaration engine"
    )
    names = [verdict.value for verdict in Verdict]
    print("    verdicts: " + ", ".join(f"{n} {c:,}" for n, c in zip(names, counts, strict=True)))


if __name__ == "__main__":
    main()
