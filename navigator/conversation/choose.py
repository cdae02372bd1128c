"""Choose services from the live directory for a route, a place and the resident's needs."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..directory.hours import opening_state
from ..directory.models import Service
from ..directory.postcodes import Place
from ..directory.present import ADULT_AGE, age_band
from ..directory.queries import ServiceFilter, ServiceHit, eligible_for_age, find_services
from ..triage import Decision

# Routes whose answer needs a place; the others answer at once.
PLACE_ROUTES = frozenset({"utc", "pharmacy", "gp", "dental", "voluntary"})
URGENT_DENTAL_NEEDS = frozenset({"toothache"})


def usable(hit: ServiceHit) -> bool:
    """Residents are only offered services that are running (not closed, not temporarily closed)."""
    return hit.service.status == "active"


def services_for(
    db: Session,
    route: str,
    needs: list[str],
    place: Optional[Place],
    now: dt.datetime,
    *,
    age: Optional[int] = None,
    language: Optional[str] = None,
) -> list[ServiceHit]:
    """Services for a route: those meeting most of the resident's needs, open now first (else next to
    open), nearest, eligible, offering the resident's language; local ones before borough-less ones
    only where the route is about a place."""
    attempts = [ServiceFilter(route=route, near=place, open_first=True, age=age)]
    if route == "voluntary" and place is not None:
        attempts.insert(0, ServiceFilter(route=route, near=place, borough=place.borough, open_first=True, age=age))
    hits: list[ServiceHit] = []
    for f in attempts:
        hits = [h for h in find_services(db, f, now) if usable(h)]
        if place is not None and route != "voluntary":
            hits = [h for h in hits if h.distance_km is not None]
        if needs:
            meeting = [h for h in hits if set(needs) & set(h.service.need_ids)]
            hits = meeting or (hits if route != "voluntary" else [])
            # Stable sort: the main need met first, then more of the others; open/near order kept within.
            # Among voluntary offers, one devoted to the need (NHS Talking Therapies for low mood, a food
            # bank for food) comes before a general one that lists it among many (a sports trust).
            hits.sort(key=lambda h: (needs[0] not in h.service.need_ids, -len(set(needs) & set(h.service.need_ids)),
                                     len(h.service.need_ids) if route == "voluntary" else 0))
        if hits:
            break
    if language and language != "en":
        hits.sort(key=lambda h: 0 if any(l.code == language for l in h.service.languages) else 1)
    if route == "dental":
        # Dental practices list no phone or hours: NHS 111 is the way to urgent dental care, first
        # for toothache, otherwise after the nearest practices.
        nhs111 = nhs111_service(db, now)
        if nhs111 is not None:
            hits.insert(0 if URGENT_DENTAL_NEEDS & set(needs) else min(len(hits), 3), nhs111)
    return hits


CHILD_MODIFIERS = frozenset({"child", "baby"})
CHILD_NEEDS = frozenset({"seriously_ill_child"})


def about_a_child(decision: Optional[Decision], age: Optional[int] = None) -> bool:
    """Whether the message is about a child: an age under 16, else triage heard "my son", "baby"...
    or a sign that is only about children (a seriously ill child)."""
    if age is not None:
        return age < ADULT_AGE
    return decision is not None and bool(CHILD_MODIFIERS & decision.modifiers or CHILD_NEEDS & set(decision.needs))


def nearest_emergency_departments(
    db: Session, place: Place, now: dt.datetime, limit: int = 2, *, age: Optional[int] = None, child: bool = False,
) -> list[ServiceHit]:
    """The nearest running A&E departments that see the patient.

    A child (`child`, or an `age` under a department's minimum) is never sent to an adults-only
    department: only departments that see them are named (a child of unknown age must be seen at
    any age, as a baby would). A known adult is never sent to a children-only department; when
    the age is unknown, children-only departments come after all the others.
    """
    hits = [h for h in find_services(db, ServiceFilter(route="emergency", near=place), now) if usable(h) and h.distance_km is not None]
    patient_age = age if age is not None else (0 if child else None)
    if patient_age is not None:
        return [h for h in hits if eligible_for_age(h.service, patient_age)][:limit]
    hits.sort(key=lambda h: age_band(h.service) == "children")  # stable: nearest first within each group
    return hits[:limit]


def crisis_lines(db: Session, borough: Optional[str], now: dt.datetime, age: Optional[int]) -> tuple[list[ServiceHit], Optional[ServiceHit]]:
    """(24/7 lines to offer, the NHS 111 record): the borough's local line first, then national 24/7 lines."""
    lines = [
        h
        for h in find_services(db, ServiceFilter(route="crisis", category="crisis_line"), now)
        if usable(h) and h.service.always_open and eligible_for_age(h.service, age)
    ]
    local = [h for h in lines if borough and borough in h.service.boroughs_served]
    national = [h for h in lines if not h.service.boroughs_served]
    national.sort(key=lambda h: (h.service.age_min is not None or h.service.age_max is not None, h.service.name))
    return local[:1] + national[:2], nhs111_service(db, now)


def nhs111_service(db: Session, now: dt.datetime) -> Optional[ServiceHit]:
    """The NHS 111 record of the directory."""
    service = db.scalars(select(Service).where(Service.route == "nhs111", Service.status == "active").order_by(Service.id)).first()
    return ServiceHit(service, None, opening_state(service, now)) if service else None
