"""The HTTP service under load: a 20-item baggage declaration at a fixed request rate.

Starts ``borderwatch serve`` on loopback (SQLite in a temporary data folder, and
PostgreSQL when --postgres URL is given), sends POST /v1/screenings at --rate
requests a second for --seconds with an async httpx client (open loop: requests
leave on schedule whether or not earlier ones have answered, so a slow server
shows as latency, not as a lower offered rate), and prints p50, p99, the
throughput achieved and the errors. Beside it, in the same run, the time the
same assembly takes in-process per declaration (what ``borderwatch screen``
spends per declaration once started), so the HTTP overhead is visible.

The target of issue 12: p99 under 50 ms at 100 requests a second on this
2-core machine. Prints figures; asserts nothing.

Usage: python benchmarks/serve.py [--rate 100] [--seconds 20]
       [--postgres postgresql+psycopg://user@127.0.0.1:5432/db]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ITEMS = [
    ("rice cooker", "851660"),
    ("laptop computer", "847130"),
    ("television", "852872"),
    ("mobile phone", "851713"),
    ("winter coat", "620193"),
    ("leather handbag", "420221"),
    ("running shoes", "640411"),
    ("instant noodles", "190230"),
    ("face cream", "330499"),
    ("perfume", "330300"),
]


def declaration(index: int) -> dict[str, Any]:
    """A returning worker's bag of 20 items (two of each kind), unique id per request."""
    return {
        "id": f"LOAD-{index}",
        "date": "2019-02-12",
        "crossing": "dandong",
        "direction": "export",
        "country": "KP",
        "channel": "baggage",
        "traveller": {"name": "Ri Yong Chol", "category": "returning_worker"},
        "items": [
            {"id": str(n + 1), "description": text, "hs": code}
            for n, (text, code) in enumerate(ITEMS * 2)
        ],
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start(database_url: str | None, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = dict(os.environ, BORDERWATCH_DATA_DIR=str(data_dir))
    if database_url:
        env["BORDERWATCH_DATABASE_URL"] = database_url
    process = subprocess.Popen(
        [sys.executable, "-m", "borderwatch", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("the server did not start within 180 s")


async def load(base: str, rate: float, seconds: float) -> tuple[list[float], int, float]:
    """(latencies in seconds of successful requests, errors, wall time)."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def one(index: int) -> None:
            nonlocal errors
            started = time.perf_counter()
            try:
                response = await client.post("/v1/screenings", json=declaration(index))
            except httpx.HTTPError:
                errors += 1
                return
            if response.status_code == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1

        total = int(rate * seconds)
        began = time.perf_counter()
        tasks = []
        for index in range(total):
            delay = began + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(index)))
        await asyncio.gather(*tasks)
        return latencies, errors, time.perf_counter() - began


def in_process(count: int) -> float:
    """Seconds per declaration screened by the same assembly, without HTTP."""
    from borderwatch.assembly import ScreeningChoices, build_screener
    from borderwatch.model import Declaration

    screener = build_screener(ScreeningChoices(learned=False))
    bags = [Declaration.model_validate(declaration(i)) for i in range(count)]
    screener.screen(bags[0])
    started = time.perf_counter()
    for bag in bags:
        screener.screen(bag)
    return (time.perf_counter() - started) / count


def report(label: str, latencies: list[float], errors: int, wall: float, offered: float) -> None:
    if not latencies:
        print(f"{label}: every request failed ({errors} errors)")
        return
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{label}: offered {offered:.0f} req/s, achieved {len(latencies) / wall:.1f} req/s; "
        f"p50 {cuts[49] * 1e3:.1f} ms, p99 {cuts[98] * 1e3:.1f} ms; "
        f"{errors} errors of {len(latencies) + errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL URL to run against too")
    args = parser.parse_args()
    stores: list[tuple[str, str | None]] = [("SQLite", None)]
    if args.postgres:
        stores.append(("PostgreSQL", args.postgres))
    for label, url in stores:
        with tempfile.TemporaryDirectory() as folder:
            process, base = start(url, Path(folder))
            try:
                asyncio.run(load(base, args.rate, 2))  # warm-up
                latencies, errors, wall = asyncio.run(load(base, args.rate, args.seconds))
            finally:
                process.terminate()
                process.wait(timeout=30)
        report(f"HTTP, {label}", latencies, errors, wall, args.rate)
    per = in_process(200)
    print(f"in-process, same assembly: {per * 1e3:.2f} ms per 20-item declaration")


if __name__ == "__main__":
    main()
