"""Directory queries: find services by route, need, place, opening time, language and text."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Callable, Optional

from rapidfuzz import fuzz, utils
from sqlalchemy import select
from sqlalchemy.orm import Session

from .hours import OpenState, opening_state
from .models import Location, Service
from .postcodes import Distance, Place, distance_km
from .snapshot import all_services

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


class ServiceHit:
    """A service found, with what the resident needs to decide: distance, open state, why.

    The open state is worked out when first asked for, so listings that never show it (ORUK
    pages, text search without "open now") do not pay for it.
    """

    def __init__(self, service: Service, distance_km: Optional[float], state: Optional[OpenState] = None,
                 score: float = 0.0, why: Optional[list[str]] = None, at: Optional[dt.datetime] = None):
        self.service, self.distance_km, self.score, self.why = service, distance_km, score, why or []
        self._state, self._at = state, at

    @property
    def state(self) -> OpenState:
        if self._state is None:
            self._state = opening_state(self.service, self._at)
        return self._state


def _candidates(db: Session, f: ServiceFilter) -> list[Service]:
    """Services passing the simple filters, from the process's current copy of the directory."""
    out = []
    for service in all_services(db):
        if (not f.include_closed and service.status == "closed") or (f.route and service.route != f.route):
            continue
        if f.category and service.category != f.category:
            continue
        if f.need and f.need not in service.need_ids:
            continue
        if f.language and not any(lang.code == f.language for lang in service.languages):
            continue
        if f.borough and not serves_borough(service, f.borough):
            continue
        out.append(service)
    return out


WIDE_COVERAGE = frozenset({"london", "england", "national"})


def serves_borough(service: Service, borough: str) -> bool:
    """In the borough, listed as serving it, or not tied to any borough (national and London-wide,
    including those with an office somewhere: a London-wide service is found from every borough)."""
    areas = service.boroughs_served
    if borough in areas or (service.location is not None and service.location.borough == borough):
        return True
    if service.coverage in WIDE_COVERAGE and not areas:
        return True
    return service.location is None and not areas


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
    """Every matching service, best first: text score, then (for residents) open now, then nearest, then name."""
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
                # A Distance keeps the place, so a reply can say "about 4 km from Acton" rather than a false 0.2 km.
                distance = Distance(round(distance_km(f.near.lat, f.near.lon, loc.lat, loc.lon), 2), f.near)
                if f.radius_km is not None and distance > f.radius_km:
                    continue
            elif f.radius_km is not None and service.location is not None:
                continue  # a place we cannot put on the map cannot be "within" a radius
        hit = ServiceHit(service, distance, score=score, why=why, at=at)
        if f.open_only and not hit.state.open:
            continue
        if f.need:
            why.append(f"meets need {f.need}")
        if f.borough:
            why.append(f"in or serves {f.borough}")
        hits.append(hit)
    hits.sort(
        key=lambda h: (
            -round(h.score, -1) if f.q else 0,
            _open_rank(h) if f.open_first else 0,
            h.distance_km if h.distance_km is not None else float("inf"),
            h.service.name,
        )
    )
    return hits


def _open_rank(hit: ServiceHit) -> int:
    """Open now, or hours unknown (the reply says "call to check"), before known to be closed.

    An urgent treatment centre next door whose hours no source states is more use than a
    confirmed-open one across London; it is never described as open.
    """
    return 1 if hit.state.known and not hit.state.open else 0


def get_service(db: Session, service_id: int) -> Optional[Service]:
    """One service by id, or None."""
    return db.get(Service, service_id)


# --- services near a point: candidates from the (lat, lon) index, nearest by true distance ------

KM_PER_DEGREE_LAT = 111.32
START_KM = 2.0
WIDEST_KM = 80.0  # beyond this the box holds all of Greater London and more; stop widening


def _box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """The latitude/longitude box around a point that holds every place within `km` of it."""
    dlat = km / KM_PER_DEGREE_LAT
    dlon = km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def services_near(
    db: Session,
    lat: float,
    lon: float,
    *,
    route: Optional[str] = None,
    statuses: tuple[str, ...] = ("active",),
    max_km: Optional[float] = None,
    enough: Callable[[list[tuple[int, float]]], bool] = lambda found: len(found) >= 20,
) -> list[tuple[int, float]]:
    """(service id, km) of services placed on the map near a point, nearest first.

    Reads a bounding box through the (lat, lon) index, starting small and tripling until
    `enough(found)` says the services within that distance suffice (or `max_km`, or all of
    London, is reached). Only services inside the circle are returned, so the list is exactly the
    nearest ones in order: nothing outside it can be nearer than anything in it.
    """
    km = START_KM if max_km is None else min(START_KM, max_km)
    limit_km = max_km if max_km is not None else WIDEST_KM
    while True:
        south, north, west, east = _box(lat, lon, km * 1.02)  # a margin: the box's degrees are approximate
        stmt = (
            select(Service.id, Location.lat, Location.lon)
            .join(Location, Service.location_id == Location.id)
            .where(Location.lat.between(south, north), Location.lon.between(west, east), Service.status.in_(statuses))
        )
        if route is not None:
            stmt = stmt.where(Service.route == route)
        found = sorted(
            ((sid, distance_km(lat, lon, slat, slon)) for sid, slat, slon in db.execute(stmt)),
            key=lambda item: (item[1], item[0]),
        )
        within = [(sid, round(d, 2)) for sid, d in found if d <= km]
        if km >= limit_km or enough(within):
            return within
        km = min(km * 3, limit_km)
