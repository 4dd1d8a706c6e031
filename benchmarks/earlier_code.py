"""An earlier revision's default goods classifier, on the same rows, in a child process.

The benchmarks' "previous release" column: ``benchmarks/classify.py --baseline`` and
``benchmarks/classify_titles.py --baseline`` take either the ``src`` folder of another
checkout or a git revision of this repository (read with ``git archive``, nothing
checked out). The child has a cache folder of its own, since the two codes' classifier
cache files would replace each other's, and runs without the opt-in ranker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from borderwatch.model.verdict import HSCandidate

__all__ = ["baseline_answers"]

ROOT = Path(__file__).resolve().parents[1]

_WORKER = """
import json, sys
from borderwatch.goods.classifier import default_classifier
classifier = default_classifier()
for line in sys.stdin:
    found = classifier.classify(json.loads(line), top_k=5)
    print(json.dumps([[c.hs, c.score, c.explanation] for c in found]), flush=True)
"""


@contextmanager
def _source(baseline: str) -> Iterator[Path]:
    """The ``src`` folder of ``baseline``: as given when a folder, else extracted from
    ``git archive`` of that revision into a temporary folder."""
    if Path(baseline).is_dir():
        yield Path(baseline)
        return
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", baseline, "src"], check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryDirectory(prefix="bw-baseline-src-") as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        yield Path(folder) / "src"


def baseline_answers(baseline: str, texts: Iterable[str]) -> dict[str, list[HSCandidate]]:
    """The top five candidates of ``baseline``'s default classifier for each text."""
    unique = list(dict.fromkeys(texts))
    with _source(baseline) as source, tempfile.TemporaryDirectory(prefix="bw-baseline-") as cache:
        env = {**os.environ, "PYTHONPATH": str(source), "BORDERWATCH_CACHE_DIR": cache}
        env.pop("BORDERWATCH_CLASSIFY_RANKER", None)
        done = subprocess.run(
            [sys.executable, "-c", _WORKER],
            input="".join(json.dumps(t) + "\n" for t in unique),
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"the baseline {baseline} failed: {done.stderr.strip()[-2000:]}")
    lines = done.stdout.splitlines()
    if len(lines) != len(unique):
        raise SystemExit(f"the baseline {baseline} answered {len(lines)} of {len(unique)} rows")
    return {
        text: [
            HSCandidate(hs=hs, score=score, explanation=why) for hs, score, why in json.loads(line)
        ]
        for text, line in zip(unique, lines, strict=True)
    }
