"""Editing the live directory: every change versioned, audited and never silently overwritten.

A service's editable state is a *snapshot*: a JSON-able dict of every field an editor can
change (hours as "HH:MM-HH:MM" spans, exceptions as dicts, child rows as lists). An edit is a
partial snapshot; `update_service` checks it, claims the next version with a compare-and-set
in SQL (so two workers can never both win), applies it and records one `AuditEvent` holding
each changed field's before and after, plus the full snapshot after (for restore).
Nothing is cached: the next request on any worker reads the new rows.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, lazyload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from .. import clock
from ..text import clean_text, http_url
from .hours import minutes_text, parse_hhmm
from .loader import oruk_id_for
from .models import (
    BANK_HOLIDAY_POLICIES,
    HOURS_SOURCES,
    NWL_BOROUGHS,
    ROUTES,
    STATUSES,
    AuditEvent,
    Contact,
    Feedback,
    HolidaySchedule,
    Location,
    Organisation,
    Postcode,
    RegularSchedule,
    Service,
    ServiceArea,
    ServiceLanguage,
    ServiceNeed,
)
from .postcodes import normalise_postcode
from .sources import WEEKDAYS

FIELDS = (
    "name", "organisation", "description", "route", "category", "status", "status_note", "url", "contacts",
    "address", "postcode", "borough", "lat", "lon", "accessibility", "always_open", "weekly", "hours_source",
    "hours_note", "bank_holidays", "exceptions", "age_min", "age_max", "eligibility_note", "needs", "areas",
    "coverage", "languages", "source_url", "source_note", "last_verified",
)
LABELS = {
    "name": "Name", "organisation": "Organisation", "description": "Description", "route": "Route",
    "category": "Category", "status": "Status", "status_note": "Status note (shown to residents)", "url": "Website",
    "contacts": "Contacts", "address": "Address", "postcode": "Postcode", "borough": "Borough", "lat": "Latitude",
    "lon": "Longitude", "accessibility": "Accessibility", "always_open": "Open 24/7", "weekly": "Weekly hours",
    "hours_source": "Hours source", "hours_note": "Hours note", "bank_holidays": "Bank holidays",
    "exceptions": "Closures and special hours", "age_min": "Minimum age", "age_max": "Maximum age",
    "eligibility_note": "Who it is for", "needs": "Needs met", "areas": "Boroughs served", "coverage": "Coverage",
    "languages": "Languages", "source_url": "Source page", "source_note": "Source note", "last_verified": "Last verified",
}
HOURS_FIELDS = frozenset({"weekly", "always_open"})
CONTACT_KINDS = ("phone", "sms", "textphone", "website", "email")
LANGUAGE_KINDS = ("spoken", "interpreter", "bsl")
COVERAGES = ("borough", "nwl", "london", "england", "national")
FEEDBACK_MAX = 1000
NOTE_MAX = 1000
_NEED_ID = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
_LIMITS = {"name": 255, "organisation": 255, "category": 48, "url": 500, "source_url": 1000, "coverage": 16}


class EditError(ValueError):
    """An edit was refused: `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{LABELS.get(k, k)}: {v}" for k, v in errors.items()))
        self.errors = errors


class VersionConflict(Exception):
    """The service changed since the editor loaded it: both sides, for the conflict page."""

    def __init__(self, current: dict, yours: dict, current_version: int, expected_version: int):
        super().__init__(f"service is at version {current_version}, the edit was made on version {expected_version}")
        self.current, self.yours = current, yours
        self.current_version, self.expected_version = current_version, expected_version

    @property
    def fields(self) -> list[str]:
        """The fields on which the saved service and the edit differ."""
        return [f for f in FIELDS if f in self.yours and _canon(self.yours[f]) != _canon(self.current.get(f))]


class FeedbackError(ValueError):
    """A problem report was refused (empty, too long, or the service does not exist)."""


# --- snapshots ------------------------------------------------------------------------------------


def utc(when: dt.datetime) -> dt.datetime:
    """Audit times are stored in UTC (SQLite keeps no time zone; shown in London time)."""
    return when.astimezone(dt.timezone.utc)


def _iso(value) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _hhmm(minutes: Optional[int]) -> Optional[str]:
    return minutes_text(minutes) if minutes is not None else None


def snapshot(service: Service) -> dict:
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
        "exceptions": _sorted_exceptions(
            {"starts_on": _iso(h.starts_on), "ends_on": _iso(h.ends_on), "closed": bool(h.closed),
             "opens": _hhmm(h.opens), "closes": _hhmm(h.closes), "reason": h.reason}
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


def _sorted_exceptions(items: Iterable[dict]) -> list[dict]:
    return sorted(items, key=lambda e: (e["starts_on"], e["ends_on"], not e["closed"], e["opens"] or "", e["closes"] or "", e["reason"] or ""))


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def diff(before: dict, after: dict) -> dict[str, list]:
    """{field: [before, after]} for every field whose value differs, in FIELDS order."""
    keys = [f for f in FIELDS if f in before or f in after] + sorted(set(before) | set(after) - set(FIELDS))
    return {k: [before.get(k), after.get(k)] for k in keys if _canon(before.get(k)) != _canon(after.get(k))}


# --- checking an edit -------------------------------------------------------------------------------


def _text(value, limit: int = 4000) -> Optional[str]:
    return clean_text(value, limit, multiline=True)


def _span(text: str) -> tuple[int, int]:
    opens, sep, closes = text.replace("–", "-").partition("-")
    if not sep:
        raise ValueError(f"“{text}” is not a span like 08:00-18:30")
    try:
        start, end = parse_hhmm(opens), parse_hhmm(closes)
    except ValueError:
        raise ValueError(f"“{text}” is not a span like 08:00-18:30 (24-hour clock, HH:MM)") from None
    if start == end or start >= 1440:
        raise ValueError(f"“{text}”: opening and closing times must differ (use 00:00-24:00 for all day)")
    return start, end


def _check_weekly(value, errors: dict) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        errors["weekly"] = "weekly hours must map days to spans"
        return {}
    weekly = {}
    for day in WEEKDAYS:
        spans = value.get(day) or []
        if isinstance(spans, str):
            spans = [s for s in re.split(r"[,;]", spans) if s.strip()]
        out = []
        for span in spans:
            try:
                start, end = _span(str(span).strip())
            except ValueError as exc:
                errors["weekly"] = f"{day.title()}: {exc}"
                continue
            out.append((start, end))
        if out:
            weekly[day] = [f"{minutes_text(s)}-{minutes_text(e)}" for s, e in sorted(out)]
    unknown = set(value) - set(WEEKDAYS)
    if unknown:
        errors["weekly"] = f"unknown day {sorted(unknown)[0]!r}"
    return weekly


def _date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _check_exceptions(value, errors: dict) -> list[dict]:
    out = []
    for i, item in enumerate(value or [], 1):
        try:
            starts = _date(item["starts_on"])
            ends = _date(item.get("ends_on") or item["starts_on"])
        except (KeyError, TypeError, ValueError):
            errors["exceptions"] = f"closure {i}: give the first day as a date"
            continue
        if ends < starts:
            errors["exceptions"] = f"closure {i}: the last day is before the first"
            continue
        closed = bool(item.get("closed", True))
        opens = closes = None
        if not closed:
            try:
                opens, closes = _span(f"{item.get('opens') or ''}-{item.get('closes') or ''}")
            except ValueError:
                errors["exceptions"] = f"closure {i}: special hours need an opening and a closing time (HH:MM)"
                continue
        out.append({"starts_on": starts.isoformat(), "ends_on": ends.isoformat(), "closed": closed,
                    "opens": _hhmm(opens), "closes": _hhmm(closes), "reason": _text(item.get("reason"), 500)})
    return _sorted_exceptions(out)


def _check_contacts(value, errors: dict) -> list[dict]:
    out = []
    for item in value or []:
        kind, text = item.get("kind"), _text(item.get("value"), 500)
        if not text:
            continue
        if kind not in CONTACT_KINDS:
            errors["contacts"] = f"contact kind must be one of {', '.join(CONTACT_KINDS)}"
            continue
        if kind == "website" and http_url(text) is None:
            errors["contacts"] = f"“{text}” is not a web address starting http:// or https://"
        if kind == "email" and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", text):
            errors["contacts"] = f"“{text}” is not an email address"
        if kind in ("phone", "sms", "textphone") and not re.fullmatch(r"[0-9 +()]{3,30}", text):
            errors["contacts"] = f"“{text}” is not a phone number (digits and spaces only)"
        out.append({"kind": kind, "value": text, "note": _text(item.get("note"), 500)})
    return out


def _check_languages(value, errors: dict) -> list[dict]:
    out = []
    for item in value or []:
        code, kind = _text(item.get("code"), 16), item.get("kind") or "spoken"
        if not code and kind == "spoken":
            continue
        if kind not in LANGUAGE_KINDS:
            errors["languages"] = f"language kind must be one of {', '.join(LANGUAGE_KINDS)}"
            continue
        if code and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", code):
            errors["languages"] = f"“{code}” is not a language code like pl, ar or pa-Arab"
            continue
        out.append({"code": code, "kind": kind, "note": _text(item.get("note"), 500)})
    return out


def _age(value, field: str, errors: dict) -> Optional[int]:
    if value in (None, ""):
        return None
    try:
        age = int(value)
    except (TypeError, ValueError):
        errors[field] = "an age is a whole number of years"
        return None
    if not 0 <= age <= 120:
        errors[field] = "an age is between 0 and 120"
    return age


def check_changes(db: Session, before: dict, changes: dict, *, geocode: bool = True, today: Optional[dt.date] = None) -> dict:
    """The snapshot after applying `changes` to `before`, tidied; raises EditError listing every problem."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise EditError({sorted(unknown)[0]: "not an editable field"})
    after = dict(before)
    errors: dict[str, str] = {}
    for key, value in changes.items():
        if key in ("description", "status_note", "hours_note", "eligibility_note", "accessibility", "source_note", "address", "borough"):
            after[key] = _text(value)
        elif key in _LIMITS:
            after[key] = _text(value, 10_000)
            if after[key] and len(after[key]) > _LIMITS[key]:
                errors[key] = f"at most {_LIMITS[key]} characters"
        elif key == "contacts":
            after[key] = _check_contacts(value, errors)
        elif key == "weekly":
            after[key] = _check_weekly(value, errors)
        elif key == "exceptions":
            after[key] = _check_exceptions(value, errors)
        elif key == "languages":
            after[key] = _check_languages(value, errors)
        elif key in ("age_min", "age_max"):
            after[key] = _age(value, key, errors)
        elif key in ("needs", "areas"):
            after[key] = sorted({str(v).strip() for v in value or [] if str(v).strip()})
        elif key == "always_open":
            after[key] = bool(value)
        elif key in ("lat", "lon"):
            after[key] = float(value) if value not in (None, "") else None
        elif key == "postcode":
            after[key] = (normalise_postcode(value) or _text(value, 10).upper()) if _text(value) else None
        elif key == "last_verified":
            try:
                after[key] = _date(value).isoformat() if value else None
            except ValueError:
                errors[key] = "give a date"
        else:
            after[key] = value
    if not after.get("name"):
        errors["name"] = "a service needs a name"
    if not after.get("category"):
        errors["category"] = "a service needs a category"
    for key, allowed in (("route", ROUTES), ("status", STATUSES), ("hours_source", HOURS_SOURCES), ("bank_holidays", BANK_HOLIDAY_POLICIES)):
        if after.get(key) not in allowed:
            errors[key] = f"must be one of {', '.join(allowed)}"
    for key in ("url", "source_url"):
        if after.get(key) and http_url(after[key]) is None:
            errors[key] = "a web address starts with http:// or https:// and names a site"
    if after.get("age_min") is not None and after.get("age_max") is not None and after["age_min"] > after["age_max"]:
        errors["age_max"] = "the maximum age is below the minimum age"
    bad_needs = [n for n in after.get("needs") or [] if not _NEED_ID.match(n)]
    if bad_needs:
        errors["needs"] = f"“{bad_needs[0]}” is not a need id"
    bad_areas = [a for a in after.get("areas") or [] if a not in NWL_BOROUGHS]
    if bad_areas:
        errors["areas"] = f"“{bad_areas[0]}” is not a North West London borough"
    if after.get("last_verified") and today and after["last_verified"] > today.isoformat():
        errors["last_verified"] = "cannot be in the future"
    if geocode and "postcode" in changes:
        _geocode(db, before, after, changes, errors)
    if after.get("status") == "active" and before.get("status") != "active" and "status_note" not in changes:
        after["status_note"] = None  # a reopened service should not keep telling residents it is closed
    if errors:
        raise EditError(errors)
    return after


def _geocode(db: Session, before: dict, after: dict, changes: dict, errors: dict) -> None:
    raw = (changes.get("postcode") or "").strip()
    if not raw:
        after["postcode"], after["lat"], after["lon"], after["borough"] = None, None, None, None
        return
    postcode = normalise_postcode(raw)
    if postcode is None:
        errors["postcode"] = f"“{raw}” is not a full UK postcode, like W12 0HS"
        return
    after["postcode"] = postcode
    if postcode == before.get("postcode") and before.get("lat") is not None:
        return
    row = db.get(Postcode, postcode)
    if row is None:
        errors["postcode"] = (
            f"We could not find {postcode} in the postcode data (Greater London only): check it with the service"
        )
        after["postcode"] = before.get("postcode")
        return
    after["lat"], after["lon"], after["borough"] = row.lat, row.lon, row.borough


# --- writing -----------------------------------------------------------------------------------------


def _organisation(db: Session, service: Service, name: Optional[str]) -> Optional[Organisation]:
    if not name:
        return None
    if service.organisation is not None and service.organisation.name == name:
        return service.organisation
    found = db.scalars(select(Organisation).where(Organisation.name == name).order_by(Organisation.id)).first()
    return found or Organisation(name=name)


def apply_snapshot(db: Session, service: Service, values: dict, fields: Iterable[str]) -> None:
    """Set the named fields of a service (and its child rows) from snapshot values."""
    fields = set(fields)
    for key in ("name", "description", "route", "category", "status", "status_note", "url", "always_open",
                "hours_source", "hours_note", "bank_holidays", "age_min", "age_max", "eligibility_note",
                "coverage", "source_url", "source_note"):
        if key in fields:
            setattr(service, key, values[key])
    if "last_verified" in fields:
        service.last_verified = _date(values["last_verified"]) if values["last_verified"] else None
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
            for s, e in (_span(span) for span in spans)
        ]
    if "exceptions" in fields:
        service.holiday_schedules = [
            HolidaySchedule(
                starts_on=_date(h["starts_on"]), ends_on=_date(h["ends_on"]), closed=h["closed"], reason=h["reason"],
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


def add_audit(db: Session, service: Service, *, actor: str, action: str, version: int, changes: dict, after: dict,
           note: Optional[str], now: dt.datetime, change_set_id: Optional[int] = None) -> AuditEvent:
    """Record one change to a service: who, when, each field's before and after, and the snapshot after."""
    event = AuditEvent(
        service_id=service.id, actor=actor, at=utc(now), action=action, version=version,
        changes=json.dumps(changes, ensure_ascii=False), snapshot=json.dumps(after, ensure_ascii=False),
        note=_text(note, NOTE_MAX), change_set_id=change_set_id,
    )
    db.add(event)
    return event


def _conflict(db: Session, service: Service, yours: dict, expected: int) -> VersionConflict:
    db.rollback()
    db.refresh(service)
    return VersionConflict(snapshot(service), yours, service.version, expected)


def stage_update(db: Session, service: Service, changes: dict, *, actor: str, expected_version: int, action: str = "update",
                 note: Optional[str] = None, now: Optional[dt.datetime] = None, geocode: bool = True,
                 change_set_id: Optional[int] = None) -> Optional[AuditEvent]:
    """`update_service` without the commit (bulk import commits many at once); None when nothing changes."""
    now = now or clock.now()
    before = snapshot(service)
    if expected_version != service.version:
        try:
            yours = check_changes(db, before, changes, geocode=False)
        except EditError:
            yours = {**before, **changes}
        raise _conflict(db, service, yours, expected_version)
    after = check_changes(db, before, changes, geocode=geocode, today=now.date())
    if action == "update" and "hours_source" not in changes and any(_canon(after[f]) != _canon(before[f]) for f in HOURS_FIELDS):
        after["hours_source"] = "editor"  # an editor who sets hours has confirmed them
    changed = diff(before, after)
    if not changed:
        return None
    if not _claim_version(db, service.id, expected_version):
        raise _conflict(db, service, after, expected_version)
    set_committed_value(service, "version", expected_version + 1)
    apply_snapshot(db, service, after, changed)
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
    apply_snapshot(db, service, after, FIELDS)
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


def history(db: Session, service_id: int) -> list[AuditEvent]:
    """The service's audit events, newest first."""
    return list(db.scalars(select(AuditEvent).where(AuditEvent.service_id == service_id).order_by(AuditEvent.version.desc(), AuditEvent.id.desc())))


def event_changes(event: AuditEvent) -> dict[str, list]:
    """An audit event's {field: [before, after]}."""
    return json.loads(event.changes)


def event_snapshot(event: AuditEvent, *, before: bool = False) -> dict:
    """The service as it was after an event (or, with before=True, just before it)."""
    values = json.loads(event.snapshot)
    if before:
        values.update({field: pair[0] for field, pair in json.loads(event.changes).items() if field in FIELDS})
    return values


def snapshot_at(db: Session, service_id: int, version: int) -> Optional[dict]:
    """The service's fields as they were at `version`, when the history can tell (else None)."""
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.service_id == service_id, AuditEvent.version.in_((version, version + 1)))
        .order_by(AuditEvent.version, AuditEvent.id)
    ).all()
    for event in events:
        if event.version == version:
            return event_snapshot(event)
    for event in events:
        if event.version == version + 1:
            return event_snapshot(event, before=True)
    return None


def restore_version(db: Session, service: Service, audit_event_id: int, actor: str, *, before: bool = False,
                    expected_version: Optional[int] = None, now: Optional[dt.datetime] = None) -> Optional[AuditEvent]:
    """Put back the service as after an audited change (or just before it), audited; `last_verified` is kept."""
    event = db.get(AuditEvent, audit_event_id)
    if event is None or event.service_id != service.id:
        raise EditError({"version": "no such version of this service"})
    values = {k: v for k, v in event_snapshot(event, before=before).items() if k in FIELDS and k != "last_verified"}
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


# --- freshness and the editors' lists ---------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _light(stmt):
    return stmt.options(lazyload("*"), selectinload(Service.location), selectinload(Service.organisation))


def _review_filter(today: dt.date, months: int):
    cutoff = months_before(today, months)
    return (Service.status != "closed") & or_(Service.last_verified.is_(None), Service.last_verified < cutoff)


def needs_review(db: Session, today: dt.date, months: int = 6, *, limit: Optional[int] = None, offset: int = 0) -> list[Service]:
    """Services still running whose details nobody has verified for `months` months, oldest check first."""
    stmt = _light(select(Service).where(_review_filter(today, months)))
    stmt = stmt.order_by(Service.last_verified.is_not(None), Service.last_verified, Service.name, Service.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.scalars(stmt))


def count_needs_review(db: Session, today: dt.date, months: int = 6) -> int:
    """How many services `needs_review` lists."""
    return db.scalar(select(func.count(Service.id)).where(_review_filter(today, months))) or 0


@dataclass
class ServicePage:
    """One page of the editors' service list."""

    services: list[Service]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_services(db: Session, *, q: Optional[str] = None, route: Optional[str] = None, status: Optional[str] = None,
                  borough: Optional[str] = None, stale_before: Optional[dt.date] = None, page: int = 1,
                  per_page: int = 50) -> ServicePage:
    """Services filtered by name text, route, status, borough and last check, by name."""
    conditions = []
    if q:
        # autoescape: a '%' or '_' typed by an editor is a literal character, not a LIKE wildcard.
        conditions.append(or_(func.lower(Service.name).contains(q.strip().lower(), autoescape=True), Service.source_id == q.strip()))
    if route:
        conditions.append(Service.route == route)
    if status:
        conditions.append(Service.status == status)
    if borough:
        conditions.append(Service.location_id.in_(select(Location.id).where(Location.borough == borough))
                          | Service.id.in_(select(ServiceArea.service_id).where(ServiceArea.borough == borough)))
    if stale_before:
        conditions.append(or_(Service.last_verified.is_(None), Service.last_verified < stale_before))
    total = db.scalar(select(func.count(Service.id)).where(*conditions)) or 0
    page = max(1, page)
    stmt = _light(select(Service).where(*conditions)).order_by(Service.name, Service.id).offset((page - 1) * per_page).limit(per_page)
    return ServicePage(list(db.scalars(stmt)), total, page, per_page)


# --- feedback ----------------------------------------------------------------------------------------


def clean_message(text: Optional[str], limit: int = FEEDBACK_MAX) -> str:
    """Report text without control characters; raises FeedbackError when empty or too long."""
    cleaned = clean_text(text, multiline=True)
    if not cleaned:
        raise FeedbackError("Please say what is wrong.")
    if len(cleaned) > limit:
        raise FeedbackError(f"Please use at most {limit} characters.")
    return cleaned


def report_problem(db: Session, service_id: int, message: str, *, reporter: str, reporter_name: Optional[str] = None,
                   now: Optional[dt.datetime] = None) -> Feedback:
    """Queue a report about a service for the editors ("this number didn't work")."""
    if reporter not in ("resident", "staff"):
        raise FeedbackError("reporter must be resident or staff")
    if db.get(Service, service_id) is None:
        raise FeedbackError("There is no such service.")
    item = Feedback(service_id=service_id, reporter=reporter, reporter_name=_text(reporter_name, 255),
                    message=clean_message(message), status="open", created_at=utc(now or clock.now()))
    db.add(item)
    db.commit()
    return item


def open_feedback(db: Session, service_id: Optional[int] = None, *, status: str = "open", limit: int = 200) -> list[tuple[Feedback, Service]]:
    """Reports with their service, oldest first (the queue), optionally for one service."""
    stmt = _light(select(Feedback, Service).join(Service, Service.id == Feedback.service_id)).where(Feedback.status == status)
    if service_id is not None:
        stmt = stmt.where(Feedback.service_id == service_id)
    order = (Feedback.created_at.asc(), Feedback.id.asc()) if status == "open" else (Feedback.resolved_at.desc(), Feedback.id.desc())
    return [tuple(row) for row in db.execute(stmt.order_by(*order).limit(limit))]


def count_open_feedback(db: Session) -> int:
    """How many reports wait for an editor."""
    return db.scalar(select(func.count(Feedback.id)).where(Feedback.status == "open")) or 0


def resolve_feedback(db: Session, feedback_id: int, actor: str, note: Optional[str], now: Optional[dt.datetime] = None) -> Feedback:
    """Close a report with what was done about it."""
    item = db.get(Feedback, feedback_id)
    if item is None:
        raise FeedbackError("There is no such report.")
    if item.status != "open":
        raise FeedbackError("This report was already resolved.")
    item.status, item.resolved_at, item.resolved_by = "resolved", utc(now or clock.now()), actor
    item.resolution_note = clean_message(note, NOTE_MAX)
    db.commit()
    return item
