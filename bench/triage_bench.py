#!/usr/bin/env python3
"""Benchmark the triage engine in-process: decisions per second and p50/p99 latency.

    PYTHONPATH=. python bench/triage_bench.py                       # dev set, 20 rounds
    PYTHONPATH=. python bench/triage_bench.py --dev-set FILE -n 50

The messages of the dev set (JSON Lines with a "text" field) are triaged N times in turn,
after one warm-up round; the language is not passed. Prints a table, one row per language
and a total, of wall-clock latency and of the thread's CPU time (which other processes on a
shared machine do not inflate). This is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from navigator.triage import triage
from navigator.triage.lexicon import get_index

DEFAULT_SET = REPO.parent / "shared" / "eval" / "triage_dev.jsonl"


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0..1) of already sorted values."""
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))]


def main(argv=None) -> int:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev-set", default=str(DEFAULT_SET))
    ap.add_argument("-n", "--rounds", type=int, default=20)
    args = ap.parse_args(argv)

    with open(args.dev_set, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    start = time.perf_counter()
    get_index()
    load_ms = (time.perf_counter() - start) * 1000
    cold = []
    for row in rows:
        t0 = time.perf_counter()
        triage(row["text"])
        cold.append(time.perf_counter() - t0)

    by_lang: dict[str, list[float]] = collections.defaultdict(list)
    everything: list[float] = []
    cpu: list[float] = []
    wall = time.perf_counter()
    for _ in range(args.rounds):
        for row in rows:
            c0 = time.thread_time()
            t0 = time.perf_counter()
            triage(row["text"])
            elapsed = time.perf_counter() - t0
            cpu.append(time.thread_time() - c0)
            by_lang[row.get("lang", "?")].append(elapsed)
            everything.append(elapsed)
    wall = time.perf_counter() - wall

    print(f"lexicons loaded and compiled in {load_ms:.0f} ms; {len(rows)} messages x {args.rounds} rounds")
    cold.sort()
    print(f"first pass (cold word caches): p50 {percentile(cold, .5) * 1000:.3f} ms  "
          f"p99 {percentile(cold, .99) * 1000:.3f} ms  max {cold[-1] * 1000:.3f} ms")
    print(f"{'lang':6}{'n':>8}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for lang in sorted(by_lang):
        values = sorted(by_lang[lang])
        print(f"{lang:6}{len(values):>8}{percentile(values, .5) * 1000:>10.3f}"
              f"{percentile(values, .99) * 1000:>10.3f}{values[-1] * 1000:>10.3f}")
    everything.sort()
    print(f"{'all':6}{len(everything):>8}{percentile(everything, .5) * 1000:>10.3f}"
          f"{percentile(everything, .99) * 1000:>10.3f}{everything[-1] * 1000:>10.3f}")
    cpu.sort()
    print(f"{'cpu':6}{len(cpu):>8}{percentile(cpu, .5) * 1000:>10.3f}"
          f"{percentile(cpu, .99) * 1000:>10.3f}{cpu[-1] * 1000:>10.3f}   (thread CPU time)")
    print(f"throughput: {len(everything) / wall:,.0f} decisions/second (one thread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
