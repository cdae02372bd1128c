"""The audit trail of the directory: each service's editable values, what changed, and its history.

`editable_values` is a service's editable state as JSON-able values (the shape `checks` checks
and `editing` applies). Every change is recorded as one `AuditEvent` holding each changed
field's before and after, plus all the values after, so any past version can be read back
(`values_at`, `event_values`) and restored (`editing.restore_version`).
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from .checks import FIELDS, NOTE_MAX, clean_text, hhmm, sorted_exceptions
from .hours import minutes_text
from .models import AuditEvent, Service
from .sources import WEEKDAYS


def utc(when: dt.datetime) -> dt.datetime:
    """Audit times are stored in UTC (SQLite keeps no time zone; shown in London time)."""
    return when.astimezone(dt.timezone.utc)


def _iso(value) -> Optional[str]:
    return value.isoformat() if value is not None else None


def editable_values(service: Service) -> dict:
    """Every editable field of a service as plain JSON-able values."""
    loc = service.location
    weekly: dict[str, list[str]] = {}
    for row in sorted(service.regular_schedules, key=lambda r: (r.weekday, r.opens, r.closes)):
        weekly.setdefault(WEEKDAYS[row.weekday], []).append(f"{minutes_text(row.opens)}-{minutes_text(row.closes)}")
    return {
        "name": service.name,
        "organisation": service.organisation.name if service.organisation else None,
        "description": service.description,
        "route": service.route,
        "category": service.category,
        "status": service.status,
        "status_note": service.status_note,
        "url": service.url,
        "contacts": [{"kind": c.kind, "value": c.value, "note": c.note} for c in sorted(service.contacts, key=lambda c: c.position)],
        "address": loc.address if loc else None,
        "postcode": loc.postcode if loc else None,
        "borough": loc.borough if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "accessibility": loc.accessibility if loc else None,
        "always_open": bool(service.always_open),
        "weekly": weekly,
        "hours_source": service.hours_source,
        "hours_note": service.hours_note,
        "bank_holidays": service.bank_holidays,
        "exceptions": sorted_exceptions(
            {"starts_on": _iso(h.starts_on), "ends_on": _iso(h.ends_on), "closed": bool(h.closed),
             "opens": hhmm(h.opens), "closes": hhmm(h.closes), "reason": h.reason}
            for h in service.holiday_schedules
        ),
        "age_min": service.age_min,
        "age_max": service.age_max,
        "eligibility_note": service.eligibility_note,
        "needs": sorted(n.need for n in service.needs),
        "areas": sorted(a.borough for a in service.areas),
        "coverage": service.coverage,
        "languages": [{"code": lang.code, "kind": lang.kind, "note": lang.note} for lang in sorted(service.languages, key=lambda l: l.id or 0)],
        "source_url": service.source_url,
        "source_note": service.source_note,
        "last_verified": _iso(service.last_verified),
    }


def canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def diff(before: dict, after: dict) -> dict[str, list]:
    """{field: [before, after]} for every field whose value differs, in FIELDS order."""
    keys = [f for f in FIELDS if f in before or f in after] + sorted(set(before) | set(after) - set(FIELDS))
    return {k: [before.get(k), after.get(k)] for k in keys if canon(before.get(k)) != canon(after.get(k))}


def add_audit(db: Session, service: Service, *, actor: str, action: str, version: int, changes: dict, after: dict,
           note: Optional[str], now: dt.datetime, change_set_id: Optional[int] = None) -> AuditEvent:
    """Record one change to a service: who, when, each field's before and after, and all the values after."""
    event = AuditEvent(
        service_id=service.id, actor=actor, at=utc(now), action=action, version=version,
        changes=json.dumps(changes, ensure_ascii=False), snapshot=json.dumps(after, ensure_ascii=False),
        note=clean_text(note, NOTE_MAX), change_set_id=change_set_id,
    )
    db.add(event)
    return event


def history(db: Session, service_id: int) -> list[AuditEvent]:
    """The service's audit events, newest first."""
    return list(db.scalars(select(AuditEvent).where(AuditEvent.service_id == service_id).order_by(AuditEvent.version.desc(), AuditEvent.id.desc())))


def event_changes(event: AuditEvent) -> dict[str, list]:
    """An audit event's {field: [before, after]}."""
    return json.loads(event.changes)


def event_values(event: AuditEvent, *, before: bool = False) -> dict:
    """The service as it was after an event (or, with before=True, just before it)."""
    values = json.loads(event.snapshot)
    if before:
        values.update({field: pair[0] for field, pair in json.loads(event.changes).items() if field in FIELDS})
    return values


def values_at(db: Session, service_id: int, version: int) -> Optional[dict]:
    """The service's fields as they were at `version`, when the history can tell (else None)."""
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.service_id == service_id, AuditEvent.version.in_((version, version + 1)))
        .order_by(AuditEvent.version, AuditEvent.id)
    ).all()
    for event in events:
        if event.version == version:
            return event_values(event)
    for event in events:
        if event.version == version + 1:
            return event_values(event, before=True)
    return None

