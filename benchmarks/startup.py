"""Start-up and one-line calls: this checkout beside a baseline, measured in one run.

For each side (this checkout, and the baseline: commit 72a0c1f cloned into a
temporary folder, or --baseline PATH) it times a fresh ``pip install`` into a
new virtual environment with an empty pip cache, then the wall time (median of
--runs) and peak memory of:

- ``borderwatch version`` and ``borderwatch --help``;
- ``borderwatch classify "rice cooker"``;
- ``borderwatch screen`` of one declaration with no list stored;
- the same with a large synthetic list stored (--large entries, made by
  benchmarks/parties.py's generator), with the party index cache emptied
  before each run (cold) and filled (warm). The baseline has no cache: it
  rebuilds the index on every call, so its cold and warm rows are the same kind of run.

Uses hyperfine for the timing when it is installed (``apt-get install hyperfine``),
else its own timing of --runs runs (median), which also gives peak memory.
Prints a table; asserts nothing.

Usage: python benchmarks/startup.py [--baseline PATH | --baseline-ref 72a0c1f]
       [--large 290000] [--runs 5] [--python python3.11] [--keep DIR]
       [--here-venv VENV --base-venv VENV]  (environments already installed: no install timing)
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DECLARATION = {
    "id": "W1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "traveller": {"category": "returning_worker", "name": "Pak Song Chol"},
    "items": [{"id": "1", "description": "milled rice, 10 kg", "hs": "100630"}],
}
# run by each side's interpreter: store --large synthetic entries as one snapshot
STORE_LIST = """
import sys
sys.path.insert(0, sys.argv[1])
from parties import synthetic_entries
from borderwatch.parties.entries import ListSnapshot
from borderwatch.store import open_database
try:  # made current, as `lists load` does (stores before list selections had no such step)
    from borderwatch.store.list_loading import load_snapshot as save_snapshot
except ImportError:
    from borderwatch.store.list_snapshots import save_snapshot
entries = tuple(synthetic_entries(int(sys.argv[2]), seed=7))
snapshot = ListSnapshot(source="synthetic", format="ftm", generated=None,
                        content_hash="5" * 64, entries=entries)
try:  # audited by an actor since the accounts and audit log (revision 0003)
    save_snapshot(open_database(), snapshot, actor="benchmark")
except TypeError:
    save_snapshot(open_database(), snapshot)
"""


@dataclass
class Side:
    """One checkout, its environment and what was measured on it."""

    name: str
    checkout: Path
    work: Path
    venv: Path | None = None
    install_s: float | None = None
    rows: dict[str, tuple[float, float | None]] = field(default_factory=dict)

    @property
    def borderwatch(self) -> str:
        return str((self.venv or self.work / "venv") / "bin" / "borderwatch")

    @property
    def python(self) -> str:
        return str((self.venv or self.work / "venv") / "bin" / "python")


def _install(side: Side, python: str) -> None:
    if side.venv is not None:
        return  # an environment given with --here-venv / --base-venv: nothing to install
    venv = side.work / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PIP_CACHE_DIR": str(side.work / "pip-cache")}  # a fresh machine's
    start = time.perf_counter()
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--no-cache-dir", str(side.checkout)],
        check=True,
        env=env,
    )
    side.install_s = time.perf_counter() - start
    shutil.rmtree(side.work / "pip-cache", ignore_errors=True)


def _run_once(command: list[str], env: dict[str, str], stdin: str) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(stdin)
    process.stdin.close()
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        print(f"warning: {shlex.join(command)} exited {os.waitstatus_to_exitcode(status)}",
              file=sys.stderr)  # fmt: skip
    return time.perf_counter() - start, usage.ru_maxrss / 1024


@dataclass(frozen=True)
class Call:
    """One timed call: its row name, arguments, input, store and cache state."""

    name: str
    args: tuple[str, ...]
    stdin: str = ""
    large: bool = False  # the store holds the large list
    cold: bool = False  # the index cache is emptied before each run
    slow: bool = False  # runs --slow-runs times


def _env(side: Side, call: Call) -> dict[str, str]:
    env = {
        **os.environ,
        "BORDERWATCH_DATA_DIR": str(side.work / ("large" if call.large else "empty")),
        "BORDERWATCH_CACHE_DIR": str(side.work / "cache"),
        "COLUMNS": "100",
    }
    env.pop("BORDERWATCH_DATABASE_URL", None)
    return env


def _hyperfine(side: Side, call: Call, runs: int) -> tuple[float, float | None]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        line = shlex.join([side.borderwatch, *call.args])
        if call.stdin:
            line = f"printf %s {shlex.quote(call.stdin)} | {line}"
        cache = shlex.quote(str(side.work / "cache"))
        options = ["--prepare", f"rm -rf {cache}"] if call.cold else []
        subprocess.run(
            ["hyperfine", "--runs", str(runs), "--style", "none", "--ignore-failure",
             "--export-json", out.name, *options, line],
            check=True, env=_env(side, call), stdout=subprocess.DEVNULL,
        )  # fmt: skip
        return float(json.loads(Path(out.name).read_text())["results"][0]["median"]), None


def _measure(sides: list[Side], call: Call, runs: int) -> None:
    """Median wall seconds (and peak MB when timed here) of ``runs`` runs on each side.

    Without hyperfine the sides take turns run by run, so a change in the
    machine's load falls on both.
    """
    if shutil.which("hyperfine"):
        for side in sides:
            side.rows[call.name] = _hyperfine(side, call, runs)
        return
    measured: dict[str, list[tuple[float, float]]] = {side.name: [] for side in sides}
    for _ in range(runs):
        for side in sides:
            if call.cold:
                shutil.rmtree(side.work / "cache", ignore_errors=True)
            command = [side.borderwatch, *call.args]
            measured[side.name].append(_run_once(command, _env(side, call), call.stdin))
    for side in sides:
        times = measured[side.name]
        side.rows[call.name] = (statistics.median(t for t, _ in times), max(m for _, m in times))


def _store_large_list(side: Side, entries: int) -> None:
    env = _env(side, Call("store", (), large=True))
    Path(env["BORDERWATCH_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    subprocess.run([side.python, "-c", STORE_LIST, str(HERE), str(entries)], check=True, env=env)


def _calls(large: int) -> list[Call]:
    declaration = json.dumps(DECLARATION)
    calls = [
        Call("version", ("version",)),
        Call("--help", ("--help",)),
        Call('classify "rice cooker"', ("classify", "rice cooker")),
        Call("screen, no list", ("screen", "-"), declaration),
    ]
    if large:
        label = f"screen, {large:,} entries"
        screen = ("screen", "-")
        calls.append(Call(f"{label}, cold", screen, declaration, large=True, cold=True, slow=True))
        calls.append(Call(f"{label}, warm", screen, declaration, large=True))
    return calls


def _baseline(args: argparse.Namespace, work: Path) -> Path:
    if args.baseline:
        return Path(args.baseline).resolve()
    clone = work / "checkout"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", args.baseline_ref], check=True)
    return clone


def _report(sides: list[Side]) -> None:
    here, base = sides
    print(f"\n{'':38} {'this checkout':>22} {'baseline':>22}")
    print(f"{'call':38} {'wall s':>10} {'peak MB':>11} {'wall s':>10} {'peak MB':>11}")

    def cell(row: tuple[float, float | None] | None) -> str:
        if row is None:
            return f"{'-':>10} {'':>11}"
        memory = f"{row[1]:.0f}" if row[1] is not None else "-"
        return f"{row[0]:>10.2f} {memory:>11}"

    installs = [f"{s.install_s:>10.1f}" if s.install_s is not None else f"{'-':>10}" for s in sides]
    print(f"{'fresh pip install (empty pip cache)':38} {installs[0]} {'':>11} {installs[1]}")
    for name in here.rows:
        print(f"{name:38} {cell(here.rows.get(name))} {cell(base.rows.get(name))}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", help="another checkout to compare with")
    parser.add_argument("--baseline-ref", default="72a0c1f", help="else this commit, cloned")
    parser.add_argument("--large", type=int, default=290_000, help="entries; 0 to skip")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-runs", type=int, default=2, help="runs of the cold screens")
    parser.add_argument("--python", default="python3.11", help="interpreter for the venvs")
    parser.add_argument("--here-venv", type=Path, help="use this environment, no install")
    parser.add_argument("--base-venv", type=Path, help="the same for the baseline")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bw-startup-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"timing with {'hyperfine' if shutil.which('hyperfine') else 'own timer (median)'}; "
          f"work folder {work}", file=sys.stderr)  # fmt: skip
    try:
        sides = [
            Side("this checkout", ROOT, work / "here", args.here_venv),
            Side("baseline", _baseline(args, work / "base"), work / "base", args.base_venv),
        ]
        for side in sides:
            side.work.mkdir(parents=True, exist_ok=True)
            (side.work / "empty").mkdir(exist_ok=True)
            print(f"installing {side.name} ({side.checkout})", file=sys.stderr)
            _install(side, args.python)
            if args.large:
                print(f"storing {args.large:,} synthetic entries for {side.name}", file=sys.stderr)
                _store_large_list(side, args.large)
        for call in _calls(args.large):
            print(f"timing {call.name}", file=sys.stderr)
            _measure(sides, call, args.slow_runs if call.slow else args.runs)
            if call.cold:  # the warm row that follows starts from a filled cache
                for side in sides:
                    _run_once([side.borderwatch, *call.args], _env(side, call), call.stdin)
        _report(sides)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
