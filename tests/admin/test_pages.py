"""Editing through the pages: every field, two editors and the conflict page, history and restore, review, add, retire."""
import json
import re

import pytest
from sqlalchemy import select

from navigator.directory.models import AuditEvent, Service
from tests.conftest import WEDNESDAY_2PM

from .pages import flash, form_data

TODAY = WEDNESDAY_2PM.date().isoformat()


def service_row(app, service_id):
    from navigator import db

    with app.app_context():
        service = db.session().get(Service, service_id)
        db.session().expunge(service)
        return service


def audit(app, service_id):
    from navigator import db

    with app.app_context():
        return [(e.action, e.actor, json.loads(e.changes)) for e in db.session().scalars(
            select(AuditEvent).where(AuditEvent.service_id == service_id).order_by(AuditEvent.version))]


def test_the_edit_form_holds_every_field_in_labelled_groups(editor, new_service):
    service_id = new_service()
    page = editor.get(f"/admin/services/{service_id}/edit").data.decode()
    for legend in ("About the service", "Status", "Contacts", "Place", "Weekly opening hours", "Closures and special hours",
                   "Who it is for", "Needs met", "Boroughs served", "Languages", "Source", "Save"):
        assert f"<legend>{legend}</legend>" in page, legend
    data = form_data(page)
    assert data["mon"] == "08:00-20:00" and data["sun"] == "" and data["postcode"] == "W12 0HS"
    assert data["contacts-0-value"] == "020 7946 0000" and data["contacts-1-value"] == ""  # blank rows to add more
    assert data["exceptions-0-starts_on"] == "" and data["needs"] == ["minor_illness", "sore_throat"]
    for day in ("Monday", "Sunday"):
        assert re.search(rf'<label for="\w+">{day}</label>', page)
    assert "Last verified: <strong><span class=\"stale\">never</span>" in page


def test_saving_the_form_changes_the_service_and_records_who(editor, app, new_service):
    service_id = new_service()
    data = form_data(editor.get(f"/admin/services/{service_id}/edit").data.decode())
    data.update({
        "name": "Renamed by form", "sat": "", "sun": "10:00-14:00", "bank_holidays": "closed", "postcode": "ha0 4uj",
        "exceptions-0-starts_on": "2026-12-24", "exceptions-0-ends_on": "2026-12-26", "exceptions-0-reason": "Christmas",
        "contacts-1-kind": "website", "contacts-1-value": "https://example.org/pharmacy", "areas": ["Brent"],
        "languages-0-code": "so", "languages-0-kind": "spoken", "verified": "y", "note": "phoned the manager",
    })
    response = editor.post(f"/admin/services/{service_id}/edit", data=data)
    assert response.status_code == 302
    assert "Saved Renamed by form (version 2)" in flash(editor.get(response.location).data.decode())
    service = service_row(app, service_id)
    assert service.name == "Renamed by form" and service.location.postcode == "HA0 4UJ" and service.location.borough == "Brent"
    assert service.last_verified.isoformat() == TODAY and service.bank_holidays == "closed"
    action, actor, changes = audit(app, service_id)[-1]
    assert (action, actor) == ("update", editor.user.email)
    assert set(changes) == {"name", "postcode", "borough", "lat", "lon", "weekly", "bank_holidays", "exceptions", "contacts",
                            "areas", "languages", "last_verified"}
    assert changes["exceptions"] == [[], [{"starts_on": "2026-12-24", "ends_on": "2026-12-26", "closed": True, "opens": None,
                                            "closes": None, "reason": "Christmas"}]]


def test_two_editors_through_the_form_get_the_conflict_page_not_a_lost_edit(signed_in, app, new_service):
    service_id = new_service()
    first, second = signed_in("editor"), signed_in("editor")
    form_one = form_data(first.get(f"/admin/services/{service_id}/edit").data.decode())
    form_two = form_data(second.get(f"/admin/services/{service_id}/edit").data.decode())

    form_one.update({"exceptions-0-starts_on": TODAY, "exceptions-0-reason": "Staff training", "note": "closing today"})
    assert first.post(f"/admin/services/{service_id}/edit", data=form_one).status_code == 302
    form_two.update({"contacts-0-value": "020 7946 1111"})
    response = second.post(f"/admin/services/{service_id}/edit", data=form_two)

    assert response.status_code == 409
    page = response.data.decode()
    text = re.sub(r"\s+", " ", page)
    assert "Your changes were not saved" in text and "you started from version 1, and it is now at version 2" in text
    assert first.user.email in page and "closing today" in text
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', page, re.S))
    assert "020 7946 0000" in rows["Contacts"] and "020 7946 1111" in rows["Contacts"] and "you</td>" in rows["Contacts"]
    assert "Staff training" in rows["Closures and special hours"] and "the other editor" in rows["Closures and special hours"]
    service = service_row(app, service_id)
    assert service.version == 2 and service.contact("phone") == "020 7946 0000"  # nothing overwritten

    overwrite = form_data(page, "inline overwrite-form")
    assert json.loads(overwrite["values"]) == {"contacts": [{"kind": "phone", "value": "020 7946 1111", "note": None}]}
    assert overwrite["version"] == "2"
    assert second.post(f"/admin/services/{service_id}/overwrite", data=overwrite).status_code == 302
    service = service_row(app, service_id)
    assert service.version == 3 and service.contact("phone") == "020 7946 1111"
    assert [h.reason for h in service.holiday_schedules] == ["Staff training"]  # the first editor's closure survives
    assert [a for a, _u, _c in audit(app, service_id)] == ["create", "update", "update"]

    stale_again = second.post(f"/admin/services/{service_id}/overwrite", data=overwrite)
    assert stale_again.status_code == 409  # an overwrite from an old page is a conflict too


@pytest.mark.parametrize(
    ("changes", "anchor", "words"),
    [
        ({"postcode": "ZZ9 9ZZ"}, "postcode", "could not find ZZ9 9ZZ"),
        ({"tue": "9am till late"}, "tue", "not a span like 08:00-18:30"),
        ({"age_min": "30", "age_max": "3"}, "age_max", "below the minimum age"),
        ({"name": ""}, "name", "Enter the service&#39;s name."),
        ({"exceptions-0-starts_on": "2026-12-01", "exceptions-0-ends_on": "2026-11-01"}, "exceptions", "before the first"),
        ({"contacts-0-value": "<script>alert(1)</script>"}, "contacts", "not a phone number"),
    ],
)
def test_mistakes_are_listed_in_an_error_summary_and_nothing_is_saved(editor, app, new_service, changes, anchor, words):
    service_id = new_service()
    data = form_data(editor.get(f"/admin/services/{service_id}/edit").data.decode()) | changes
    response = editor.post(f"/admin/services/{service_id}/edit", data=data)
    page = response.data.decode()
    assert response.status_code == 400
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert f'href="#{anchor}"' in summary and words in summary
    assert "<script>alert(1)</script>" not in page
    assert service_row(app, service_id).version == 1


def test_history_shows_each_change_and_restores_an_earlier_version(editor, app, new_service):
    service_id = new_service()
    for name in ("Second name", "Third name"):
        data = form_data(editor.get(f"/admin/services/{service_id}/edit").data.decode()) | {"name": name}
        assert editor.post(f"/admin/services/{service_id}/edit", data=data).status_code == 302
    page = editor.get(f"/admin/services/{service_id}/history").data.decode()
    assert page.index("Version 3: edited") < page.index("Version 2: edited") < page.index("Version 1: added")
    assert editor.user.email in page and "factory@staff.test" in page
    assert re.search(r'diff-before"><ul class="value-lines"><li>Second name</li></ul></td><td class="diff-after"><ul class="value-lines"><li>Third name', page)
    version_two = re.search(r'name="event_id" value="(\d+)">\s*<input type="hidden" name="before" value="0">\s*<button[^>]*>Restore this version<span class="visually-hidden"> \(2\)', page)
    response = editor.post(f"/admin/services/{service_id}/restore", data={"version": "3", "event_id": version_two.group(1), "before": "0"})
    assert response.status_code == 302 and "Restored: now version 4" in flash(editor.get(response.location).data.decode())
    assert service_row(app, service_id).name == "Second name"
    assert audit(app, service_id)[-1][0] == "restore"
    stale = editor.post(f"/admin/services/{service_id}/restore", data={"version": "3", "event_id": version_two.group(1), "before": "0"})
    assert "changed while you were looking" in flash(editor.get(stale.location).data.decode())


def test_add_then_retire_a_service(editor, app):
    data = form_data(editor.get("/admin/services/new").data.decode())
    data.update({"name": "Test Community Larder", "route": "voluntary", "category": "test_food_bank", "postcode": "UB3 1AA",
                 "wed": "10:00-12:00", "needs": ["food"], "contacts-0-kind": "phone", "contacts-0-value": "020 8000 1234"})
    response = editor.post("/admin/services/new", data=data)
    assert response.status_code == 302
    service_id = int(re.search(r"/admin/services/(\d+)/edit", response.location).group(1))
    service = service_row(app, service_id)
    assert (service.name, service.source, service.hours_source, service.location.borough) == ("Test Community Larder", "editor", "editor", "Hillingdon")
    assert audit(app, service_id)[0][:2] == ("create", editor.user.email)

    refused = editor.post(f"/admin/services/{service_id}/retire", data={"retire-version": "1", "retire-note": ""})
    assert service_row(app, service_id).status == "active" and "Say why" in flash(editor.get(refused.location).data.decode())
    editor.post(f"/admin/services/{service_id}/retire", data={"retire-version": "1", "retire-note": "Closed in November"})
    service = service_row(app, service_id)
    assert (service.status, service.status_note) == ("closed", "Closed in November")
    assert audit(app, service_id)[-1][0] == "retire"


def test_needs_review_lists_stale_services_and_one_click_marks_them_verified(editor, app, new_service):
    stale = new_service(name="Aaa Stale Test Service", last_verified="2025-01-10")
    page = editor.get("/admin/review").data.decode()
    assert "not verified since 25 May 2026" in page
    total = int(re.search(r"(\d+) running services? not verified", page).group(1))
    listed = f'href="/admin/services/{stale}/edit"' in page or f'href="/admin/services/{stale}/edit"' in "".join(
        editor.get(f"/admin/review?page={p}").data.decode() for p in range(2, total // 50 + 2))
    assert listed
    response = editor.post(f"/admin/services/{stale}/verify", data={"version": "1", "next": "/admin/review?page=2"})
    assert response.status_code == 302 and response.location.endswith("/admin/review?page=2")
    assert service_row(app, stale).last_verified.isoformat() == TODAY
    assert f"{total - 1} running service" in editor.get("/admin/review").data.decode()
    assert editor.post(f"/admin/services/{stale}/verify", data={"version": "1", "next": "https://evil.example"}).location.endswith("/admin/review")


def test_the_service_list_filters(editor, new_service):
    service_id = new_service(name="Zebra Crossing Test Clinic", category="test_clinic")
    page = editor.get("/admin/?q=zebra+crossing&route=pharmacy").data.decode()
    assert f'href="/admin/services/{service_id}/edit"' in page and "1 service" in page
    assert "Zebra Crossing" not in editor.get("/admin/?q=zebra+crossing&route=gp").data.decode()
    assert "Zebra Crossing" in editor.get("/admin/?q=zebra&stale=y&borough=Hammersmith+and+Fulham").data.decode()
    assert editor.get("/admin/?page=-3&route=nonsense").status_code == 200
