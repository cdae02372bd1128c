"""Services as plain dicts in the API contract's shape (summary and full detail)."""
from __future__ import annotations

from typing import Optional

from .hours import OpenState, hours_confirmed, minutes_text
from .models import Service
from .sources import WEEKDAYS


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
