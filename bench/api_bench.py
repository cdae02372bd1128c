#!/usr/bin/env python3
"""Benchmark the HTTP endpoints in-process (Flask test client): p50/p95/p99 per endpoint.

    python bench/api_bench.py                 # builds a scratch SQLite database with the bundled directory
    python bench/api_bench.py --database-url postgresql://127.0.0.1:5432/navigator -n 200

Each request runs N times after a warm-up; the chat benchmark is a two-turn conversation
(need, then postcode). Prints a table. A measurement, not a test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from navigator import create_app  # noqa: E402
from navigator.directory.hours import LONDON  # noqa: E402

WEDNESDAY_2PM = dt.datetime(2026, 11, 25, 14, 0, tzinfo=LONDON)
GETS = [
    ("services: pharmacy near W12 0HS open now", "/api/v1/services?route=pharmacy&near=W12%200HS&open_now=1"),
    ("services: typo text search", "/api/v1/services?q=hilingdon%20hospitl"),
    ("services: need in borough", "/api/v1/services?need=housing&borough=Brent"),
    ("alternatives: UB3 1AA", "/api/v1/alternatives?near=UB3%201AA"),
    ("oruk: services page", "/oruk/services?per_page=50"),
]


def prepare(url: str | None) -> str:
    """A migrated, loaded database URL (a scratch SQLite file unless one is given)."""
    from navigator.cli import setup_database

    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='navigator-bench-')}/bench.db"
    setup_database(url)
    return url


def timed(fn, n: int) -> list[float]:
    fn()
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return sorted(out)


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(len(values) * q))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=None)
    ap.add_argument("-n", type=int, default=100)
    args = ap.parse_args(argv)
    url = prepare(args.database_url)
    app = create_app({"DATABASE_URL": url, "NOW": WEDNESDAY_2PM, "SECRET_KEY": "bench"})
    client = app.test_client()
    rows = []
    for label, path in GETS:
        def get(path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        rows.append((label, timed(get, args.n)))

    def conversation():
        first = client.post("/api/v1/chat", json={"text": "sore throat for three days"}).get_json()
        client.post("/api/v1/chat", json={"text": "W12 0HS", "session": first["session"]})

    rows.append(("chat: two-turn conversation", timed(conversation, args.n)))
    rows.append(("triage: POST /api/v1/triage", timed(lambda: client.post("/api/v1/triage", json={"text": "my dad has chest pain"}), args.n)))
    print(f"database: {url.split('://')[0]}, {args.n} runs each (ms)")
    print(f"{'endpoint':44} {'p50':>8} {'p95':>8} {'p99':>8} {'mean':>8}")
    for label, values in rows:
        print(f"{label:44} {pct(values, .5):8.2f} {pct(values, .95):8.2f} {pct(values, .99):8.2f} {statistics.mean(values):8.2f}")
    app.extensions["db_engine"].dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
