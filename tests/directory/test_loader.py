"""The directory loader: real counts, idempotence, updates by source id, honesty about gaps."""
import json
import shutil

import pytest
import yaml
from sqlalchemy import func, select

from navigator.config import DATA_DIR
from navigator.directory.loader import load_directory
from navigator.directory.models import (
    AuditEvent,
    Contact,
    Location,
    Postcode,
    PostcodeArea,
    RegularSchedule,
    Service,
    ServiceNeed,
)
from navigator.directory.sources import CURATED_FILES

# From directory_data/ods (NHS ODS, 2025): active GP practices (prescribing setting 4) of NHS North
# West London ICB (QRV) or placed in its 8 boroughs, and active community pharmacies (sub-type 1).
EXPECTED_GP_PRACTICES = 344
EXPECTED_PHARMACIES = 476
# directory_data/found (ODS egdpprac, May 2024): active practices in the 8 boroughs (3 of them placed by
# sector), less one excluded in found/sources.yaml (a prison's dental department).
EXPECTED_DENTAL_PRACTICES = 491


def _curated_count(route=None):
    total = 0
    for name in CURATED_FILES:
        path = DATA_DIR / name
        if path.exists():
            total += sum(1 for r in yaml.safe_load(path.read_text()) if r.get("source_url") and (route is None or r["route"] == route))
    return total


def _count(db, model, *where):
    return db.scalar(select(func.count()).select_from(model).where(*where))


def test_counts_match_the_source_files(db):
    assert _count(db, Service, Service.category == "gp_practice") == EXPECTED_GP_PRACTICES
    assert _count(db, Service, Service.category == "community_pharmacy") == EXPECTED_PHARMACIES
    assert _count(db, Service, Service.category == "dental_practice") == EXPECTED_DENTAL_PRACTICES
    assert _count(db, Service, Service.source == "curated") == _curated_count()
    assert _count(db, Postcode) == 180_792


def test_default_hours_are_marked_as_defaults(db):
    pharmacy = db.scalars(select(Service).where(Service.category == "gp_practice").limit(1)).one()
    assert pharmacy.hours_source == "default"
    assert "call to check" in pharmacy.hours_note
    assert pharmacy.regular_schedules


def test_second_load_changes_nothing(db):
    tables = (Service, Location, Contact, RegularSchedule, ServiceNeed, Postcode, PostcodeArea)
    before = {model.__name__: _count(db, model) for model in tables}
    report = load_directory(db, DATA_DIR)
    after = {model.__name__: _count(db, model) for model in tables}
    assert (report.inserted, report.updated) == (0, 0)
    assert report.unchanged == sum(report.by_category.values())
    assert not report.postcodes_reloaded
    assert before == after


def test_changed_source_record_updates_the_same_row(db, tmp_path):
    data = tmp_path / "directory_data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.gz"))
    (data / "postcodes").mkdir(exist_ok=True)
    for gz in (DATA_DIR / "postcodes").glob("*.gz"):
        (data / "postcodes" / gz.name).symlink_to(gz)
    gp_file = data / "ods" / "gp_epraccur_london_icbs_active_all_settings.csv"
    service = db.scalars(select(Service).where(Service.category == "gp_practice").order_by(Service.source_id).limit(1)).one()
    old_name = service.name
    lines = gp_file.read_text().splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith(service.source_id + ","))
    code, ods_name, rest = lines[row].split(",", 2)
    lines[row] = f"{code},RENAMED PRACTICE,{rest}"
    gp_file.write_text("".join(lines))
    try:
        report = load_directory(db, data)
        assert report.updated == 1 and report.inserted == 0
        db.expire_all()
        again = db.scalars(select(Service).where(Service.source_id == service.source_id)).one()
        assert again.id == service.id
        assert again.name == "Renamed Practice"
        event = db.scalars(
            select(AuditEvent).where(AuditEvent.service_id == service.id).order_by(AuditEvent.id.desc())
        ).first()
        assert event.action == "import" and event.actor == "navigator directory load"
        assert json.loads(event.changes)["name"] == [old_name, "Renamed Practice"]
    finally:
        load_directory(db, DATA_DIR)
    db.expire_all()
    assert db.get(Service, service.id).name == old_name


def test_closed_sites_are_loaded_closed(db):
    closed = db.scalars(select(Service).where(Service.status == "closed")).all()
    assert closed, "the curated data marks some sites closed (e.g. Mount Vernon minor injuries unit)"
    assert any("Mount Vernon" in s.name for s in closed)


def test_unplaceable_postcodes_are_reported_not_dropped(db):
    # Since issue 13 such services are placed at their postcode sector's centroid, marked approximate.
    report = load_directory(db, DATA_DIR)
    assert any("TW6 2RQ" in line and "approximate" in line for line in report.unplaced)
    unplaced = db.scalars(
        select(Service).join(Location, Service.location_id == Location.id).where(Location.postcode == "TW6 2RQ")
    ).all()
    assert unplaced and all(s.location.approximate and s.location.placed_by == "sector" for s in unplaced)


@pytest.mark.parametrize("borough", ["Brent", "Ealing", "Hammersmith and Fulham", "Harrow", "Hillingdon", "Hounslow", "Kensington and Chelsea", "Westminster"])
def test_every_borough_has_gps_and_pharmacies(db, borough):
    for category in ("gp_practice", "community_pharmacy"):
        n = db.scalar(
            select(func.count())
            .select_from(Service)
            .join(Location, Service.location_id == Location.id)
            .where(Service.category == category, Location.borough == borough)
        )
        assert n >= 10, (category, borough, n)
