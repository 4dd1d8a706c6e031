"""Party matching at scale: this code beside a baseline checkout, in one run, on one core.

For each size, the UN list plus that many synthetic entities (benchmarks/parties.py's
generator) is indexed by two worker processes, one importing this checkout's code and
one the baseline's (``--baseline``, the ``src`` folder of another checkout, e.g.
``git worktree add /tmp/base d1e7038``). Both are pinned to the same core; their
rounds over the evaluation queries run in turn (baseline, this, baseline, ...), so a
neighbour's load falls on both alike, and the spread of the rounds is printed.
Per size and code: index build time, queries/s (median of rounds, and the range),
positives found at the default blocking cap, median candidates, the index file's
write and open times and queries/s through it, and the worker's peak RSS.

From ``--apart-from`` entities on (2,000,000) the two workers run one after the
other instead, so that only one index is in memory at a time.

Usage: python benchmarks/party_scale.py --baseline /tmp/base/src
       [--sizes 100000,1000000,5000000] [--rounds 5] [--stored-sizes 100000,1000000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "src"
STORED_QUERIES = 300  # queries through the index file: each reads SQLite


def _reply(message: dict[str, Any]) -> None:
    print(json.dumps(message), flush=True)


def worker(size: int, core: int, list_path: str) -> None:
    """Build the matcher, then answer commands on stdin: round, stored, quit."""
    os.sched_setaffinity(0, {core})
    sys.path.insert(0, str(HERE))
    from borderwatch.parties.index_cache import cache_key, cache_path, cached_matcher, write_index
    from borderwatch.parties.matcher import PartyMatcher
    from borderwatch.parties.prepared import prepare_query
    from borderwatch.parties.sources import read_list
    from parties import QUERIES, synthetic_entries

    queries = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines()]
    snapshot = read_list(list_path)
    start = time.perf_counter()
    matcher = PartyMatcher([snapshot], threshold=0.80)
    synthetic = synthetic_entries(size, seed=7)
    for i in range(0, len(synthetic), 50_000):
        matcher.add_entries(synthetic[i : i + 50_000], "synthetic")
    prepared = [
        prepare_query(q["name"], schema=q["schema"], birth_date=q.get("birth_date"))
        for q in queries
    ]
    matcher.match_prepared(prepared[0])  # the first query packs what was added: build time
    built = time.perf_counter() - start
    del synthetic
    candidates = sorted(len(matcher.index.candidates(q.keys)) for q in prepared)
    _reply({"built": built, "keys": len(matcher.index), "median": candidates[len(candidates) // 2]})

    def hits(found: list[Any], asked: list[dict[str, Any]]) -> int:
        pairs = zip(asked, found, strict=True)
        return sum(any(m.ref == q["expected"] for m in f) for q, f in pairs if q["expected"])

    for command in sys.stdin:
        if command.strip() == "round":
            start = time.perf_counter()
            found = [matcher.match_prepared(q) for q in prepared]
            elapsed = time.perf_counter() - start
            # every result's ref, score and explanation, to show both codes give the same
            digest = hashlib.sha256(
                json.dumps([[(m.ref, m.score, m.explanation) for m in f] for f in found]).encode()
            ).hexdigest()[:12]
            _reply({"qps": len(prepared) / elapsed, "hits": hits(found, queries), "digest": digest})
        elif command.strip() == "stored":
            with tempfile.TemporaryDirectory(prefix="party-scale-") as folder:
                key = cache_key(["party-scale"])
                start = time.perf_counter()
                write_index(cache_path(key, Path(folder)), matcher, key)
                written = time.perf_counter() - start
                start = time.perf_counter()
                stored = cached_matcher(
                    ["party-scale"], list, threshold=0.80, directory=Path(folder)
                )
                opened = time.perf_counter() - start
                asked = queries[:: len(queries) // STORED_QUERIES][:STORED_QUERIES]
                start = time.perf_counter()
                found = [stored.match_prepared(prepared[queries.index(q)]) for q in asked]
                elapsed = time.perf_counter() - start
                same = found == [matcher.match_prepared(prepared[queries.index(q)]) for q in asked]
                _reply(
                    {
                        "written": written,
                        "opened": opened,
                        "qps": len(asked) / elapsed,
                        "same": same,
                    }
                )
        else:
            _reply({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
            return


class Worker:
    """A worker process over one checkout's code."""

    def __init__(self, label: str, source: Path, size: int, core: int, list_path: str) -> None:
        self.label = label
        environment = {**os.environ, "PYTHONPATH": str(source)}
        command = [sys.executable, __file__, "--worker", str(size), "--core", str(core)]
        self.process = subprocess.Popen(
            [*command, "--list", list_path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=environment,
        )
        self.built = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.label} worker ended early (exit {self.process.wait()})")
        result: dict[str, Any] = json.loads(line)
        return result

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._read()

    def finish(self) -> dict[str, Any]:
        result = self.ask("quit")
        self.process.wait()
        return result


def measure(
    size: int, sources: dict[str, Path], rounds: int, stored: bool, list_path: str, together: bool
) -> list[dict[str, Any]]:
    """One size: workers built in turn, then rounds interleaved (or, not ``together``,
    each worker built, measured and ended before the next starts: half the memory)."""
    core = sorted(os.sched_getaffinity(0))[0]
    rows: dict[str, dict[str, Any]] = {}
    # apart, this code first: if the baseline then runs out of time or memory, this is known
    groups = [list(sources.items())] if together else [[i] for i in reversed(sources.items())]
    for group in groups:
        workers = []
        for label, src in group:
            workers.append(Worker(label, src, size, core, list_path))
            rows[label] = {"qps": [], **workers[-1].built}
            print(f"  {size:,} {label}: built in {rows[label]['built']:.0f} s", flush=True)
        for _ in range(rounds):
            for w in workers:
                answer = w.ask("round")
                rows[w.label]["qps"].append(answer["qps"])
                rows[w.label]["hits"] = answer["hits"]
                rows[w.label]["digest"] = answer["digest"]
        for w in workers:
            if stored:
                rows[w.label]["stored"] = w.ask("stored")
            rows[w.label].update(w.finish())
            print(f"  {size:,} {w.label}: {json.dumps(rows[w.label])}", flush=True)
    return [{"size": size, "code": label, **row} for label, row in rows.items()]


def print_table(rows: list[dict[str, Any]], positives: int) -> None:
    print(
        f"{'entities':>10} {'code':<9} {'built s':>8} {'keys':>11} {'q/s':>6} {'range':>11} "
        f"{'found':>8} {'cands':>5} {'RSS MB':>7} {'results':>12} "
        f"{'write s':>7} {'open s':>7} {'stored q/s':>10}"
    )
    for row in rows:
        qps = row["qps"]
        stored = row.get("stored")
        cache = (
            f"{stored['written']:7.1f} {stored['opened']:7.3f} {stored['qps']:10.0f}"
            + ("" if stored["same"] else " (differs!)")
            if stored
            else f"{'-':>7} {'-':>7} {'-':>10}"
        )
        print(
            f"{row['size']:>10,} {row['code']:<9} {row['built']:8.0f} {row['keys']:>11,} "
            f"{statistics.median(qps):6.0f} {min(qps):5.0f}-{max(qps):<5.0f} "
            f"{row['hits']:>4}/{positives:<3} {row['median']:>5} {row['rss_mb']:7.0f} "
            f"{row['digest']:>12} {cache}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", type=Path, help="src folder of the checkout to compare with")
    parser.add_argument("--sizes", default="100000,1000000,5000000")
    parser.add_argument("--stored-sizes", default="100000,1000000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--apart-from", type=int, default=2_000_000, help="sizes from which one worker at a time"
    )
    parser.add_argument(
        "--list", default=str(HERE.parents[1] / "shared/data/un-sanctions/consolidated.xml")
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--core", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker, args.core, args.list)
        return
    if not Path(args.list).exists():
        print(f"no UN list at {args.list}: give --list PATH (the shared data set) to run this")
        return
    sources = {"baseline": args.baseline, "this": SOURCE} if args.baseline else {"this": SOURCE}
    stored_sizes = {int(s) for s in args.stored_sizes.split(",") if s}
    positives = sum(
        1 for line in (HERE / "data" / "party-queries.jsonl").open() if json.loads(line)["expected"]
    )
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        together = size < args.apart_from
        rows.extend(measure(size, sources, args.rounds, size in stored_sizes, args.list, together))
        print_table(rows, positives)
        print()


if __name__ == "__main__":
    main()
