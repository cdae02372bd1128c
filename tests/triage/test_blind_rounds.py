"""Blind rounds (issue 11) as regression tests: batches written by people who never saw the code,
lexicons or tests, each scored before any fix, then families fixed in general. Every red flag and
crisis must stay at or above its route, and each batch's accuracy must not fall below what it reached.

| round | messages | before its fixes | floor (reached after fixes) |
|---|---|---|---|
| 1 | 234 | 0.838, 14 under-triaged (concept layer) | 0.92 (0.927) |
| 2 | 208 | 0.697, 28 under-triaged (with round-1 fixes) | 0.82 (0.832) |
| 3 | 208 | 0.663, 34 under-triaged (with round-1 and 2 fixes) | 0.90 (0.928) |
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from navigator.triage import triage
from navigator.triage.rules import ROUTE_RANK

DATA = Path(__file__).parent / "data"
FLOORS = {"blind_r1": 0.92, "blind_r2": 0.82, "blind_r3": 0.90}  # they may rise, never fall
ROWS = {name: [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        for name in FLOORS}
RED = [r for rows in ROWS.values() for r in rows if r["route"] in ("emergency", "crisis")]


@pytest.mark.parametrize("row", RED, ids=[r["id"] for r in RED])
def test_red_flags_and_crises_are_not_under_triaged(row):
    decision = triage(row["text"])
    if row["route"] == "emergency":
        assert decision.route == "emergency", (row["text"], decision.route, [(m.term, m.rule) for m in decision.matched])
    else:
        assert ROUTE_RANK[decision.route] <= ROUTE_RANK["crisis"], (row["text"], decision.route)


@pytest.mark.parametrize("name", FLOORS)
def test_batch_accuracy_does_not_fall(name):
    rows = ROWS[name]
    right = sum(triage(r["text"]).route == r["route"] for r in rows)
    assert right / len(rows) >= FLOORS[name], f"{right}/{len(rows)}"
