"""Directory queries: find services by route, need, place, opening time, language and text."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from rapidfuzz import fuzz, utils
from sqlalchemy import select
from sqlalchemy.orm import Session

from .hours import OpenState, opening_state
from .models import Location, Service, ServiceArea, ServiceLanguage, ServiceNeed
from .postcodes import Place, distance_km

TEXT_THRESHOLD = 70


@dataclass
class ServiceFilter:
    """What to look for; every field is optional."""

    q: Optional[str] = None
    route: Optional[str] = None
    category: Optional[str] = None
    need: Optional[str] = None
    borough: Optional[str] = None
    near: Optional[Place] = None
    radius_km: Optional[float] = None
    open_at: Optional[dt.datetime] = None  # with open_only: only services open then
    open_only: bool = False
    language: Optional[str] = None
    age: Optional[int] = None
    include_closed: bool = False
    open_first: bool = False  # residents: open now before nearer-but-closed


@dataclass
class ServiceHit:
    """A service found, with what the resident needs to decide: distance, open state, why."""

    service: Service
    distance_km: Optional[float]
    state: OpenState
    score: float = 0.0
    why: list[str] = field(default_factory=list)


def _candidates(db: Session, f: ServiceFilter) -> list[Service]:
    stmt = select(Service)
    if not f.include_closed:
        stmt = stmt.where(Service.status != "closed")
    if f.route:
        stmt = stmt.where(Service.route == f.route)
    if f.category:
        stmt = stmt.where(Service.category == f.category)
    if f.need:
        stmt = stmt.where(Service.id.in_(select(ServiceNeed.service_id).where(ServiceNeed.need == f.need)))
    if f.language:
        stmt = stmt.where(Service.id.in_(select(ServiceLanguage.service_id).where(ServiceLanguage.code == f.language)))
    if f.borough:
        in_borough = select(Location.id).where(Location.borough == f.borough)
        serves = select(ServiceArea.service_id).where(ServiceArea.borough == f.borough)
        any_area = select(ServiceArea.service_id)
        stmt = stmt.where(
            Service.location_id.in_(in_borough)
            | Service.id.in_(serves)
            | (Service.location_id.is_(None) & Service.id.not_in(any_area))
        )
    return list(db.scalars(stmt).unique())


def _text_score(service: Service, query: str) -> float:
    haystack = " ".join(
        filter(
            None,
            [
                service.name,
                service.organisation.name if service.organisation else None,
                service.category.replace("_", " "),
                " ".join(n.replace("_", " ") for n in service.need_ids),
                service.description,
            ],
        )
    )
    return max(
        fuzz.token_set_ratio(query, haystack, processor=utils.default_process),
        fuzz.partial_ratio(query, service.name, processor=utils.default_process),
    )


def eligible_for_age(service: Service, age: Optional[int]) -> bool:
    """Whether a resident of `age` may use the service (unknown age: yes)."""
    if age is None:
        return True
    return (service.age_min is None or age >= service.age_min) and (service.age_max is None or age <= service.age_max)


def find_services(db: Session, f: ServiceFilter, now: dt.datetime) -> list[ServiceHit]:
    """Every matching service, best first: text score, then open, then nearest, then name."""
    at = f.open_at or now
    hits = []
    for service in _candidates(db, f):
        if not eligible_for_age(service, f.age):
            continue
        why = []
        score = 0.0
        if f.q:
            score = _text_score(service, f.q)
            if score < TEXT_THRESHOLD:
                continue
            why.append(f"text matches ({score:.0f}%)")
        distance = None
        if f.near is not None:
            loc = service.location
            if loc is not None and loc.lat is not None:
                distance = round(distance_km(f.near.lat, f.near.lon, loc.lat, loc.lon), 2)
                if f.radius_km is not None and distance > f.radius_km:
                    continue
            elif f.radius_km is not None and service.location is not None:
                continue  # a place we cannot put on the map cannot be "within" a radius
        state = opening_state(service, at)
        if f.open_only and not state.open:
            continue
        if f.need:
            why.append(f"meets need {f.need}")
        if f.borough:
            why.append(f"in or serves {f.borough}")
        hits.append(ServiceHit(service, distance, state, score, why))
    hits.sort(
        key=lambda h: (
            -round(h.score, -1) if f.q else 0,
            _open_rank(h) if f.open_first else 0,
            h.distance_km if h.distance_km is not None else float("inf"),
            _open_rank(h),
            h.service.name,
        )
    )
    return hits


def _open_rank(hit: ServiceHit) -> int:
    return 0 if hit.state.open else (1 if hit.state.known else 2)


def get_service(db: Session, service_id: int) -> Optional[Service]:
    """One service by id, or None."""
    return db.get(Service, service_id)
