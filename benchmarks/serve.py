"""The HTTP service under load: a 20-item baggage declaration at a fixed request rate.

Starts ``borderwatch serve`` on loopback over a SQLite store in a temporary
folder (and with --postgres, over a new database made on that server for the
run and dropped after it), adds an officer of Dandong with an API token, and
sends at --rate requests a second for --seconds, with an async httpx client:

- POST /v1/screenings: screen the declaration, store nothing;
- POST /v1/declarations: screen it and store it, its 20 items, its screening
  and its audit entry in one transaction (a new Idempotency-Key each time).

The load is an open loop: requests leave on schedule whether or not earlier
ones have answered, so a slow server shows as latency, not as a lower offered
rate. Prints p50, p99, the throughput achieved and the errors of each, and
beside them, in the same run, the time the same assembly takes in-process per
declaration (what ``borderwatch screen`` spends per declaration once started),
so the HTTP and store overhead is visible.

The server runs one worker per core unless --workers says otherwise (one
worker is one Python process, which uses one core at a time). The target of
issue 12: p99 under 50 ms at 100 requests a second on this 2-core machine.
Prints figures; asserts nothing.

Usage: python benchmarks/serve.py [--rate 100] [--seconds 20] [--route both]
       [--workers 1]
       [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
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


SERVE = [sys.executable, "-m", "borderwatch", "serve"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def officer_token(database_url: str) -> str:
    """A new officer of Dandong in the store at ``database_url``, and their API token."""
    from borderwatch.store.accounts import add_user
    from borderwatch.store.api_tokens import issue_token
    from borderwatch.store.database import open_database

    engine = open_database(database_url)
    name = f"bench.{uuid.uuid4().hex[:8]}"
    with engine.begin() as conn:
        add_user(
            conn, name, "benchmark password", role="officer", crossing="dandong", actor="bench"
        )
        token = issue_token(conn, name, crossing="dandong", label="benchmark", actor="bench").token
    engine.dispose()
    return token


@contextlib.contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of ``server_url``, dropped after."""
    from sqlalchemy import create_engine, make_url, text

    name = f"borderwatch_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def start(
    database_url: str, data_dir: Path, workers: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = dict(os.environ, BORDERWATCH_DATA_DIR=str(data_dir))
    env["BORDERWATCH_DATABASE_URL"] = database_url
    process = subprocess.Popen(
        [*SERVE, "--port", str(port), "--workers", str(workers)],
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


async def load(
    client: httpx.AsyncClient, rate: float, seconds: float, token: str, stored: bool = False
) -> tuple[list[float], Counter[str], float]:
    """(latencies in seconds of successful requests, errors by kind, wall time); when
    ``stored``, each request stores a new declaration (POST /v1/declarations)."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    run = uuid.uuid4().hex[:8]  # client ids new to the store, whatever ran before

    async def one(index: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        if stored:
            headers["Idempotency-Key"] = f"LOAD-{run}-{index}"
        route = "/v1/declarations" if stored else "/v1/screenings"
        started = time.perf_counter()
        try:
            response = await client.post(route, json=declaration(index), headers=headers)
        except httpx.HTTPError as exc:
            errors[type(exc).__name__] += 1
            return
        if response.status_code == (201 if stored else 200):
            latencies.append(time.perf_counter() - started)
        else:
            errors[f"HTTP {response.status_code}"] += 1

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


async def warmed_up(
    base: str, rate: float, seconds: float, token: str, stored: bool
) -> tuple[list[float], Counter[str], float]:
    """:func:`load` after two seconds of the same load on the same client: the server's
    and the client's connections are open and warm, as a gateway's are."""
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        await load(client, rate, 2, token, stored)
        return await load(client, rate, seconds, token, stored)


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


def report(
    label: str, latencies: list[float], errors: Counter[str], wall: float, offered: float
) -> None:
    failed = sum(errors.values())
    kinds = f" ({', '.join(f'{n} {kind}' for kind, n in errors.most_common())})" if failed else ""
    if not latencies:
        print(f"{label}: every request failed{kinds}")
        return
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{label}: offered {offered:.0f} req/s, achieved {len(latencies) / wall:.1f} req/s; "
        f"p50 {cuts[49] * 1e3:.1f} ms, p99 {cuts[98] * 1e3:.1f} ms; "
        f"{failed} errors of {len(latencies) + failed}{kinds}"
    )


def measure(label: str, url: str, folder: Path, args: argparse.Namespace) -> None:
    """Each route of ``args.routes`` under load, on a server over the store at ``url``."""
    token = officer_token(url)
    process, base = start(url, folder, args.workers)
    try:
        for stored in args.routes:
            latencies, errors, wall = asyncio.run(
                warmed_up(base, args.rate, args.seconds, token, stored)
            )
            route = "POST /v1/declarations (stored)" if stored else "POST /v1/screenings"
            report(f"HTTP {route}, {label}", latencies, errors, wall, args.rate)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0, help="requests a second")
    parser.add_argument("--seconds", type=float, default=20.0, help="per route and store")
    parser.add_argument(
        "--postgres",
        default=None,
        help="a PostgreSQL server's URL: run against a new database there too",
    )
    parser.add_argument(
        "--route",
        choices=("screen", "store", "both"),
        default="both",
        help="POST /v1/screenings, POST /v1/declarations (stored), or both (default)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="`borderwatch serve --workers` (default: one per core, as the README advises)",
    )
    args = parser.parse_args()
    args.routes = {"screen": [False], "store": [True], "both": [False, True]}[args.route]
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", f"sqlite:///{Path(folder) / 'store.sqlite'}", Path(folder), args)
    if args.postgres:
        with tempfile.TemporaryDirectory() as folder, scratch_database(args.postgres) as url:
            measure("PostgreSQL", url, Path(folder), args)
    per = in_process(200)
    print(f"in-process, same assembly: {per * 1e3:.2f} ms per 20-item declaration")


if __name__ == "__main__":
    main()
