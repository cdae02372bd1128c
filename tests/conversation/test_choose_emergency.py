"""The nearest-A&E choice respects the patient's age (unit tests: made-up departments, no database)."""
from __future__ import annotations

import pytest

from navigator.conversation import choose
from navigator.conversation.choose import about_a_child, nearest_emergency_departments
from navigator.directory.models import Service
from navigator.directory.postcodes import Place
from navigator.directory.queries import ServiceHit
from navigator.triage import triage
from tests.conftest import WEDNESDAY_2PM

PLACE = Place("UB1 3HW", "UB1 3HW", 51.507, -0.346, "Ealing", "unit")


def department(name: str, *, age_min=None, age_max=None, status="active") -> Service:
    return Service(name=name, route="emergency", category="emergency_department", status=status,
                   age_min=age_min, age_max=age_max, source="test", source_id=name)


@pytest.fixture()
def departments(monkeypatch):
    """Install made-up departments, nearest first, as the directory's answer to "A&E near here"."""

    def install(*services: Service) -> None:
        hits = [ServiceHit(s, distance_km=float(i)) for i, s in enumerate(services)]
        monkeypatch.setattr(choose, "find_services", lambda db, f, now: list(hits) if f.route == "emergency" else [])

    return install


def names(hits) -> list[str]:
    return [h.service.name for h in hits]


def nearest(**patient):
    return names(nearest_emergency_departments(None, PLACE, WEDNESDAY_2PM, **patient))


def test_a_child_is_never_sent_to_an_adults_only_department(departments):
    departments(department("Adults A&E", age_min=16), department("General A&E"), department("Other A&E"))
    assert nearest(child=True) == ["General A&E", "Other A&E"]
    assert nearest(age=0) == ["General A&E", "Other A&E"]  # a baby
    assert nearest(age=12) == ["General A&E", "Other A&E"]


def test_the_departments_own_minimum_age_decides(departments):
    departments(department("Over-18s A&E", age_min=18), department("General A&E"))
    assert nearest(age=17) == ["General A&E"]  # 17 is a child for an 18+ department
    assert nearest(age=18) == ["Over-18s A&E", "General A&E"]
    departments(department("Adults A&E", age_min=16), department("General A&E"))
    assert nearest(age=16) == ["Adults A&E", "General A&E"]


def test_an_adult_is_never_sent_to_a_children_only_department(departments):
    departments(department("Children's A&E", age_max=15), department("General A&E"), department("Other A&E"))
    assert nearest(age=40) == ["General A&E", "Other A&E"]
    # Age unknown: most likely an adult, so a children-only department is never first (but still listed).
    assert nearest() == ["General A&E", "Other A&E"]
    assert nearest(limit=3) == ["General A&E", "Other A&E", "Children's A&E"]
    assert nearest(child=True) == ["Children's A&E", "General A&E"]


def test_unknown_age_keeps_the_nearest_first(departments):
    departments(department("Adults A&E", age_min=16), department("General A&E"))
    assert nearest() == ["Adults A&E", "General A&E"]


def test_closed_departments_are_never_named(departments):
    departments(department("Closed A&E", status="temporarily_closed"), department("General A&E"), department("Other A&E"))
    assert nearest(child=True) == ["General A&E", "Other A&E"]
    assert nearest() == ["General A&E", "Other A&E"]


def test_no_department_that_sees_the_child_means_none_named(departments):
    departments(department("Adults A&E", age_min=16))
    assert nearest(child=True) == []


@pytest.mark.parametrize(
    "text, child",
    [
        ("my baby is floppy and will not wake up", True),
        ("my son is not breathing", True),
        ("my 8 year old daughter is unconscious", True),
        ("crushing chest pain", False),
        ("my dad has crushing chest pain", False),
    ],
)
def test_about_a_child_reads_the_triage_decision(text, child):
    decision = triage(text)
    assert decision.route == "emergency"
    assert about_a_child(decision, decision.age) is child


def test_a_stated_age_overrides_the_child_words():
    decision = triage("my son is 30 and has crushing chest pain")
    assert about_a_child(decision, 30) is False
    assert about_a_child(decision, 15) is True
    assert about_a_child(None, None) is False
