"""Bulk import with review: ODS CSV and ORUK JSON → plan (new / changed / retired) → one audited change set."""
import csv
import json

import pytest
from alembic import command
from sqlalchemy import delete, func, select

from navigator import create_app
from navigator.cli import alembic_config
from navigator.config import DATA_DIR
from navigator.db import make_session_factory
from navigator.directory import audit, editing, importing, oruk
from navigator.directory.editing import VersionConflict
from navigator.directory.models import AuditEvent, ChangeSet, Service
from navigator.directory.sources import GP_FILE, PHARMACY_FILE, DataError, display_name
from tests.conftest import PG_URL, WEDNESDAY_2PM, _create_scratch_database, _drop_database

PHARMACIES = DATA_DIR / PHARMACY_FILE


def nwl_pharmacy_rows(db):
    """Bundled edispensary rows that are loaded as active NWL pharmacies, by ODS code."""
    loaded = set(db.scalars(select(Service.source_id).where(Service.category == "community_pharmacy", Service.status == "active")))
    with open(PHARMACIES, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return rows, [r for r in rows if r["org_code"] in loaded]


def renamed_row(db, code):
    return next(r["name"] for r in nwl_pharmacy_rows(db)[0] if r["org_code"] == code)


@pytest.fixture()
def edited_pharmacy_file(db, tmp_path):
    """The bundled pharmacy file with one phone changed, one name changed, one pharmacy gone and one new."""
    rows, nwl = nwl_pharmacy_rows(db)
    phone, renamed, gone, template = nwl[10], nwl[11], nwl[12], nwl[13]
    phone["contact_telephone"] = "020 89990000"
    renamed["name"] = renamed["name"] + " AND SONS"
    rows.remove(gone)
    new = dict(template, org_code="FZZ99", name="TEST NEW CHEMIST", contact_telephone="020 71230000")
    rows.append(new)
    path = tmp_path / "edispensary-new.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    by_code = lambda code: db.scalar(select(Service).where(Service.source == "ods", Service.source_id == code))  # noqa: E731
    yield path, {"phone": by_code(phone["org_code"]), "renamed": by_code(renamed["org_code"]), "gone": by_code(gone["org_code"])}


def undo_change_set(db, change_set_id):
    """Put the shared test database back as it was before an applied change set."""
    db.rollback()
    events = list(db.scalars(select(AuditEvent).where(AuditEvent.change_set_id == change_set_id).order_by(AuditEvent.id.desc())))
    for event in events:
        service = db.get(Service, event.service_id)
        db.refresh(service)
        if event.version == 1:
            db.execute(delete(AuditEvent).where(AuditEvent.service_id == service.id))
            db.delete(service)
            db.commit()
        else:
            editing.restore_version(db, service, event.id, "test-undo@staff.test", before=True)


def test_the_bundled_ods_files_change_nothing(db):
    for name, count in ((PHARMACY_FILE, 476), (GP_FILE, 344)):
        found = importing.read_file(db, DATA_DIR / name, DATA_DIR)
        plan = importing.plan_import(db, found.records, mode=found.mode, kind=found.kind)
        assert plan.counts == {"new": 0, "changed": 0, "retired": 0, "unchanged": count, "invalid": 0}, name


def test_an_ods_update_is_planned_field_by_field_then_applied_as_one_change_set(db, edited_pharmacy_file):
    path, services = edited_pharmacy_file
    found = importing.read_file(db, path, DATA_DIR)
    assert found.kind == "ods-pharmacy"
    plan = importing.plan_import(db, found.records, mode=found.mode, kind=found.kind)
    assert plan.counts == {"new": 1, "changed": 2, "retired": 1, "unchanged": 473, "invalid": 0}
    assert [r["source_id"] for r in plan.new] == ["FZZ99"] and plan.new[0]["name"] == "Test New Chemist"
    changed = {c.service.id: c.changes for c in plan.changed}
    old_phone = services["phone"].contacts[0].value
    assert changed[services["phone"].id] == {
        "contacts": [[{"kind": "phone", "value": old_phone, "note": None}], [{"kind": "phone", "value": "020 8999 0000", "note": None}]]
    }
    renamed = services["renamed"]
    assert changed[renamed.id] == {"name": [renamed.name, display_name(renamed_row(db, renamed.source_id) + " AND SONS")]}
    assert [s.id for s in plan.retired] == [services["gone"].id]
    lines = list(importing.describe(plan))
    assert lines[0] == "new 1, changed 2, retired 1, unchanged 473, not importable 0"
    assert f"    contacts: [{{\"kind\": \"phone\", \"value\": \"{old_phone}\", \"note\": null}}] → [{{\"kind\": \"phone\", \"value\": \"020 8999 0000\", \"note\": null}}]" in lines

    change_set = importing.apply_import(db, plan, "importer@staff.test", path.name, now=WEDNESDAY_2PM)
    try:
        events = list(db.scalars(select(AuditEvent).where(AuditEvent.change_set_id == change_set.id)))
        assert len(events) == 4 and {e.action for e in events} == {"import"}
        assert json.loads(change_set.summary)["new"] == 1 and change_set.actor == "importer@staff.test"
        db.expire_all()
        assert db.get(Service, services["gone"].id).status == "closed"
        assert db.get(Service, services["phone"].id).contact("phone") == "020 8999 0000"
        created = db.scalar(select(Service).where(Service.source == "ods", Service.source_id == "FZZ99"))
        assert created.route == "pharmacy" and created.hours_source == "default" and created.oruk_id
        again = importing.plan_import(db, importing.read_file(db, path, DATA_DIR).records, mode="ods")
        assert again.empty and again.unchanged == 476
    finally:
        undo_change_set(db, change_set.id)
    db.expire_all()
    assert db.scalar(select(func.count(Service.id)).where(Service.category == "community_pharmacy", Service.status == "active")) == 476
    assert importing.plan_import(db, importing.read_file(db, PHARMACIES, DATA_DIR).records, mode="ods").empty


def test_an_ods_file_keeps_what_editors_know_better(db):
    pharmacy = db.scalars(select(Service).where(Service.category == "community_pharmacy", Service.status == "active").order_by(Service.id)).first()
    hours_source = pharmacy.hours_source  # "source" (NHSBSA list) or "default"
    first = editing.update_service(
        db, pharmacy,
        {"weekly": {"mon": "07:00-23:00", "sun": "10:00-16:00"}, "status": "temporarily_closed", "status_note": "Flooded",
         "exceptions": [{"starts_on": "2026-12-25", "closed": True, "reason": "Christmas"}], "languages": [{"code": "ro", "kind": "spoken"}]},
        actor="e@staff.test", expected_version=pharmacy.version,
    )
    try:
        plan = importing.plan_import(db, importing.read_file(db, PHARMACIES, DATA_DIR).records, mode="ods")
        assert pharmacy.id not in {c.service.id for c in plan.changed} and plan.empty
    finally:
        editing.restore_version(db, pharmacy, first.id, "e@staff.test", before=True)
    assert pharmacy.hours_source == hours_source and pharmacy.status == "active"


def _empty_database(backend: str, tmp_path):
    """A migrated database with no services, of the same kind as the backend under test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}", None
    url = _create_scratch_database()
    if url is None:
        pytest.skip(f"cannot create a scratch database at {PG_URL}")
    return url, url


def test_oruk_export_then_import_into_an_empty_database_then_export_again_is_equal(app, runner, database_url, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = runner.invoke(args=["directory", "export-oruk", str(first)])
    assert result.exit_code == 0, result.output
    exported = json.loads(first.read_text())
    assert exported["total_items"] == len(exported["contents"]) > 900

    url, scratch = _empty_database("sqlite" if database_url.startswith("sqlite") else "postgresql", tmp_path)
    try:
        command.upgrade(alembic_config(url), "head")
        other = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "x", "NOW": WEDNESDAY_2PM})
        other_runner = other.test_cli_runner()
        dry = other_runner.invoke(args=["directory", "import-oruk", str(first), "--dry-run"])
        assert dry.exit_code == 0 and f"new {exported['total_items']}, changed 0, retired 0" in dry.output
        applied = other_runner.invoke(args=["directory", "import-oruk", str(first)])
        assert applied.exit_code == 0 and "applied as change set 1" in applied.output, applied.output
        assert other_runner.invoke(args=["directory", "export-oruk", str(second)]).exit_code == 0
        assert json.loads(second.read_text()) == exported
        with other.app_context():
            from navigator import db as database

            session = database.session()
            assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "import")) == exported["total_items"]
            assert session.scalar(select(func.count(ChangeSet.id))) == 1
        other.extensions["db_session"].remove()
        other.extensions["db_engine"].dispose()
    finally:
        if scratch:
            _drop_database(scratch)


def test_importing_our_own_export_changes_nothing(db):
    data = importing.export_oruk(db)
    plan = importing.plan_import(db, importing.records_from_oruk(data), mode="full", kind="oruk")
    assert plan.empty and plan.unchanged == data["total_items"] and not plan.invalid


def test_an_oruk_file_changes_and_retires_services_of_its_source(db, new_service):
    keep = new_service(category="test_oruk_exchange", name="Exchange One")
    drop = new_service(category="test_oruk_exchange", name="Exchange Two")
    item = oruk.service_full(keep)
    item["name"] = "Exchange One (renamed)"
    item["schedules"] = [s for s in item["schedules"] if s.get("byday") != "SA"]
    item["navigator"]["status_note"] = "New entrance on Park Road"
    plan = importing.plan_import(db, importing.records_from_oruk([item]), mode="full", kind="oruk")
    assert plan.counts["changed"] == 1 and [s.id for s in plan.retired] == [drop.id] and not plan.new
    changes = plan.changed[0].changes
    assert set(changes) == {"name", "weekly", "status_note"}
    assert changes["name"] == ["Exchange One", "Exchange One (renamed)"] and "sat" in changes["weekly"][0] and "sat" not in changes["weekly"][1]

    change_set = importing.apply_import(db, plan, "partner@staff.test", "partner.json", now=WEDNESDAY_2PM)
    db.expire_all()
    assert db.get(Service, keep.id).name == "Exchange One (renamed)" and db.get(Service, drop.id).status == "closed"
    history = audit.history(db, keep.id)
    assert history[0].change_set_id == change_set.id and json.loads(history[0].changes)["status_note"] == [None, "New entrance on Park Road"]


def test_applying_is_refused_when_a_planned_service_was_edited_since(db, app, new_service):
    service = new_service(category="test_oruk_conflict")
    item = oruk.service_full(service)
    item["name"] = "From the file"
    plan = importing.plan_import(db, importing.records_from_oruk([item]), mode="full", kind="oruk")
    other = make_session_factory(app.extensions["db_engine"])()
    editing.update_service(other, other.get(Service, service.id), {"hours_note": "edited meanwhile"}, actor="e@staff.test", expected_version=1)
    other.close()
    sets = db.scalar(select(func.count(ChangeSet.id)))
    with pytest.raises(VersionConflict):
        importing.apply_import(db, plan, "partner@staff.test", "partner.json")
    db.expire_all()
    assert db.scalar(select(func.count(ChangeSet.id))) == sets
    assert db.get(Service, service.id).name != "From the file" and db.get(Service, service.id).hours_note == "edited meanwhile"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'{"contents": "nope"}', "list of services"),
        (b"[{\"name\": \"no id\"}]", "needs an id"),
        (b"{not json", "not valid JSON"),
        (b"a,b,c\n1,2,3\n", "not an ODS CSV"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
    ],
)
def test_files_that_are_neither_ods_nor_oruk_are_refused_clearly(db, content, words):
    with pytest.raises(DataError) as caught:
        importing.read_upload(db, content, "upload.bin", DATA_DIR)
    assert words in str(caught.value)


def test_cli_import_dry_run_prints_the_diff_and_changes_nothing(runner, db, edited_pharmacy_file):
    path, services = edited_pharmacy_file
    result = runner.invoke(args=["directory", "import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "new 1, changed 2, retired 1, unchanged 473" in result.output
    assert "+ new: Test New Chemist (ods:FZZ99, pharmacy)" in result.output
    assert f"~ changed: {services['renamed'].name}" in result.output and "    name: " in result.output
    assert f"- retired: {services['gone'].name}" in result.output
    assert "dry run: nothing was changed" in result.output
    db.expire_all()
    assert db.get(Service, services["gone"].id).status == "active"
    assert db.scalar(select(Service.id).where(Service.source_id == "FZZ99")) is None


def test_cli_import_applies_one_change_set(runner, db, edited_pharmacy_file):
    path, services = edited_pharmacy_file
    result = runner.invoke(args=["directory", "import", str(path)])
    assert result.exit_code == 0, result.output
    change_set_id = int(result.output.split("applied as change set ")[1].split()[0])
    try:
        db.expire_all()
        assert db.get(Service, services["gone"].id).status == "closed"
        assert db.get(ChangeSet, change_set_id).actor.startswith("cli:")
    finally:
        undo_change_set(db, change_set_id)


def test_cli_refuses_a_bad_file(runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("just,some,columns\n", encoding="utf-8")
    result = runner.invoke(args=["directory", "import", str(bad)])
    assert result.exit_code != 0 and "not an ODS CSV" in result.output
    result = runner.invoke(args=["directory", "import-oruk", str(PHARMACIES), "--dry-run"])
    assert result.exit_code != 0 and "expected oruk" in result.output
