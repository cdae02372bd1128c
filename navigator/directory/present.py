"""Services as residents and API clients see them: the contract's summary and detail, and the
notes a resident should know before going (closures, who it is for, booking), from one place.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Optional

from .hours import OpenState, hours_confirmed, minutes_text
from .models import Service
from .sources import WEEKDAYS


ADULT_AGE = 16  # A&Es and most NHS services see under-16s as children (Ealing's A&E: "children under 16")
CHILD_AGE_MAX = 17  # an upper age below 18 makes a service for children and young people only

# Fixed facts read from the directory's own English notes (status, hours and eligibility notes),
# so a resident reading another language still gets them in a translated phrase. Order: safety first.
_NOTE_FLAGS = (
    ("check_open", re.compile(
        r"check (?:that )?(?:it is |it's )?open before|check before (?:going|you go|relying)"
        r"|no confirmation (?:that )?it has reopened|may no longer (?:run|be open)|closed temporarily|temporarily closed",
        re.IGNORECASE)),
    ("prebooked_only", re.compile(r"\bpre-?booked\b|\bbook(?:ed)? (?:in advance|ahead) only\b", re.IGNORECASE)),
    ("appointment_only", re.compile(r"\bappointment[- ]only\b|\bby appointment\b|\bappointments? only\b", re.IGNORECASE)),
    ("no_walk_in", re.compile(r"\bdo not walk in\b|\bnot open for walk-?ins?\b|\bno longer a walk-?in\b|\bno walk-?ins?\b", re.IGNORECASE)),
    ("referral_needed", re.compile(r"\breferral (?:only|needed|required|voucher)\b|\bvoucher referral\b|\bby referral\b|\bneeds? (?:a )?referral\b", re.IGNORECASE)),
)
# A booking phrase already tells a resident not to walk in.
_IMPLIED = {"no_walk_in": ("prebooked_only", "appointment_only"), "appointment_only": ("prebooked_only",)}
SAFETY_NOTES = frozenset({
    "closed", "temporarily_closed", "check_open", "adults_only", "children_only", "no_walk_in", "prebooked_only",
    "appointment_only", "status_text",
})


@dataclass(frozen=True)
class Note:
    """One thing a resident should know before going to a service.

    `code` names a fixed fact that the conversation says in the resident's language
    (`adults_only` with `age_min`, `prebooked_only`, ...); for `status_text`,
    `eligibility_text` and `hours_text`, `text` is the directory's own note, in English.
    `safety` notes are the last to leave when space is short.
    """

    code: str
    safety: bool = False
    age_min: Optional[int] = None
    age_max: Optional[int] = None
    text: Optional[str] = None

    @property
    def free_text(self) -> bool:
        return self.text is not None

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


def age_band(service: Service) -> Optional[str]:
    """"adults" when the service sees no children, "children" when it sees only children, else None."""
    if service.age_min is not None and service.age_min >= ADULT_AGE:
        return "adults"
    if service.age_max is not None and service.age_max <= CHILD_AGE_MAX and not service.age_min:
        return "children"
    return None


def _age_note(service: Service) -> Optional[Note]:
    low, high = service.age_min or None, service.age_max
    band = age_band(service)
    if band == "adults" and high is None:
        return Note("adults_only", True, age_min=low)
    if band == "children":
        return Note("children_only", True, age_max=high)
    if low is None and high is None:
        return None
    code = "ages_between" if low is not None and high is not None else ("ages_from" if low is not None else "ages_to")
    return Note(code, band is not None, age_min=low, age_max=high)


def resident_notes(service: Service, *, detail: bool = False) -> list[Note]:
    """What a resident should know before going, safety first: the service's status, who it is
    for, how to get in (pre-booked, by appointment, no walk-in, referral), then the directory's
    own notes. Lists give the status and eligibility notes; `detail` adds the hours note."""
    notes: list[Note] = []
    if service.status in ("closed", "temporarily_closed"):
        notes.append(Note(service.status, True))
    age = _age_note(service)
    if age is not None:
        notes.append(age)
    texts = " ".join(t for t in (service.status_note, service.hours_note, service.eligibility_note) if t)
    found = {code for code, pattern in _NOTE_FLAGS if pattern.search(texts)}
    if service.status != "active":
        found.discard("check_open")  # the status already says it is closed
    for code, _pattern in _NOTE_FLAGS:
        if code in found and not any(other in found for other in _IMPLIED.get(code, ())):
            notes.append(Note(code, code in SAFETY_NOTES))
    for code, text in (("status_text", service.status_note), ("eligibility_text", service.eligibility_note),
                       ("hours_text", service.hours_note if detail else None)):
        if text and text.strip():
            notes.append(Note(code, code in SAFETY_NOTES, text=text.strip()))
    notes.sort(key=lambda n: not n.safety)  # stable: safety notes first, each group in the order above
    return notes


def _iso(value) -> Optional[str]:
    return value.isoformat() if value is not None else None


def service_summary(service: Service, state: Optional[OpenState] = None, distance_km: Optional[float] = None) -> dict:
    """The contract's Service summary, plus status and how sure the hours are."""
    loc = service.location
    data = {
        "id": service.id,
        "name": service.name,
        "organisation": service.organisation.name if service.organisation else None,
        "route": service.route,
        "category": service.category,
        "phone": service.contact("phone"),
        "address": loc.address if loc else None,
        "postcode": loc.postcode if loc else None,
        "borough": loc.borough if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "url": service.url,
        "status": service.status,
        "hours_source": service.hours_source,
        "hours_source_name": service.hours_source_name,
        "hours_source_date": service.hours_source_date,
        "hours_confirmed": hours_confirmed(service),
        "approximate_location": bool(loc and loc.approximate),
        "last_verified": _iso(service.last_verified),
        "notes": [note.to_dict() for note in resident_notes(service)],
    }
    if distance_km is not None:
        data["distance_km"] = distance_km
    if state is not None:
        data["open_now"] = state.open
        data["opens_at"] = _iso(state.opens_at)
        data["closes_at"] = _iso(state.closes_at)
        data["hours_known"] = state.known
        data["always_open"] = state.always_open
        if state.reason:
            data["closed_reason"] = state.reason
    return data


def service_detail(service: Service, state: Optional[OpenState] = None) -> dict:
    """Full detail: schedule, exceptions, eligibility, languages, accessibility, contacts, provenance."""
    data = service_summary(service, state)
    data.update(
        {
            "description": service.description,
            "status_note": service.status_note,
            "needs": service.need_ids,
            "areas": service.boroughs_served,
            "coverage": service.coverage,
            "contacts": [{"kind": c.kind, "value": c.value, "note": c.note} for c in service.contacts],
            "schedule": {
                "always_open": service.always_open,
                "hours_source": service.hours_source,
                "source_name": service.hours_source_name,
                "source_date": service.hours_source_date,
                "confirmed": hours_confirmed(service),
                "note": service.hours_note,
                "bank_holidays": service.bank_holidays,
                "weekly": [
                    {"day": WEEKDAYS[r.weekday], "opens": minutes_text(r.opens), "closes": minutes_text(r.closes)}
                    for r in service.regular_schedules
                ],
                "exceptions": [
                    {
                        "starts_on": _iso(h.starts_on),
                        "ends_on": _iso(h.ends_on),
                        "closed": h.closed,
                        "opens": minutes_text(h.opens) if h.opens is not None else None,
                        "closes": minutes_text(h.closes) if h.closes is not None else None,
                        "reason": h.reason,
                    }
                    for h in service.holiday_schedules
                ],
            },
            "eligibility": {"age_min": service.age_min, "age_max": service.age_max, "note": service.eligibility_note},
            "languages": [{"code": lang.code, "kind": lang.kind, "note": lang.note} for lang in service.languages],
            "accessibility": service.location.accessibility if service.location else None,
            "source": {"name": service.source, "id": service.source_id, "url": service.source_url, "note": service.source_note},
            "version": service.version,
        }
    )
    return data
