#!/usr/bin/env python3
"""Benchmark staff directory search (and local alternatives) at the bundled directory size.

    PYTHONPATH=. python bench/search_bench.py                 # fresh SQLite with directory_data/, 30 rounds
    PYTHONPATH=. python bench/search_bench.py -n 50 --database-url postgresql://127.0.0.1:5432/navigator

Without --database-url a throw-away SQLite database is migrated and loaded first. Each realistic
query runs once to warm up, then N rounds in turn. Two timings per query: `search()` in-process
(the prepared index, including its "has the directory changed?" check and place lookup), and the
whole `GET /staff/search` page through the Flask test client as a signed-in prescriber. Target:
page p95 under 100 ms. This is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from navigator import create_app, db  # noqa: E402
from navigator.directory.hours import LONDON  # noqa: E402
from navigator.directory.postcodes import resolve_place  # noqa: E402
from navigator.staff.alternatives import local_alternatives  # noqa: E402
from navigator.directory.search import SearchQuery, search, search_index  # noqa: E402

NOW = dt.datetime(2026, 11, 25, 14, 0, tzinfo=LONDON)  # a Wednesday afternoon
QUERIES: list[dict] = [
    {"q": "debt advice", "near": "HA0 4UJ"},
    {"q": "lonely older man in Hounslow who speaks Punjabi"},
    {"q": "food bank", "borough": "Ealing"},
    {"q": "carers support", "open": "now"},
    {"q": "citizns advise"},
    {"q": "pharmacy", "near": "W12 0HS", "radius_km": "1", "open": "now"},
    {"need": "sore_throat", "near": "UB3 1AA", "radius_km": "2"},
    {"q": "mental health support groups"},
    {"q": "housing eviction help"},
    {"q": "domestic abuse", "language": "pa"},
    {"route": "gp", "open": "at", "at": "2026-11-29T12:00"},
    {"q": "young carers", "age": "12"},
    {"q": "dementia"},
    {"q": "urgent treatment centre near Ealing"},
    {"q": "benefits universal credit"},
    {"q": "refugee asylum support"},
    {"q": "digital skills computer help"},
    {"q": "alcohol drugs gambling"},
    {"q": "finding work job support", "borough": "Brent"},
    {"q": "samaritans"},
]
POSTCODES = ["UB3 1AA", "HA0 4UJ", "W12 0HS", "TW3 3EB", "NW10 7NS", "W2 1NY", "HA1 3UJ", "UB8 3NN"]


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0..1) of already sorted values."""
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))]


def fresh_sqlite() -> str:
    """A throw-away SQLite database, migrated and loaded with directory_data/."""
    from navigator.cli import setup_database

    url = f"sqlite:///{tempfile.mkdtemp(prefix='navigator-bench-')}/bench.db"
    setup_database(url)
    return url


def to_query(session, params: dict) -> SearchQuery:
    """The SearchQuery the staff page builds from these form values."""
    near = resolve_place(session, params["near"]) if params.get("near") else None
    open_at = None
    if params.get("open") == "now":
        open_at = NOW
    elif params.get("open") == "at":
        open_at = dt.datetime.fromisoformat(params["at"]).replace(tzinfo=LONDON)
    return SearchQuery(
        text=params.get("q", ""),
        need=params.get("need"),
        route=params.get("route"),
        borough=params.get("borough"),
        near=near,
        radius_km=float(params["radius_km"]) if params.get("radius_km") else None,
        open_at=open_at,
        language=params.get("language"),
        age=int(params["age"]) if params.get("age") else None,
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def main(argv=None) -> int:
    """Run the benchmark and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--rounds", type=int, default=30)
    ap.add_argument("--database-url", default=None, help="an already loaded database (default: a fresh SQLite)")
    args = ap.parse_args(argv)

    url = args.database_url or fresh_sqlite()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "NOW": NOW, "WTF_CSRF_ENABLED": False, "TESTING": True})
    client = app.test_client()
    with app.app_context():
        from navigator.staff.auth import create_user

        email = f"bench-{time.time_ns()}@staff.test"
        create_user(db.session(), email, "bench password long", "prescriber")
        started = time.perf_counter()
        index = search_index(db.session(), app.config["DATA_DIR"])
        build = time.perf_counter() - started
        services = len(index.services)
    client.post("/staff/login", data={"email": email, "password": "bench password long"})

    rows = []
    engine_all: list[float] = []
    page_all: list[float] = []
    with app.app_context():
        session = db.session()
        data_dir = app.config["DATA_DIR"]
        for params in QUERIES:
            path = "/staff/search?" + urlencode(params)
            found = search(session, data_dir, to_query(session, params), NOW).total
            assert client.get(path).status_code == 200
            engine_times, page_times = [], []
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                search(session, data_dir, to_query(session, params), NOW)
                engine_times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                client.get(path)
                page_times.append(time.perf_counter() - t0)
            engine_times.sort()
            page_times.sort()
            engine_all += engine_times
            page_all += page_times
            label = " ".join(f"{k}={v}" for k, v in params.items())
            rows.append((label, found, engine_times, page_times))

        alt_times = []
        for postcode in POSTCODES:
            place = resolve_place(session, postcode)
            local_alternatives(session, data_dir, place, NOW)
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                local_alternatives(session, data_dir, place, NOW)
                alt_times.append(time.perf_counter() - t0)
        alt_times.sort()

    print(f"staff search benchmark: {services} services indexed in {build * 1000:.0f} ms; {args.rounds} rounds; times in ms")
    print(f"{'query':<62} {'found':>5} {'search p50':>10} {'p95':>8} {'page p50':>9} {'p95':>8}")
    for label, found, engine_times, page_times in rows:
        print(
            f"{label[:62]:<62} {found:>5} {ms(percentile(engine_times, 0.5)):>10} {ms(percentile(engine_times, 0.95))}"
            f" {ms(percentile(page_times, 0.5)):>9} {ms(percentile(page_times, 0.95))}"
        )
    engine_all.sort()
    page_all.sort()
    print(
        f"{'ALL (' + str(len(engine_all)) + ' searches)':<62} {'':>5} {ms(percentile(engine_all, 0.5)):>10} "
        f"{ms(percentile(engine_all, 0.95))} {ms(percentile(page_all, 0.5)):>9} {ms(percentile(page_all, 0.95))}"
    )
    print(
        f"local alternatives, {len(POSTCODES)} postcodes: p50 {percentile(alt_times, 0.5) * 1000:.2f} ms, "
        f"p95 {percentile(alt_times, 0.95) * 1000:.2f} ms, max {alt_times[-1] * 1000:.2f} ms"
    )
    target = percentile(page_all, 0.95) < 0.100
    print(f"target (page p95 < 100 ms): {'met' if target else 'NOT met'}")
    app.extensions["db_engine"].dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
