"""Goods classifier start-up: process start to the first answer, cold and warm cache.

Prints
  (1) in one process: building the classifier's parts, storing them, loading them
      back (best of --repeat), and the size of the cache file;
  (2) fresh processes (``python -c``), each timing from interpreter start to the
      first ``classify("rice cooker")`` answer, split into importing the
      classifier, getting it (built or loaded), and the first answer:
      cold (an empty cache folder: build and store) once, then warm --repeat times.

The cache folder is a fresh temporary one, so the user's cache is not touched.

Usage: python benchmarks/classify_start.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from borderwatch.goods.built import ClassifierParts, build_shipped_parts, shipped_inputs_digest
from borderwatch.goods.cache import load_cached, store

CHILD = """
import time, json
started = time.perf_counter()
from borderwatch.goods.classifier import cached_classifier
imported = time.perf_counter()
classifier, loaded = cached_classifier()
ready = time.perf_counter()
answer = classifier.classify("rice cooker")[0].hs
done = time.perf_counter()
print(json.dumps({"import": imported - started, "get": ready - imported,
                  "answer": done - ready, "loaded": loaded, "hs": answer,
                  "version": classifier.version}))
"""


def _child(folder: Path) -> tuple[float, dict[str, Any]]:
    env = {**os.environ, "BORDERWATCH_CACHE_DIR": str(folder)}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    return wall, json.loads(out.stdout.strip().splitlines()[-1])


def _row(label: str, wall: float, timing: dict[str, Any]) -> None:
    how = "load" if timing["loaded"] else "build+store"
    print(
        f"  {label:<6} whole process {wall:5.2f} s = import {timing['import']:.2f} s, "
        f"{how} {timing['get']:.2f} s, first answer {timing['answer'] * 1000:.1f} ms "
        f"({timing['hs']}, version {timing['version']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    key = shipped_inputs_digest()
    with tempfile.TemporaryDirectory(prefix="bw-cache-") as name:
        folder = Path(name)
        print("(1) in one process")
        start = time.perf_counter()
        parts = build_shipped_parts()
        built = time.perf_counter()
        path = store(folder, "bench", key, parts)
        stored = time.perf_counter()
        loads = []
        for _ in range(args.repeat):
            begin = time.perf_counter()
            assert load_cached(folder, "bench", key, ClassifierParts) is not None
            loads.append(time.perf_counter() - begin)
        size = path.stat().st_size / 1e6 if path else 0.0
        print(
            f"  build {built - start:.2f} s, store {stored - built:.2f} s, "
            f"load {min(loads):.3f} s (best of {args.repeat}); file {size:.1f} MB"
        )
    with tempfile.TemporaryDirectory(prefix="bw-cache-") as name:
        print("(2) fresh processes, start to first classify() answer")
        _row("cold", *_child(Path(name)))
        warm = [_child(Path(name)) for _ in range(args.repeat)]
        for wall, timing in sorted(warm, key=lambda w: w[0])[: min(3, len(warm))]:
            _row("warm", wall, timing)


if __name__ == "__main__":
    main()
