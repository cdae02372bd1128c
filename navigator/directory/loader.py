"""Load `directory_data/` into the database, idempotently and in bulk.

Services are matched by (source, source_id). A record whose fingerprint is unchanged is
left alone (so an editor's later changes survive a reload); a changed one updates its
row in place (ids stay stable); a new one is inserted. Postcodes are reloaded only when
the file's checksum changes.
"""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from .audit import add_audit, diff, editable_values
from .hours import parse_hhmm
from .models import (
    Contact,
    DatasetVersion,
    HolidaySchedule,
    Location,
    Organisation,
    Postcode,
    PostcodeArea,
    RegularSchedule,
    Service,
    ServiceArea,
    ServiceLanguage,
    ServiceNeed,
)
from .oruk import oruk_id_for
from .postcodes import area_rows
from .sources import POSTCODE_FILE, WEEKDAYS, DataError, file_checksum, read_bundle, read_postcodes, record_hash

Progress = Callable[[str], None]
BATCH = 5000


@dataclass
class LoadReport:
    """What a load did, for the command's output and for tests."""

    postcodes: int = 0
    postcodes_reloaded: bool = False
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_route: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    seconds: float = 0.0


def load_postcodes(db: Session, data_dir: Path, progress: Progress) -> tuple[int, bool]:
    """Load Code-Point postcodes and area centroids unless the same file is already loaded."""
    path = data_dir / POSTCODE_FILE
    checksum = file_checksum(path)
    version = db.get(DatasetVersion, "postcodes")
    if version and version.checksum == checksum:
        progress(f"postcodes: {version.rows:,} already loaded (unchanged)")
        return version.rows, False
    progress("postcodes: reading OS Code-Point Open ...")
    units = list(read_postcodes(data_dir))
    db.execute(delete(PostcodeArea))
    db.execute(delete(Postcode))
    for start in range(0, len(units), BATCH):
        chunk = units[start : start + BATCH]
        db.execute(insert(Postcode), [{"postcode": p, "lat": la, "lon": lo, "borough": b} for p, la, lo, b in chunk])
        progress(f"postcodes: {min(start + BATCH, len(units)):,}/{len(units):,}")
    areas = area_rows(units)
    db.execute(insert(PostcodeArea), areas)
    if version is None:
        version = DatasetVersion(name="postcodes", checksum=checksum, rows=len(units))
        db.add(version)
    else:
        version.checksum, version.rows = checksum, len(units)
    progress(f"postcodes: {len(units):,} units, {len(areas):,} districts/sectors/boroughs")
    return len(units), True


def _places(db: Session) -> dict[str, tuple[float, float, str]]:
    return {p: (lat, lon, b) for p, lat, lon, b in db.execute(select(Postcode.postcode, Postcode.lat, Postcode.lon, Postcode.borough))}


def _areas(db: Session) -> dict[str, tuple[float, float, str]]:
    """Sector and district centroids, for services whose postcode Code-Point does not hold."""
    rows = db.execute(select(PostcodeArea.code, PostcodeArea.lat, PostcodeArea.lon, PostcodeArea.borough).where(PostcodeArea.kind != "borough"))
    return {code: (lat, lon, borough) for code, lat, lon, borough in rows}


def _organisation(db: Session, cache: dict, spec: Optional[dict]) -> Optional[Organisation]:
    if not spec:
        return None
    key = spec.get("ods_code") or spec["name"]
    if key not in cache:
        org = None
        if spec.get("ods_code"):
            org = db.scalar(select(Organisation).where(Organisation.ods_code == spec["ods_code"]))
        if org is None:
            org = Organisation(name=spec["name"], ods_code=spec.get("ods_code"))
            db.add(org)
        cache[key] = org
    return cache[key]


def _weekly_rows(hours: dict, label: str) -> list[RegularSchedule]:
    rows = []
    for day, spans in (hours.get("weekly") or {}).items():
        if day not in WEEKDAYS:
            raise DataError(f"{label}: unknown weekday {day!r}")
        for span in spans:
            try:
                opens, _, closes = span.partition("-")
                rows.append(RegularSchedule(weekday=WEEKDAYS.index(day), opens=parse_hhmm(opens), closes=parse_hhmm(closes)))
            except ValueError as exc:
                raise DataError(f"{label}: bad hours {span!r}: {exc}") from exc
    return rows


def apply_record(db: Session, service: Service, record: dict, org_cache: dict) -> None:
    """Set a service's fields and child rows from a source record."""
    label = f"{record['source']}:{record['source_id']}"
    service.oruk_id = service.oruk_id or record.get("oruk_id") or oruk_id_for(record["source"], record["source_id"])
    hours = record.get("hours") or {}
    eligibility = record.get("eligibility") or {}
    service.organisation = _organisation(db, org_cache, record.get("organisation"))
    service.name = record["name"]
    service.description = record.get("description")
    service.route = record["route"]
    service.category = record["category"]
    service.status = record.get("status") or "active"
    service.status_note = record.get("status_note")
    service.coverage = record.get("coverage")
    service.always_open = bool(hours.get("always_open"))
    service.hours_source = record.get("hours_source") or ("unknown" if hours.get("unknown") else "source")
    service.hours_note = record.get("hours_note")
    service.hours_source_name = record.get("hours_source_name")
    service.hours_source_date = str(record["hours_source_date"]) if record.get("hours_source_date") else None
    service.hours_confirmed = record.get("hours_confirmed") is not False
    service.bank_holidays = record.get("bank_holidays") or "unknown"
    service.age_min = eligibility.get("age_min")
    service.age_max = eligibility.get("age_max")
    service.eligibility_note = eligibility.get("note")
    service.source_url = record.get("source_url")
    service.source_note = record.get("source_note")
    service.source_hash = record_hash(record)
    if record.get("last_verified"):
        verified = record["last_verified"]
        service.last_verified = verified if isinstance(verified, dt.date) else dt.date.fromisoformat(str(verified))
    loc = record.get("location")
    if loc:
        service.location = service.location or Location()
        for key in ("address", "postcode", "borough", "lat", "lon"):
            setattr(service.location, key, loc.get(key))
        service.location.accessibility = loc.get("accessibility")
        service.location.placed_by = loc.get("placed_by")
        service.location.approximate = bool(loc.get("approximate"))
    else:
        service.location = None
    websites = [c for c in record.get("contacts") or [] if c.get("kind") == "website"]
    service.url = websites[0]["value"] if websites else None
    service.contacts = [
        Contact(kind=c["kind"], value=str(c["value"]), note=c.get("note"), position=i)
        for i, c in enumerate(record.get("contacts") or [])
    ]
    service.regular_schedules = _weekly_rows(hours, label)
    service.holiday_schedules = [
        HolidaySchedule(
            starts_on=h["starts_on"], ends_on=h["ends_on"], closed=h.get("closed", True), reason=h.get("reason"),
            opens=parse_hhmm(h["opens"]) if h.get("opens") else None,
            closes=parse_hhmm(h["closes"]) if h.get("closes") else None,
        )
        for h in record.get("exceptions") or []
    ]
    service.needs = [ServiceNeed(need=n) for n in sorted(set(record.get("needs") or []))]
    service.areas = [ServiceArea(borough=b) for b in sorted(set(record.get("areas") or []))]
    service.languages = [
        ServiceLanguage(code=lang.get("code"), kind=lang.get("kind", "spoken"), note=lang.get("note"))
        for lang in record.get("languages") or []
    ]


def _update_audited(db: Session, service: Service, record: dict, org_cache: dict) -> None:
    """Apply a changed source record to its row, bump the version and audit each field that changed."""
    before = editable_values(service)
    apply_record(db, service, record, org_cache)
    service.version += 1  # every change bumps the version (see directory/snapshot.py)
    after = editable_values(service)
    changes = diff(before, after)
    if changes:
        add_audit(
            db, service, actor="navigator directory load", action="import", version=service.version,
            changes=changes, after=after, note=f"source record {record['source']}:{record['source_id']} changed",
            now=dt.datetime.now(dt.timezone.utc),
        )


def load_directory(db: Session, data_dir: Path, progress: Progress = lambda _m: None) -> LoadReport:
    """Load postcodes and every service record; commit once at the end."""
    started = time.perf_counter()
    report = LoadReport()
    report.postcodes, report.postcodes_reloaded = load_postcodes(db, data_dir, progress)
    db.flush()
    progress("services: reading directory_data ...")
    bundle = read_bundle(data_dir, _places(db), _areas(db))
    report.skipped, report.unplaced = bundle.skipped, bundle.unplaced
    existing = {
        (s, sid): (id_, h)
        for id_, s, sid, h in db.execute(select(Service.id, Service.source, Service.source_id, Service.source_hash))
    }
    org_cache: dict = {}
    seen = set()
    for i, record in enumerate(bundle.records, 1):
        key = (record["source"], record["source_id"])
        if key in seen:
            raise DataError(f"duplicate source id {key[0]}:{key[1]}")
        seen.add(key)
        report.by_category[record["category"]] += 1
        report.by_route[record["route"]] += 1
        report.by_status[record.get("status") or "active"] += 1
        found = existing.get(key)
        if found and found[1] == record_hash(record):
            report.unchanged += 1
        elif found:
            _update_audited(db, db.get(Service, found[0]), record, org_cache)
            report.updated += 1
        else:
            service = Service(source=record["source"], source_id=record["source_id"])
            apply_record(db, service, record, org_cache)
            db.add(service)
            report.inserted += 1
        if i % 250 == 0:
            progress(f"services: {i:,}/{len(bundle.records):,}")
    db.commit()
    report.seconds = time.perf_counter() - started
    return report
