"""Local alternatives to A&E for NHS 111 call handlers: for a place and a time, what is open nearby."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from sqlalchemy.orm import Session

from ..directory.hours import OpenState, is_bank_holiday, to_london
from ..directory.postcodes import Place, distance_km
from .present import UNCONFIRMED, minutes_until, state_class, state_text
from ..directory.search import IndexedService, search_index, state_at

MAX_KM = 10.0  # pharmacies and GPs further than this are no alternative for a caller


@dataclass(frozen=True)
class GroupSpec:
    route: str
    title: str
    limit: int
    needs_map: bool  # only services placed on the map, nearest first


GROUPS = (
    GroupSpec("utc", "Urgent treatment centres and walk-in centres", 5, True),
    GroupSpec("pharmacy", "Pharmacies", 5, True),
    GroupSpec("gp", "GP practices", 5, True),
    GroupSpec("crisis", "Mental health crisis lines", 6, False),
    GroupSpec("dental", "Urgent dental care", 3, True),
)


@dataclass
class Alternative:
    """One service with where it is and whether it is open at the time asked."""

    service: IndexedService
    state: OpenState
    distance_km: Optional[float]
    local: bool  # for the caller's borough specifically

    def to_dict(self, at: dt.datetime) -> dict:
        """The contract's Service summary plus what a call handler reads out."""
        data = self.service.summary(self.state, self.distance_km)
        data["status_text"] = state_text(self.state, at)
        data["closes_in_minutes"] = minutes_until(self.state.closes_at, at) if self.state.open else None
        data["hours_confirmed"] = self.state.known and (self.service.hours_source in ("source", "editor") or self.state.always_open)
        if self.service.hours_source == "default":
            data["hours_note"] = UNCONFIRMED
        data["state"] = state_class(self.state, at)
        data["age_min"], data["age_max"] = self.service.age_min, self.service.age_max
        return data


@dataclass
class AlternativeGroup:
    """Open (or hours unknown) alternatives of one route nearest first, and the nearest closed ones."""

    route: str
    title: str
    items: list[Alternative] = field(default_factory=list)
    closed: list[Alternative] = field(default_factory=list)
    note: Optional[str] = None
    refer_to: list[Alternative] = field(default_factory=list)

    def to_dict(self, at: dt.datetime) -> dict:
        """JSON for the API."""
        return {
            "route": self.route,
            "title": self.title,
            "items": [a.to_dict(at) for a in self.items],
            "closed": [a.to_dict(at) for a in self.closed],
            "note": self.note,
            "refer_to": [a.to_dict(at) for a in self.refer_to],
        }


@dataclass
class Alternatives:
    """All groups for one place and time."""

    place: Place
    at: dt.datetime
    bank_holiday: bool
    groups: list[AlternativeGroup]

    def to_dict(self) -> dict:
        """The body of GET /api/v1/alternatives."""
        return {
            "near": {
                "label": self.place.label,
                "lat": self.place.lat,
                "lon": self.place.lon,
                "borough": self.place.borough,
                "precision": self.place.precision,
            },
            "at": self.at.isoformat(),
            "bank_holiday": self.bank_holiday,
            "groups": {g.route: g.to_dict(self.at) for g in self.groups},
        }


def _alternative(s: IndexedService, place: Place, at: dt.datetime) -> Alternative:
    distance = None
    if s.lat is not None and s.lon is not None:
        distance = round(distance_km(place.lat, place.lon, s.lat, s.lon), 2)
    local = place.borough is not None and (s.borough == place.borough or place.borough in s.areas)
    return Alternative(s, state_at(s.schedule, at), distance, local)


def _group(spec: GroupSpec, services: list[IndexedService], place: Place, at: dt.datetime) -> AlternativeGroup:
    group = AlternativeGroup(spec.route, spec.title)
    found = []
    for s in services:
        if s.route != spec.route or s.status != "active":
            continue
        if spec.needs_map and (s.lat is None or s.lon is None):
            continue
        if not spec.needs_map and place.borough and not s.serves(place.borough):
            continue
        alt = _alternative(s, place, at)
        if spec.route in ("pharmacy", "gp") and alt.distance_km is not None and alt.distance_km > MAX_KM:
            continue
        found.append(alt)
    found.sort(
        key=lambda a: (
            0 if a.local or spec.needs_map else 1,
            a.distance_km if a.distance_km is not None else math.inf,
            a.service.name,
        )
    )
    group.items = [a for a in found if a.state.open or not a.state.known][: spec.limit]
    open_count = sum(1 for a in group.items if a.state.open)
    if open_count < spec.limit:
        group.closed = [a for a in found if a.state.known and not a.state.open][:3]
    return group


def local_alternatives(db: Session, data_dir: Path, place: Place, at: dt.datetime) -> Alternatives:
    """Open local alternatives to A&E by route (utc, pharmacy, gp, crisis, dental), nearest first."""
    at = to_london(at)
    services = list(search_index(db, data_dir).services.values())
    groups = [_group(spec, services, place, at) for spec in GROUPS]
    bank_holiday = is_bank_holiday(at.date())
    for group in groups:
        if group.route == "dental":
            group.note = (
                "No dental services are in the directory yet. For urgent dental care the caller should "
                "ring their own dentist, or NHS 111 out of hours or if they have no dentist."
                if not group.items and not group.closed
                else "NHS dental practices from the NHS list: it gives no phone numbers or hours, and not whether "
                "they take new NHS patients. For urgent dental care the caller should ring their own dentist, "
                "or NHS 111 out of hours or if they have no dentist."
            )
            group.refer_to = [_alternative(s, place, at) for s in services if s.route == "nhs111" and s.status == "active"]
        elif group.route == "gp":
            if bank_holiday:
                group.note = "Bank holiday: GP practices are closed. Hours shown are usual core hours, not confirmed."
            else:
                group.note = "Usual GP core hours, not confirmed for each practice: call to check. Registered patients only."
        elif group.route == "pharmacy":
            group.note = (
                "Bank holiday: pharmacy hours vary, call to check."
                if bank_holiday
                else "Contracted hours from the NHSBSA pharmaceutical list where it has the pharmacy; "
                "otherwise typical hours, not confirmed: call to check."
            )
        elif group.route == "utc" and not group.items:
            group.note = "No urgent treatment centre known to be open now: NHS 111 can book one, or advise."
    return Alternatives(place, at, bank_holiday, groups)
