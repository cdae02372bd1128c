"""A factory for services created through the editing functions (shared by directory and admin tests).

The test database is shared by all tests of a backend, so created services get a category of their
own (never `community_pharmacy`, which the loader tests count) and are retired when a test ends.
"""
from __future__ import annotations

import uuid

from navigator.directory.editing import create_service, retire_service
from navigator.directory.models import Service

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat")


def make_service(db, **overrides) -> Service:
    """A running pharmacy-like service at W12 0HS, open 08:00-20:00 Monday to Saturday; overrides win."""
    values = {
        "name": f"Test Pharmacy {uuid.uuid4().hex[:8]}",
        "route": "pharmacy",
        "category": "test_pharmacy",
        "address": "1 Test Street, London",
        "postcode": "W12 0HS",
        "contacts": [{"kind": "phone", "value": "020 7946 0000", "note": None}],
        "weekly": {day: ["08:00-20:00"] for day in WEEKDAYS},
        "bank_holidays": "as_usual",
        "needs": ["sore_throat", "minor_illness"],
    }
    values.update(overrides)
    return create_service(db, values, actor="factory@staff.test")


def retire_all(db, ids: list[int]) -> None:
    """Close services a test created so no later test is offered them."""
    db.rollback()
    for service_id in ids:
        service = db.get(Service, service_id)
        if service is not None and service.status != "closed":
            db.refresh(service)
            retire_service(db, service, actor="factory@staff.test", expected_version=service.version)
