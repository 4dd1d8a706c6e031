"""Simulate and analyse five years at national scale on one core.

Simulates 260 weeks at all three crossings (about 110,000 declarations),
writes them as JSON lines, then runs the whole report: screening on the
vectorised batch path, weekly flows, displacement detection, baggage
analytics, charts and the HTML page. Prints the time of each stage and, as
the peer, the per-declaration engine's time on a sample of the same
declarations, extrapolated to all of them. Wall and CPU time are both
printed: on a shared machine the CPU time is the steadier figure. Run on one core:
`taskset -c 0 python benchmarks/simulate.py`.

Usage: python benchmarks/simulate.py [--weeks 260] [--sample 2000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from borderwatch.analytics.baggage import allowance_use, concentration  # after thread settings
from borderwatch.analytics.displacement import find_displacement, tightenings_from_run
from borderwatch.analytics.flows import weekly_flows
from borderwatch.analytics.load import load_run
from borderwatch.analytics.report import Report, write_report
from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.io.declarations import read_declarations
from borderwatch.simulate import default_scenario, write_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--sample", type=int, default=2000)
    args = parser.parse_args()
    # the assembly `report --no-parties` uses: every regime, the classifier, goods only
    screener = build_screener(ScreeningChoices(parties=False, learned=False))
    with tempfile.TemporaryDirectory() as tmp:
        run_dir, out_dir = Path(tmp) / "run", Path(tmp) / "report"
        stages: list[tuple[str, float, float]] = []
        clock, cpu = time.perf_counter(), time.process_time()

        def lap(name: str) -> None:
            nonlocal clock, cpu
            now, now_cpu = time.perf_counter(), time.process_time()
            stages.append((name, now - clock, now_cpu - cpu))
            clock, cpu = now, now_cpu

        count = write_run(default_scenario(), run_dir, weeks=args.weeks, seed=1)
        lap("simulate and write JSON lines")
        run = load_run(run_dir, screener)
        lap("read and screen (batch path)")
        flows = weekly_flows(run)
        findings = find_displacement(flows, tightenings_from_run(run.info))
        use, conc = allowance_use(run, flows), concentration(run)
        lap("flows, displacement, baggage analytics")
        report = Report(
            screener.configuration, run, flows, tightenings_from_run(run.info), findings, use, conc
        )
        write_report(report, out_dir)
        lap("charts and HTML report")
        size = sum(f.stat().st_size for f in run_dir.iterdir())

        with (run_dir / "declarations.jsonl").open("rb") as stream:
            sample = []
            for parsed in read_declarations(stream, screener.rule_base, source_name="in.jsonl"):
                if parsed.declaration is not None:
                    sample.append(parsed.declaration)
                if len(sample) == args.sample:
                    break
        began = time.process_time()
        for declaration in sample:
            screener.screen(declaration)
        per_declaration = (time.process_time() - began) / len(sample)

    items = len(run.item_rank)
    print(f"{args.weeks} weeks, {count:,} declarations, {items:,} items, {size / 1e6:.0f} MB")
    print(f"  {'stage':<42}{'wall':>8}{'CPU':>8}")
    for name, seconds, cpu_seconds in stages:
        print(f"  {name:<42}{seconds:>7.1f}s{cpu_seconds:>7.1f}s")
    total, total_cpu = sum(s[1] for s in stages), sum(s[2] for s in stages)
    print(f"  {'total':<42}{total:>7.1f}s{total_cpu:>7.1f}s")
    screen_seconds = next(s[2] for s in stages if s[0].startswith("read and screen"))
    print(
        f"peer (CPU time): per-declaration engine {per_declaration * 1e3:.2f} ms each -> "
        f"{per_declaration * count:.0f} s for all (screening only), "
        f"{per_declaration * count / screen_seconds:.0f}x the batch path's read+screen"
    )
    for f in findings:
        e = f.effect
        print(
            f"finding: {f.crossing} from {f.began_day}: x{e.ratio:.2f} [{e.low:.2f}, {e.high:.2f}]"
            f"{' after ' + f.after.crossing + ' tightened' if f.after else ''}"
        )


if __name__ == "__main__":
    main()
