"""Open Referral UK (HSDS-UK 3.0): services out as ORUK JSON, and ORUK JSON back into records.

Ids are stable UUIDs (`Service.oruk_id`; child ids are UUIDs derived from it), so an export
imported elsewhere keeps its identity. Taxonomies: navigator's routes and needs.
Beyond the UK profile's fields, HSDS 3.0 `phones` and language `name`/`code` are included
(the profile does not forbid extra properties) so that an export → import round trip is lossless.
"""
from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Optional

from .hours import minutes_text, parse_hhmm
from .models import Service
from .sources import WEEKDAYS

VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main"
OPENAPI_URL = PROFILE_URL + "/schema/openapi.json"
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STATUS_OUT = {"active": "active", "temporarily_closed": "temporarily closed", "closed": "defunct"}
STATUS_IN = {"active": "active", "temporarily closed": "temporarily_closed", "inactive": "closed", "defunct": "closed"}
ORUK_NAMESPACE = uuid.UUID("6f1d3b1e-5a43-4c8e-9d4b-0a7c3e2f9b10")  # navigator's namespace for ORUK ids
TAXONOMY_NS = uuid.UUID("0b5c8f0e-8f3c-4f57-8f5a-1d0e6c9b2a77")
TAXONOMIES = {"route": "navigator routes", "need": "navigator needs", "category": "navigator categories"}
CLOSED_NOTE = "closed"


def oruk_id_for(source: str, source_id: str) -> str:
    """A stable UUID for Open Referral UK, the same in every database that loads the same source."""
    return str(uuid.uuid5(ORUK_NAMESPACE, f"{source}:{source_id}"))


def child_id(parent: str, kind: str, key) -> str:
    """A stable UUID for a nested object (schedule, phone, address...)."""
    return str(uuid.uuid5(uuid.UUID(parent), f"{kind}:{key}"))


def taxonomy_id(name: str) -> str:
    return str(uuid.uuid5(TAXONOMY_NS, f"taxonomy:{name}"))


def term_id(taxonomy: str, term: str) -> str:
    return str(uuid.uuid5(TAXONOMY_NS, f"term:{taxonomy}:{term}"))


def taxonomy(name: str) -> dict:
    """An ORUK taxonomy object."""
    return {"id": taxonomy_id(name), "name": TAXONOMIES[name], "description": f"navigator's {TAXONOMIES[name]}", "version": "1"}


def taxonomy_term(name: str, term: str, description: Optional[str] = None) -> dict:
    """An ORUK taxonomy term object."""
    return {
        "id": term_id(name, term),
        "code": term,
        "name": term,
        "description": description or term.replace("_", " "),
        "taxonomy": TAXONOMIES[name],
        "taxonomy_id": taxonomy_id(name),
        "term": term,
    }


def _organisation(service: Service) -> dict:
    org = service.organisation
    if org is None:
        return {"id": child_id(service.oruk_id, "organisation", "none"), "name": service.name, "description": ""}
    org_uuid = str(uuid.uuid5(TAXONOMY_NS, f"organisation:{org.ods_code or org.name}"))
    data = {"id": org_uuid, "name": org.name, "description": ""}
    if org.url:
        data["website"] = org.url
    if org.ods_code:
        data["organization_identifiers"] = [
            {"id": child_id(org_uuid, "identifier", org.ods_code), "identifier_scheme": "GB-NHS-ODS",
             "identifier_type": "ODS code", "identifier": org.ods_code}
        ]
    return data


def _schedules(service: Service) -> list[dict]:
    sid = service.oruk_id
    out = []
    if service.always_open:
        out.append({"id": child_id(sid, "schedule", "24/7"), "service_id": sid, "freq": "WEEKLY", "interval": 1,
                    "byday": ",".join(ICAL_DAYS), "opens_at": "00:00:00", "closes_at": "23:59:59",
                    "description": "Open 24 hours, every day", "notes": service.hours_note or ""})
    for row in service.regular_schedules:
        out.append({
            "id": child_id(sid, "schedule", f"{row.weekday}-{row.opens}-{row.closes}"),
            "service_id": sid, "freq": "WEEKLY", "interval": 1, "byday": ICAL_DAYS[row.weekday],
            "opens_at": _clock(row.opens), "closes_at": _clock(row.closes),
            "description": f"{WEEKDAYS[row.weekday].title()} {minutes_text(row.opens)}-{minutes_text(row.closes)}",
            "notes": service.hours_note or "",
        })
    for exc in service.holiday_schedules:
        item = {"id": child_id(sid, "exception", f"{exc.starts_on}-{exc.ends_on}-{exc.opens}-{exc.closes}"),
                "service_id": sid, "valid_from": exc.starts_on.isoformat(), "valid_to": exc.ends_on.isoformat(),
                "dtstart": exc.starts_on.isoformat(), "description": exc.reason or ""}
        if exc.closed:
            item["notes"] = CLOSED_NOTE
        else:
            item.update({"opens_at": _clock(exc.opens), "closes_at": _clock(exc.closes), "notes": "special hours"})
        out.append(item)
    return out


def _clock(minutes: Optional[int]) -> Optional[str]:
    if minutes is None:
        return None
    return "23:59:59" if minutes >= 1440 else f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def _location(service: Service) -> list[dict]:
    loc = service.location
    if loc is None:
        return []
    lid = child_id(service.oruk_id, "location", "main")
    location = {"id": lid, "location_type": "physical", "name": service.name}
    if loc.lat is not None and loc.lon is not None:
        location["latitude"], location["longitude"] = loc.lat, loc.lon
    if loc.address or loc.postcode:
        location["addresses"] = [{
            "id": child_id(lid, "address", "physical"), "location_id": lid, "address_1": loc.address or "",
            "city": "London", "region": loc.borough or "", "state_province": loc.borough or "",
            "postal_code": loc.postcode or "", "country": "GB", "address_type": "physical",
        }]
    if loc.accessibility:
        location["accessibility"] = [{"id": child_id(lid, "accessibility", "1"), "description": loc.accessibility}]
    return [{"id": child_id(service.oruk_id, "service_at_location", "main"), "service_id": service.oruk_id,
             "location_id": lid, "location": location}]


def _attributes(service: Service) -> list[dict]:
    terms = [("route", service.route), ("category", service.category)] + [("need", n) for n in service.need_ids]
    return [
        {"id": child_id(service.oruk_id, "attribute", f"{name}:{term}"), "link_id": service.oruk_id,
         "link_type": "service", "taxonomy_term_id": term_id(name, term), "taxonomy_term": taxonomy_term(name, term)}
        for name, term in terms
    ]


def _last_modified(service: Service) -> Optional[str]:
    value = service.updated_at
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def service_list_item(service: Service) -> dict:
    """The one-to-one fields of a service (the ORUK list shape)."""
    data = {
        "id": service.oruk_id,
        "organization_id": _organisation(service)["id"],
        "name": service.name,
        "description": service.description or "",
        "status": STATUS_OUT.get(service.status, "active"),
        "organization": {k: v for k, v in _organisation(service).items() if k != "organization_identifiers"},
    }
    if service.url:
        data["url"] = service.url
    email = service.contact("email")
    if email:
        data["email"] = email
    if service.age_min is not None:
        data["minimum_age"] = service.age_min
    if service.age_max is not None:
        data["maximum_age"] = service.age_max
    if service.status_note:
        data["alert"] = service.status_note
    if service.last_verified:
        data["assured_date"] = service.last_verified.isoformat()
    modified = _last_modified(service)
    if modified:
        data["last_modified"] = modified
    return data


def service_full(service: Service) -> dict:
    """The fully nested ORUK service."""
    sid = service.oruk_id
    data = service_list_item(service)
    data["organization"] = _organisation(service)
    data["schedules"] = _schedules(service)
    data["service_areas"] = [
        {"id": child_id(sid, "area", b), "service_id": sid, "name": b, "service_area": b, "extent_type": "borough"}
        for b in service.boroughs_served
    ]
    data["service_at_locations"] = _location(service)
    data["languages"] = [
        {"id": child_id(sid, "language", f"{i}"), "service_id": sid, "name": lang.kind, "code": lang.code or "",
         "note": lang.note or ""}
        for i, lang in enumerate(service.languages)
    ]
    data["contacts"] = []
    data["phones"] = [
        {"id": child_id(sid, "contact", f"{c.position}"), "service_id": sid, "number": c.value, "type": c.kind,
         "description": c.note or ""}
        for c in service.contacts
        if c.kind in ("phone", "sms", "textphone")
    ]
    data["attributes"] = _attributes(service)
    data["eligibility_description"] = service.eligibility_note or ""
    data["navigator"] = {  # fields ORUK has no place for, kept for a lossless round trip
        "source": service.source, "source_id": service.source_id, "source_url": service.source_url,
        "source_note": service.source_note, "hours_source": service.hours_source, "hours_note": service.hours_note,
        "bank_holidays": service.bank_holidays, "coverage": service.coverage, "status_note": service.status_note,
        "contacts": [{"kind": c.kind, "value": c.value, "note": c.note} for c in service.contacts],
        "last_verified": service.last_verified.isoformat() if service.last_verified else None,
        "borough": service.location.borough if service.location else None,
    }
    return data


def page(items: list, total: int, page_number: int, size: int) -> dict:
    """An ORUK Page with `contents`."""
    total_pages = max(1, math.ceil(total / size)) if size else 1
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": total == 0,
        "contents": items,
    }


def _minutes(value: Optional[str]) -> Optional[int]:
    if not value:
        return None
    # navigator writes midnight (24:00) as 23:59:59; a real 23:59 closing time stays 23:59.
    return 1440 if value.startswith("23:59:59") else parse_hhmm(value[:5])


def record_from_oruk(data: dict) -> dict:
    """An ORUK service (as exported) back to a loader record."""
    nav = data.get("navigator") or {}
    terms = [a.get("taxonomy_term") or {} for a in data.get("attributes") or []]
    by_taxonomy: dict[str, list[str]] = {}
    for term in terms:
        by_taxonomy.setdefault(term.get("taxonomy") or "", []).append(term.get("code") or term.get("name"))
    hours: dict = {}
    exceptions = []
    weekly: dict[str, list[str]] = {}
    for sch in data.get("schedules") or []:
        if sch.get("valid_from") and sch.get("notes") in (CLOSED_NOTE, "special hours"):
            closed = sch.get("notes") == CLOSED_NOTE
            exc = {"starts_on": dt.date.fromisoformat(sch["valid_from"]), "ends_on": dt.date.fromisoformat(sch["valid_to"]),
                   "closed": closed, "reason": sch.get("description") or None}
            if not closed:
                exc["opens"], exc["closes"] = sch["opens_at"][:5], minutes_text(_minutes(sch["closes_at"]))
            exceptions.append(exc)
        elif sch.get("byday") == ",".join(ICAL_DAYS) and sch.get("opens_at") == "00:00:00" and sch.get("closes_at") == "23:59:59":
            hours["always_open"] = True
        elif sch.get("byday") in ICAL_DAYS:
            day = WEEKDAYS[ICAL_DAYS.index(sch["byday"])]
            weekly.setdefault(day, []).append(f"{sch['opens_at'][:5]}-{minutes_text(_minutes(sch['closes_at']))}")
    if weekly:
        hours["weekly"] = weekly
    if not hours:
        hours["unknown"] = True
    loc = (data.get("service_at_locations") or [{}])[0].get("location") if data.get("service_at_locations") else None
    address = (loc.get("addresses") or [{}])[0] if loc else {}
    location = None
    if loc:
        location = {
            "address": address.get("address_1") or None, "postcode": address.get("postal_code") or None,
            "borough": nav.get("borough") or address.get("state_province") or None,
            "lat": loc.get("latitude"), "lon": loc.get("longitude"),
            "accessibility": ((loc.get("accessibility") or [{}])[0]).get("description"),
        }
    org = data.get("organization") or {}
    ods = next((i["identifier"] for i in org.get("organization_identifiers") or [] if i.get("identifier_scheme") == "GB-NHS-ODS"), None)
    contacts = nav.get("contacts")
    if contacts is None:
        contacts = [{"kind": p.get("type") or "phone", "value": p["number"], "note": p.get("description") or None}
                    for p in data.get("phones") or []]
        if data.get("email"):
            contacts.append({"kind": "email", "value": data["email"], "note": None})
        if data.get("url"):
            contacts.append({"kind": "website", "value": data["url"], "note": None})
    return {
        "oruk_id": data["id"],
        "source": nav.get("source") or "oruk",
        "source_id": nav.get("source_id") or data["id"],
        "name": data["name"],
        "organisation": {"name": org.get("name") or data["name"], "ods_code": ods} if org else None,
        "route": (by_taxonomy.get(TAXONOMIES["route"]) or ["voluntary"])[0],
        "category": (by_taxonomy.get(TAXONOMIES["category"]) or ["imported"])[0],
        "status": STATUS_IN.get(data.get("status"), "active"),
        "status_note": nav.get("status_note", data.get("alert")),
        "description": data.get("description") or None,
        "needs": sorted(by_taxonomy.get(TAXONOMIES["need"], [])),
        "location": location,
        "contacts": contacts,
        "hours": hours,
        "hours_source": nav.get("hours_source") or ("unknown" if hours.get("unknown") else "source"),
        "hours_note": nav.get("hours_note"),
        "bank_holidays": nav.get("bank_holidays") or "unknown",
        "exceptions": exceptions,
        "areas": [a.get("name") for a in data.get("service_areas") or [] if a.get("name")],
        "coverage": nav.get("coverage"),
        "eligibility": {"age_min": data.get("minimum_age"), "age_max": data.get("maximum_age"),
                        "note": data.get("eligibility_description") or None},
        "languages": [{"code": l.get("code") or None, "kind": l.get("name") or "spoken", "note": l.get("note") or None}
                      for l in data.get("languages") or []],
        "source_url": nav.get("source_url"),
        "source_note": nav.get("source_note"),
        "last_verified": nav.get("last_verified") or data.get("assured_date"),
    }
