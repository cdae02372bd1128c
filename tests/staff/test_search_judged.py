"""Staff search relevance on a judged query set: precision@5 over realistic prescriber and NHS 111 queries.

The queries and the services a professional would expect in the first five results are data
(tests/staff/data/judged_queries.yaml), judged by hand against the bundled directory.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from navigator.directory.models import Service
from navigator.directory.postcodes import resolve_place
from navigator.directory.search import SearchQuery, search
from tests.conftest import WEDNESDAY_2PM

JUDGED = Path(__file__).parent / "data" / "judged_queries.yaml"
TARGET = 0.8


def _flatten(items) -> set[str]:
    out: set[str] = set()
    for item in items or []:
        out |= _flatten(item) if isinstance(item, list) else {item}
    return out


def load_judged() -> list[dict]:
    return yaml.safe_load(JUDGED.read_text(encoding="utf-8"))


def test_the_judged_set_is_large_and_names_real_services(db):
    judged = load_judged()
    assert len(judged) >= 40
    names = set(db.scalars(__import__("sqlalchemy").select(Service.name)).all())
    for case in judged:
        missing = _flatten(case.get("relevant")) - names
        assert not missing, (case["query"], missing)
        assert case.get("relevant") or case.get("relevant_route")


def precision_at_5(db, data_dir, case: dict) -> tuple[float, list[str]]:
    near = resolve_place(db, case["near"]) if case.get("near") else None
    query = SearchQuery(
        text=case["query"],
        near=near,
        borough=case.get("borough"),
        open_at=WEDNESDAY_2PM if case.get("open_now") else None,
    )
    top = search(db, data_dir, query, WEDNESDAY_2PM).hits[:5]
    relevant = _flatten(case.get("relevant"))
    routes = case.get("relevant_route")
    routes = {routes} if isinstance(routes, str) else set(routes or [])

    def is_relevant(hit) -> bool:
        return hit.service.name in relevant or hit.service.route in routes

    found = sum(1 for h in top if is_relevant(h))
    possible = 5 if routes else min(5, len(relevant))
    return found / possible, [("+ " if is_relevant(h) else "- ") + h.service.name for h in top]


def test_precision_at_5_on_the_judged_queries(app, db, database_url):
    judged = load_judged()
    scores = []
    report = []
    for case in judged:
        p, top = precision_at_5(db, app.config["DATA_DIR"], case)
        scores.append(p)
        if p < 1:
            report.append(f"{p:.2f} {case['query']!r}: {top}")
    mean = sum(scores) / len(scores)
    backend = database_url.split(":", 1)[0]
    print(f"\nstaff search judged set ({backend}): precision@5 = {mean:.3f} over {len(scores)} queries")
    for line in report:
        print("  ", line)
    assert mean >= TARGET, "\n".join(report)


@pytest.mark.parametrize(
    "text,not_expected",
    [
        ("mental health peer support Westminster", "Peter"),  # "peer" is not a typo of "peter"
        ("carers", "Urgent"),  # "carers" is not "care" (urgent care centres)
    ],
)
def test_short_words_are_not_fuzzily_matched(app, db, text, not_expected):
    hits = search(db, app.config["DATA_DIR"], SearchQuery(text=text), WEDNESDAY_2PM).hits
    assert hits
    assert not any(not_expected in h.service.name for h in hits)


@pytest.mark.parametrize(
    "text,code",
    [("Bengali", "bn"), ("Bangla", "bn"), ("Farsi", "fa"), ("Persian", "fa"), ("Panjabi", "pa"), ("Punjabi", "pa"), ("Gujarati", "gu"), ("Tamil", "ta")],
)
def test_language_names_in_every_common_spelling(app, db, text, code):
    result = search(db, app.config["DATA_DIR"], SearchQuery(text=f"debt advice for someone who speaks {text}"), WEDNESDAY_2PM)
    assert result.language_from_text == code


def test_synonyms_reach_services_that_use_other_words_and_say_which(app, db):
    hits = search(db, app.config["DATA_DIR"], SearchQuery(text="ESOL"), WEDNESDAY_2PM).hits
    assert [h.service.name for h in hits[:1]] == ["West London Welcome"]
    assert any("“english” in description" in why and "for “esol”" in why for why in hits[0].why)
