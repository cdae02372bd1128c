"""Bulk import with review: an ODS CSV or an ORUK JSON file → a plan (new / changed / retired) → one audited change set.

Services are matched by (source, source_id), then by ORUK id. A service "of the same source"
missing from the file is retired (closed, never deleted); the scope is the (source, category)
pairs the file holds, so a pharmacy file never retires GP practices. An ODS file owns only what
ODS publishes (name, address and place, phone, being listed): editors' hours, closures, notes and
languages survive it, and ODS default hours are refreshed only where no one has confirmed hours.
An ORUK file is a full exchange: every field it carries is taken.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from . import oruk
from .audit import add_audit, diff, editable_values, utc
from .checks import FIELDS, EditError, check_changes
from .editing import stage_update
from .hours import minutes_text, parse_hhmm
from .loader import _areas, _places, apply_record
from .models import ChangeSet, Service
from .sources import (
    COMMUNITY_PHARMACY_SUBTYPE,
    GP_PRESCRIBING_SETTING,
    Bundle,
    DataError,
    _ods_records,
)

Progress = Callable[[str], None]
ODS_COMMON = {"org_code", "name", "high_level_health_geography_icb", "postcode", "status_code", "contact_telephone"}
ODS_FIELDS = ("name", "address", "postcode", "borough", "lat", "lon")
DEFAULT_HOURS_FIELDS = ("weekly", "hours_note", "bank_holidays")
BLANK = {f: None for f in FIELDS} | {
    "contacts": [], "weekly": {}, "exceptions": [], "needs": [], "areas": [], "languages": [], "always_open": False,
    "status": "active", "hours_source": "unknown", "bank_holidays": "unknown",
}


class ImportFileError(DataError):
    """The file cannot be imported: not an ODS CSV with its header row, nor ORUK JSON."""


@dataclass
class ImportFile:
    """What a file holds: its kind (ods-gp, ods-pharmacy, oruk), records, and what could not be read."""

    kind: str
    records: list[dict]
    skipped: list[str] = field(default_factory=list)

    @property
    def mode(self) -> str:
        return "ods" if self.kind.startswith("ods") else "full"


@dataclass
class Change:
    """An existing service the file changes: each field's before and after."""

    service: Service
    version: int
    changes: dict[str, list]


@dataclass
class ImportPlan:
    """What applying a file would do, for review before anything is written."""

    kind: str
    new: list[dict] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    retired: list[Service] = field(default_factory=list)
    unchanged: int = 0
    invalid: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed), "retired": len(self.retired),
                "unchanged": self.unchanged, "invalid": len(self.invalid)}

    @property
    def empty(self) -> bool:
        return not (self.new or self.changed or self.retired)

    def fingerprint(self) -> str:
        """A digest of exactly what would be written (so what is applied is what was reviewed)."""
        body = {
            "new": [[r["source"], r["source_id"], r["_snapshot"]] for r in self.new],
            "changed": [[c.service.id, c.version, c.changes] for c in self.changed],
            "retired": [[s.id, s.version] for s in self.retired],
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


# --- reading files -------------------------------------------------------------------------------


def _yaml(path: Path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def read_ods_csv(db: Session, path: Path, data_dir: Path) -> ImportFile:
    """Records from an ODS epraccur (GP) or edispensary (pharmacy) CSV with its header row."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        header = set(next(csv.reader(fh), []))
    missing = ODS_COMMON - header
    if missing:
        raise ImportFileError(f"{path.name}: not an ODS CSV with a header row (missing {', '.join(sorted(missing))})")
    defaults, category_needs = _yaml(data_dir / "default_hours.yaml"), _yaml(data_dir / "category_needs.yaml")
    bundle = Bundle()
    common = {"places": _places(db), "areas": _areas(db), "defaults": defaults, "bundle": bundle}
    if "prescribing_setting" in header:
        kind, records = "ods-gp", _ods_records(
            path, route="gp", category="gp_practice", needs=category_needs["gp_practice"],
            keep=lambda row: row["prescribing_setting"] == GP_PRESCRIBING_SETTING, **common)
    elif {"organisation_subtype_code", "parent_organisation_code"} <= header:
        kind, records = "ods-pharmacy", _ods_records(
            path, route="pharmacy", category="community_pharmacy", needs=category_needs["community_pharmacy"],
            keep=lambda row: row["organisation_subtype_code"] == COMMUNITY_PHARMACY_SUBTYPE, **common)
    else:
        raise ImportFileError(f"{path.name}: an ODS CSV, but neither epraccur (GP) nor edispensary (pharmacy) columns")
    return ImportFile(kind, records, bundle.unplaced)


def records_from_oruk(data) -> list[dict]:
    """Loader records from ORUK JSON: a list of services or a Page with `contents`."""
    items = data.get("contents") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ImportFileError("ORUK JSON must be a list of services or a Page with `contents`")
    records = []
    for i, item in enumerate(items, 1):
        if not item.get("id") or not item.get("name"):
            raise ImportFileError(f"ORUK service {i}: needs an id and a name")
        try:
            record = oruk.record_from_oruk(item)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ImportFileError(f"ORUK service {i} ({item.get('name')}): {exc}") from exc
        org = item.get("organization") or {}
        if org.get("id") == oruk.child_id(item["id"], "organisation", "none"):
            record["organisation"] = None  # the export's stand-in for "no organisation"
        record["url"] = item.get("url")
        record["last_modified"] = item.get("last_modified")
        records.append(record)
    return records


def read_file(db: Session, path: Path, data_dir: Path) -> ImportFile:
    """An ODS CSV or ORUK JSON file, told apart by its content."""
    with open(path, "rb") as fh:
        head = fh.read(64).lstrip()
    if head[:1] in (b"[", b"{"):
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFileError(f"{path.name}: not valid JSON: {exc}") from exc
        return ImportFile("oruk", records_from_oruk(data))
    try:
        return read_ods_csv(db, path, data_dir)
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{path.name}: not a UTF-8 CSV file") from exc


def read_upload(db: Session, content: bytes, filename: str, data_dir: Path) -> ImportFile:
    """`read_file` for uploaded bytes."""
    suffix = Path(filename or "upload").suffix[:8] or ".txt"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(content)
        return read_file(db, path, data_dir)


# --- planning ------------------------------------------------------------------------------------


def _span_text(span: str) -> str:
    opens, _, closes = span.partition("-")
    return f"{minutes_text(parse_hhmm(opens))}-{minutes_text(parse_hhmm(closes))}"


def record_values(record: dict) -> dict:
    """A loader record as editable values (the shape of `audit.editable_values`)."""
    loc = record.get("location") or {}
    hours = record.get("hours") or {}
    eligibility = record.get("eligibility") or {}
    contacts = [{"kind": c.get("kind"), "value": str(c.get("value")), "note": c.get("note")} for c in record.get("contacts") or []]
    websites = [c["value"] for c in contacts if c["kind"] == "website"]
    verified = record.get("last_verified")
    return {
        "name": record.get("name"),
        "organisation": (record.get("organisation") or {}).get("name"),
        "description": record.get("description"),
        "route": record.get("route"),
        "category": record.get("category"),
        "status": record.get("status") or "active",
        "status_note": record.get("status_note"),
        "url": record["url"] if "url" in record else (websites[0] if websites else None),
        "contacts": contacts,
        "address": loc.get("address"),
        "postcode": loc.get("postcode"),
        "borough": loc.get("borough"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "accessibility": loc.get("accessibility"),
        "always_open": bool(hours.get("always_open")),
        "weekly": {day: [_span_text(s) for s in spans] for day, spans in (hours.get("weekly") or {}).items() if spans},
        "hours_source": record.get("hours_source") or ("unknown" if hours.get("unknown") else "source"),
        "hours_note": record.get("hours_note"),
        "bank_holidays": record.get("bank_holidays") or "unknown",
        "exceptions": [
            {"starts_on": str(h["starts_on"]), "ends_on": str(h.get("ends_on") or h["starts_on"]), "closed": h.get("closed", True),
             "opens": h.get("opens"), "closes": h.get("closes"), "reason": h.get("reason")}
            for h in record.get("exceptions") or []
        ],
        "age_min": eligibility.get("age_min"),
        "age_max": eligibility.get("age_max"),
        "eligibility_note": eligibility.get("note"),
        "needs": sorted(set(record.get("needs") or [])),
        "areas": sorted(set(record.get("areas") or [])),
        "coverage": record.get("coverage"),
        "languages": [{"code": l.get("code"), "kind": l.get("kind") or "spoken", "note": l.get("note")} for l in record.get("languages") or []],
        "source_url": record.get("source_url"),
        "source_note": record.get("source_note"),
        "last_verified": verified.isoformat() if isinstance(verified, dt.date) else (str(verified) if verified else None),
    }


def _ods_after(before: dict, incoming: dict) -> dict:
    """An existing service updated with what ODS owns, keeping what editors know better."""
    after = dict(before)
    for key in ODS_FIELDS:
        after[key] = incoming[key]
    if incoming["lat"] is None and incoming["postcode"] == before["postcode"]:
        after["lat"], after["lon"], after["borough"] = before["lat"], before["lon"], before["borough"]
    phone = next((c["value"] for c in incoming["contacts"] if c["kind"] == "phone"), None)
    if phone:
        contacts = [dict(c) for c in before["contacts"]]
        first = next((i for i, c in enumerate(contacts) if c["kind"] == "phone"), None)
        if first is None:
            contacts.insert(0, {"kind": "phone", "value": phone, "note": None})
        else:
            contacts[first]["value"] = phone
        after["contacts"] = contacts
    if before["status"] == "closed":
        after["status"] = "active"  # listed by ODS again
    if before["hours_source"] == "default":
        for key in DEFAULT_HOURS_FIELDS:
            after[key] = incoming[key]
    return after


def _existing(db: Session) -> tuple[dict, dict]:
    by_source, by_oruk = {}, {}
    for id_, source, source_id, oruk_id in db.execute(select(Service.id, Service.source, Service.source_id, Service.oruk_id)):
        by_source[(source, source_id)] = id_
        if oruk_id:
            by_oruk[oruk_id] = id_
    return by_source, by_oruk


def plan_import(db: Session, records: list[dict], *, mode: str = "full", kind: str = "records") -> ImportPlan:
    """Compare records with the directory: new, changed (field by field), retired; nothing is written."""
    plan = ImportPlan(kind)
    by_source, by_oruk = _existing(db)
    wanted = [by_source.get((r["source"], r["source_id"])) or by_oruk.get(r.get("oruk_id") or "") for r in records]
    ids = [i for i in wanted if i is not None]
    services: dict[int, Service] = {}
    for start in range(0, len(ids), 500):  # load in bulk (children by selectin), not one service at a time
        services.update((s.id, s) for s in db.scalars(select(Service).where(Service.id.in_(ids[start : start + 500]))))
    matched: set[int] = set()
    scope: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()
    for record in records:
        key = (record["source"], record["source_id"])
        label = f"{record.get('name')} ({key[0]}:{key[1]})"
        if key in seen:
            plan.invalid.append(f"{label}: appears twice in the file")
            continue
        seen.add(key)
        scope.add((record["source"], record.get("category")))
        incoming = record_values(record)
        service_id = by_source.get(key) or by_oruk.get(record.get("oruk_id") or "")
        try:
            if service_id is None:
                record["_snapshot"] = check_changes(db, BLANK, incoming, geocode=False)
                plan.new.append(record)
                continue
            service = services[service_id]
            matched.add(service_id)
            before = editable_values(service)
            wanted = _ods_after(before, incoming) if mode == "ods" else incoming
            after = check_changes(db, before, {k: v for k, v in wanted.items() if k in FIELDS}, geocode=False)
        except EditError as exc:
            plan.invalid.append(f"{label}: {exc}")
            continue
        changes = diff(before, after)
        if changes:
            plan.changed.append(Change(service, service.version, changes))
        else:
            plan.unchanged += 1
    for source, category in sorted(scope, key=str):
        stmt = select(Service).where(Service.source == source, Service.category == category, Service.status != "closed")
        plan.retired += [s for s in db.scalars(stmt.order_by(Service.name, Service.id)) if s.id not in matched]
    return plan


# --- applying ------------------------------------------------------------------------------------


def _modified(value: Optional[str]) -> Optional[dt.datetime]:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(dt.timezone.utc) if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def apply_import(db: Session, plan: ImportPlan, actor: str, source: str, *, now: Optional[dt.datetime] = None,
                 progress: Progress = lambda _m: None) -> ChangeSet:
    """Write a reviewed plan as one audited change set in one transaction (VersionConflict: nothing written)."""
    now = now or clock.now()
    change_set = ChangeSet(actor=actor, at=utc(now), source=source[:500], summary=json.dumps(plan.counts | {"kind": plan.kind}))
    db.add(change_set)
    db.flush()
    try:
        org_cache: dict = {}
        for i, record in enumerate(plan.new, 1):
            service = Service(source=record["source"], source_id=record["source_id"], version=1)
            apply_record(db, service, {k: v for k, v in record.items() if not k.startswith("_")}, org_cache)
            service.url = record["_snapshot"]["url"]
            modified = _modified(record.get("last_modified"))
            if modified is not None:
                service.updated_at = modified  # an exchanged record keeps its origin's last change
            db.add(service)
            db.flush()
            after = editable_values(service)
            add_audit(db, service, actor=actor, action="import", version=1, changes=diff(BLANK, after), after=after,
                   note=f"new, from {source}", now=now, change_set_id=change_set.id)
            if i % 250 == 0:
                progress(f"new services: {i:,}/{len(plan.new):,}")
        for change in plan.changed:
            values = {k: pair[1] for k, pair in change.changes.items()}
            stage_update(db, change.service, values, actor=actor, expected_version=change.version, action="import",
                         note=f"from {source}", now=now, geocode=False, change_set_id=change_set.id)
        for service in plan.retired:
            stage_update(db, service, {"status": "closed"}, actor=actor, expected_version=service.version, action="import",
                         note=f"retired: not in {source}", now=now, geocode=False, change_set_id=change_set.id)
        db.commit()
    except Exception:
        db.rollback()
        raise
    return change_set


def describe(plan: ImportPlan, limit: Optional[int] = None) -> Iterable[str]:
    """The plan as lines of text: counts, then each new, changed (field before → after) and retired service."""
    yield ("new {new}, changed {changed}, retired {retired}, unchanged {unchanged}, not importable {invalid}").format(**plan.counts)
    for record in plan.new[:limit]:
        yield f"+ new: {record['name']} ({record['source']}:{record['source_id']}, {record.get('route')})"
    for change in plan.changed[:limit]:
        yield f"~ changed: {change.service.name} (id {change.service.id}, version {change.version})"
        for key, (before, after) in change.changes.items():
            yield f"    {key}: {_short(before)} → {_short(after)}"
    for service in plan.retired[:limit]:
        yield f"- retired: {service.name} (id {service.id}, {service.source}:{service.source_id})"
    for line in plan.invalid[:limit]:
        yield f"! not importable: {line}"


def _short(value, width: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= width else text[: width - 1] + "…"


def summary_counts(change_set: ChangeSet) -> dict:
    """A change set's counts (new, changed, retired...)."""
    return json.loads(change_set.summary)


def export_oruk(db: Session, progress: Progress = lambda _m: None) -> dict:
    """Every service, fully nested ORUK JSON, as one Page (what `import-oruk` reads back)."""
    services = list(db.scalars(select(Service).order_by(Service.id)))
    items = []
    for i, service in enumerate(services, 1):
        items.append(oruk.service_full(service))
        if i % 250 == 0 or i == len(services):
            progress(f"exported {i:,}/{len(services):,} services")
    return oruk.page(items, len(items), 1, len(items) or 1)
