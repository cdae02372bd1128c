"""Editing the live directory: every change versioned, audited and never silently overwritten.

An edit is a partial dict of editable values (see `audit.editable_values`). `update_service`
checks it (`checks.check_changes`), claims the next version with a compare-and-set in SQL (so
two workers can never both win), applies it and records one `AuditEvent` (`audit.add_audit`).
Nothing is cached: the next request on any worker reads the new rows.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Iterable, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from .. import clock
from .audit import add_audit, canon, diff, editable_values, event_values
from .checks import FIELDS, EditError, check_changes, parse_date, parse_span
from .hours import parse_hhmm
from .models import (
    AuditEvent,
    Contact,
    HolidaySchedule,
    Location,
    Organisation,
    RegularSchedule,
    Service,
    ServiceArea,
    ServiceLanguage,
    ServiceNeed,
)
from .oruk import oruk_id_for
from .sources import WEEKDAYS

HOURS_FIELDS = frozenset({"weekly", "always_open"})


class VersionConflict(Exception):
    """The service changed since the editor loaded it: both sides, for the conflict page."""

    def __init__(self, current: dict, yours: dict, current_version: int, expected_version: int):
        super().__init__(f"service is at version {current_version}, the edit was made on version {expected_version}")
        self.current, self.yours = current, yours
        self.current_version, self.expected_version = current_version, expected_version

    @property
    def fields(self) -> list[str]:
        """The fields on which the saved service and the edit differ."""
        return [f for f in FIELDS if f in self.yours and canon(self.yours[f]) != canon(self.current.get(f))]


def _organisation(db: Session, service: Service, name: Optional[str]) -> Optional[Organisation]:
    if not name:
        return None
    if service.organisation is not None and service.organisation.name == name:
        return service.organisation
    found = db.scalars(select(Organisation).where(Organisation.name == name).order_by(Organisation.id)).first()
    return found or Organisation(name=name)


def apply_values(db: Session, service: Service, values: dict, fields: Iterable[str]) -> None:
    """Set the named fields of a service (and its child rows) from editable values."""
    fields = set(fields)
    for key in ("name", "description", "route", "category", "status", "status_note", "url", "always_open",
                "hours_source", "hours_note", "bank_holidays", "age_min", "age_max", "eligibility_note",
                "coverage", "source_url", "source_note"):
        if key in fields:
            setattr(service, key, values[key])
    if "last_verified" in fields:
        service.last_verified = parse_date(values["last_verified"]) if values["last_verified"] else None
    if "organisation" in fields:
        service.organisation = _organisation(db, service, values["organisation"])
    location_keys = {"address", "postcode", "borough", "lat", "lon", "accessibility"}
    if fields & location_keys:
        if any(values.get(k) is not None for k in location_keys):
            service.location = service.location or Location()
            for key in location_keys & fields:
                setattr(service.location, key, values[key])
        else:
            service.location = None
    if "contacts" in fields:
        service.contacts = [Contact(kind=c["kind"], value=c["value"], note=c["note"], position=i) for i, c in enumerate(values["contacts"])]
    if "weekly" in fields:
        service.regular_schedules = [
            RegularSchedule(weekday=WEEKDAYS.index(day), opens=s, closes=e)
            for day, spans in values["weekly"].items()
            for s, e in (parse_span(span) for span in spans)
        ]
    if "exceptions" in fields:
        service.holiday_schedules = [
            HolidaySchedule(
                starts_on=parse_date(h["starts_on"]), ends_on=parse_date(h["ends_on"]), closed=h["closed"], reason=h["reason"],
                opens=parse_hhmm(h["opens"]) if h["opens"] else None, closes=parse_hhmm(h["closes"]) if h["closes"] else None,
            )
            for h in values["exceptions"]
        ]
    if "needs" in fields:
        _replace_keyed(service.needs, values["needs"], lambda row: row.need, lambda key: ServiceNeed(need=key))
    if "areas" in fields:
        _replace_keyed(service.areas, values["areas"], lambda row: row.borough, lambda key: ServiceArea(borough=key))
    if "languages" in fields:
        service.languages = [ServiceLanguage(code=l["code"], kind=l["kind"], note=l["note"]) for l in values["languages"]]


def _replace_keyed(rows: list, wanted: list[str], key_of, make) -> None:
    # Keep rows whose key stays (their primary key includes it), so no delete and insert of one key meet in a flush.
    keep = set(wanted)
    for row in [r for r in rows if key_of(r) not in keep]:
        rows.remove(row)
    have = {key_of(r) for r in rows}
    rows.extend(make(k) for k in wanted if k not in have)


def _claim_version(db: Session, service_id: int, expected: int) -> bool:
    """Compare-and-set: move the service to the next version only if it is still at `expected`."""
    result = db.execute(
        update(Service)
        .where(Service.id == service_id, Service.version == expected)
        .values(version=Service.version + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _conflict(db: Session, service: Service, yours: dict, expected: int) -> VersionConflict:
    db.rollback()
    db.refresh(service)
    return VersionConflict(editable_values(service), yours, service.version, expected)


def stage_update(db: Session, service: Service, changes: dict, *, actor: str, expected_version: int, action: str = "update",
                 note: Optional[str] = None, now: Optional[dt.datetime] = None, geocode: bool = True,
                 change_set_id: Optional[int] = None) -> Optional[AuditEvent]:
    """`update_service` without the commit (bulk import commits many at once); None when nothing changes."""
    now = now or clock.now()
    before = editable_values(service)
    if expected_version != service.version:
        try:
            yours = check_changes(db, before, changes, geocode=False)
        except EditError:
            yours = {**before, **changes}
        raise _conflict(db, service, yours, expected_version)
    after = check_changes(db, before, changes, geocode=geocode, today=now.date())
    if action == "update" and "hours_source" not in changes and any(canon(after[f]) != canon(before[f]) for f in HOURS_FIELDS):
        after["hours_source"] = "editor"  # an editor who sets hours has confirmed them
    changed = diff(before, after)
    if not changed:
        return None
    if not _claim_version(db, service.id, expected_version):
        raise _conflict(db, service, after, expected_version)
    set_committed_value(service, "version", expected_version + 1)
    apply_values(db, service, after, changed)
    db.flush()
    return add_audit(db, service, actor=actor, action=action, version=expected_version + 1, changes=changed, after=after,
                  note=note, now=now, change_set_id=change_set_id)


def update_service(db: Session, service: Service, changes: dict, *, actor: str, expected_version: int,
                   note: Optional[str] = None, action: str = "update", now: Optional[dt.datetime] = None) -> Optional[AuditEvent]:
    """Apply changes made on `expected_version`, audited (None if nothing changed); VersionConflict, never an overwrite."""
    try:
        event = stage_update(db, service, changes, actor=actor, expected_version=expected_version, action=action, note=note, now=now)
    except EditError:
        db.rollback()
        raise
    db.commit()
    return event


def create_service(db: Session, values: dict, *, actor: str, note: Optional[str] = None, now: Optional[dt.datetime] = None,
                   source: str = "editor", source_id: Optional[str] = None) -> Service:
    """Add a service (status active unless given), audited as version 1."""
    now = now or clock.now()
    blank = {f: None for f in FIELDS} | {
        "contacts": [], "weekly": {}, "exceptions": [], "needs": [], "areas": [], "languages": [], "always_open": False,
        "status": "active", "hours_source": "unknown", "bank_holidays": "unknown",
    }
    after = check_changes(db, blank, values, today=now.date())
    if "hours_source" not in values and (after["weekly"] or after["always_open"]):
        after["hours_source"] = "editor"
    source_id = source_id or uuid.uuid4().hex[:16]
    service = Service(source=source, source_id=source_id, oruk_id=oruk_id_for(source, source_id), version=1,
                      name=after["name"], route=after["route"], category=after["category"])
    apply_values(db, service, after, FIELDS)
    db.add(service)
    db.flush()
    add_audit(db, service, actor=actor, action="create", version=1, changes=diff(blank, after), after=after, note=note, now=now)
    db.commit()
    return service


def retire_service(db: Session, service: Service, *, actor: str, expected_version: int, note: Optional[str] = None,
                   now: Optional[dt.datetime] = None) -> Optional[AuditEvent]:
    """Close a service for good (status closed; the row and its history stay)."""
    changes = {"status": "closed"}
    if note:
        changes["status_note"] = note
    return update_service(db, service, changes, actor=actor, expected_version=expected_version, note=note, action="retire", now=now)


def restore_version(db: Session, service: Service, audit_event_id: int, actor: str, *, before: bool = False,
                    expected_version: Optional[int] = None, now: Optional[dt.datetime] = None) -> Optional[AuditEvent]:
    """Put back the service as after an audited change (or just before it), audited; `last_verified` is kept."""
    event = db.get(AuditEvent, audit_event_id)
    if event is None or event.service_id != service.id:
        raise EditError({"version": "no such version of this service"})
    values = {k: v for k, v in event_values(event, before=before).items() if k in FIELDS and k != "last_verified"}
    version = event.version - 1 if before else event.version
    return update_service(
        db, service, values, actor=actor, expected_version=service.version if expected_version is None else expected_version,
        note=f"restored version {version}", action="restore", now=now,
    )


def mark_verified(db: Session, service: Service, actor: str, today: dt.date, *, expected_version: Optional[int] = None,
                  now: Optional[dt.datetime] = None) -> Optional[AuditEvent]:
    """Record that an editor checked the service's details today."""
    return update_service(
        db, service, {"last_verified": today.isoformat()}, actor=actor,
        expected_version=service.version if expected_version is None else expected_version, action="verify", now=now,
    )

