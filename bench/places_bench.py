#!/usr/bin/env python3
"""Benchmark finding a place in residents' messages (no database: full postcodes are only parsed here).

    PYTHONPATH=. python bench/places_bench.py            # 20 rounds over the triage dev set's messages

Prints the one-off index build time and per-message p50 / p95 / max of `find_in_text` over every
message of ../shared/eval/triage_dev.jsonl (13 languages, with and without places), each round on
slightly changed text so the per-word cache does not hide the work. Target: p50 under 1 ms.
This is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from navigator.directory.places import find_in_text, gazetteer  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--messages", default=str(REPO.parent / "shared" / "eval" / "triage_dev.jsonl"))
    args = parser.parse_args()
    with open(args.messages, encoding="utf-8") as fh:
        messages = [json.loads(line)["text"] for line in fh if line.strip()]
    start = time.perf_counter()
    gazetteer()
    build = time.perf_counter() - start
    found = sum(1 for m in messages if find_in_text(m))
    times = []
    for round_ in range(args.n):
        for text in messages:
            t = time.perf_counter()
            find_in_text(f"{text} {round_}")
            times.append(time.perf_counter() - t)
    print(f"index build (once per process): {build * 1000:.0f} ms; {len(gazetteer().names):,} names")
    print(f"{len(messages)} messages x {args.n} rounds; a place found in {found}")
    print(f"find_in_text per message: p50 {percentile(times, 0.5) * 1e6:.0f} us, p95 {percentile(times, 0.95) * 1e6:.0f} us, "
          f"max {max(times) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
