#!/usr/bin/env python3
"""Score the triage engine in-process on a labelled JSON Lines file (same figures as shared/eval/score.py).

    PYTHONPATH=. python bench/triage_eval.py ../shared/eval/triage_dev.jsonl
    PYTHONPATH=. python bench/triage_eval.py ../shared/eval/triage_dev.jsonl --lang pl --wrong

Each line is {"id", "text", "lang", "route"}. The language is not passed to the engine unless
--send-lang. Prints accuracy by language and route, confusions, every under-triaged message,
language detection, and (with --wrong) each wrong answer with the phrases that fired.
Exit status 1 when a --min-accuracy / --max-undertriage bar is missed.
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
from navigator.triage.concepts import ROMANISED, coverage, get_concept_index

ROUTES = ["emergency", "crisis", "utc", "nhs111", "dental", "pharmacy", "gp", "voluntary", "unknown"]
DEFAULT_SET = REPO.parent / "shared" / "eval" / "triage_dev.jsonl"


def is_undertriage(expected, got):
    """Copied from shared/eval/score.py: a red flag not sent to 999, a crisis sent below crisis."""
    if expected == "emergency":
        return got != "emergency"
    if expected == "crisis":
        return got not in ("crisis", "emergency")
    return False


def pct(a, b):
    """A percentage for the table."""
    return f"{100.0 * a / b:5.1f}%" if b else "   n/a"


def main(argv=None):
    """Run the engine over the file and print the report."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(DEFAULT_SET))
    ap.add_argument("--send-lang", action="store_true", help="pass the labelled language as a hint")
    ap.add_argument("--lang", action="append", help="only these languages (repeatable)")
    ap.add_argument("--wrong", action="store_true", help="list every wrong answer with what matched")
    ap.add_argument("--min-accuracy", type=float, default=None)
    ap.add_argument("--max-undertriage", type=int, default=None)
    ap.add_argument("--quiet", action="store_true", help="only the summary lines")
    ap.add_argument("--coverage", action="store_true", help="print the concept x language coverage table first")
    args = ap.parse_args(argv)

    if args.coverage:
        print_coverage()
    with open(args.file, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    if args.lang:
        rows = [r for r in rows if r.get("lang") in args.lang]
    by_lang = collections.defaultdict(lambda: [0, 0])
    by_route = collections.defaultdict(lambda: [0, 0])
    lang_by_lang = collections.defaultdict(lambda: [0, 0])
    confusion = collections.Counter()
    lang_confusion = collections.Counter()
    under, wrong, latencies = [], [], []
    for row in rows:
        start = time.perf_counter()
        decision = triage(row["text"], lang=row.get("lang") if args.send_lang else None)
        latencies.append(time.perf_counter() - start)
        got = decision.route
        ok = got == row["route"]
        for table, key in ((by_lang, row.get("lang", "?")), (by_route, row["route"])):
            table[key][0] += ok
            table[key][1] += 1
        confusion[(row["route"], got)] += 1
        lang_ok = decision.language == row.get("lang")
        lang_by_lang[row.get("lang", "?")][0] += lang_ok
        lang_by_lang[row.get("lang", "?")][1] += 1
        if not lang_ok:
            lang_confusion[(row.get("lang"), decision.language)] += 1
        if is_undertriage(row["route"], got):
            under.append((row, decision))
        elif not ok:
            wrong.append((row, decision))

    total = len(rows)
    correct = sum(v[0] for v in by_lang.values())
    if not args.quiet:
        print("by language:            route      language")
        for lang, (c, n) in sorted(by_lang.items()):
            lc, ln = lang_by_lang[lang]
            print(f"  {lang:4} {pct(c, n)}  ({c}/{n})    {pct(lc, ln)}")
        print("by expected route (recall):")
        for route in ROUTES:
            if route in by_route:
                c, n = by_route[route]
                print(f"  {route:10} {pct(c, n)}  ({c}/{n})")
        print("confusions (expected -> got: count):")
        for (exp, got), n in sorted(confusion.items(), key=lambda kv: -kv[1]):
            if exp != got:
                print(f"  {exp} -> {got}: {n}")
        if lang_confusion:
            print("language confusions (labelled -> detected: count):")
            for (exp, got), n in sorted(lang_confusion.items(), key=lambda kv: -kv[1]):
                print(f"  {exp} -> {got}: {n}")
        if under:
            print("UNDER-TRIAGED (red flag or crisis sent lower):")
            for row, d in under:
                print(f"  {row.get('id')} [{row.get('lang')}] expected {row['route']}, got {d.route}: {row['text']}")
                print(f"      matched {[(m.term, m.rule) for m in d.matched]}")
        if args.wrong and wrong:
            print("wrong:")
            for row, d in wrong:
                print(f"  {row.get('id')} [{row.get('lang')}->{d.language}] expected {row['route']}, got {d.route}: "
                      f"{row['text']}")
                print(f"      matched {[(m.term, m.rule) for m in d.matched]} modifiers {sorted(d.modifiers)} age {d.age}")
    lat = sorted(latencies)
    p50 = lat[len(lat) // 2] * 1000 if lat else 0
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else 0
    lang_hits = sum(v[0] for v in lang_by_lang.values())
    print(f"language detected: {pct(lang_hits, total)}  latency p50 {p50:.2f} ms p99 {p99:.2f} ms (first pass, cold caches)")
    print(f"under-triaged: {len(under)}")
    accuracy = correct / total if total else 0.0
    print(f"accuracy: {accuracy:.3f} ({correct}/{total})")
    missed = (args.min_accuracy is not None and accuracy < args.min_accuracy) or (
        args.max_undertriage is not None and len(under) > args.max_undertriage
    )
    return 1 if missed else 0


LANGS = ["en", "pl", "ro", "ar", "so", "pt", "es", "gu", "ur", "ta", "fa", "bn", "pa"]


def print_coverage():
    """Concept x language table: forms per language (native script / Latin letters for romanised ones).

    `!` marks a red-flag concept missing in a language (tests/triage/test_concepts.py fails on it).
    """
    index = get_concept_index()
    table = coverage(index, LANGS)
    print("concept coverage (forms; native/Latin for " + " ".join(sorted(ROMANISED)) + "; * red flag, ! missing):")
    print(f"  {'concept':17}" + "".join(f"{lang:>7}" for lang in LANGS))
    gaps = 0
    for concept, row in table.items():
        red = index.concepts[concept].red
        cells = []
        for lang in LANGS:
            native, latin = row[lang]
            cell = f"{native}/{latin}" if lang in ROMANISED else str(native + latin)
            if red and (native + latin == 0 or (lang in ROMANISED and not (native and latin))):
                cell += "!"
                gaps += 1
            cells.append(f"{cell:>7}")
        print(f"  {concept + ('*' if red else ''):17}" + "".join(cells))
    print(f"  {len(index.signs)} sign rules, {len(table)} concepts, red-flag gaps: {gaps}")


if __name__ == "__main__":
    sys.exit(main())
