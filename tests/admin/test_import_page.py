"""The bulk import page: upload, review the diff, apply exactly what was reviewed as one change set."""
import io
import json
import re

from sqlalchemy import select

from navigator.config import DATA_DIR
from navigator.directory import editing, oruk
from navigator.directory.models import AuditEvent, ChangeSet, Service
from navigator.directory.sources import PHARMACY_FILE

from .pages import flash, form_data


def upload(client, content: bytes, name: str):
    return client.post("/admin/import", data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def partner_file(app, keep_id, drop_id) -> bytes:
    """An ORUK file from a partner: one of two services renamed, the other missing."""
    from navigator import db

    with app.app_context():
        item = oruk.service_full(db.session().get(Service, keep_id))
    item["name"] = "Renamed by partner"
    return json.dumps([item]).encode()


def test_upload_review_then_apply_one_change_set(editor, app, new_service):
    keep, drop = new_service(category="test_partner_a"), new_service(category="test_partner_a")
    response = upload(editor, partner_file(app, keep, drop), "partner.json")
    assert response.status_code == 200
    page = response.data.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Open Referral UK JSON: 1 service" in text and "Nothing has been saved yet" in text
    assert "0 new 1 changed 1 retired 0 unchanged" in text
    assert "Renamed by partner" in page and f'href="/admin/services/{drop}/edit"' in page.split("Retired: not in the file")[1]

    with app.app_context():
        from navigator import db

        assert db.session().get(Service, keep).name != "Renamed by partner"
    applied = editor.post("/admin/import/apply", data=form_data(page, "actions"))
    assert applied.status_code == 302
    message = flash(editor.get(applied.location).data.decode())
    change_set_id = int(re.search(r"change set (\d+)", message).group(1))
    assert "1 changed, 1 retired" in message
    with app.app_context():
        from navigator import db

        session = db.session()
        assert session.get(Service, keep).name == "Renamed by partner" and session.get(Service, drop).status == "closed"
        events = session.scalars(select(AuditEvent).where(AuditEvent.change_set_id == change_set_id)).all()
        assert {(e.service_id, e.actor) for e in events} == {(keep, editor.user.email), (drop, editor.user.email)}
        assert session.get(ChangeSet, change_set_id).source == "partner.json"


def test_the_bundled_file_has_nothing_to_apply(editor):
    page = upload(editor, (DATA_DIR / PHARMACY_FILE).read_bytes(), "edispensary.csv").data.decode()
    assert "NHS ODS pharmacies (edispensary): 476 services" in page and "Nothing to apply" in page
    assert "/admin/import/apply" not in page


def test_apply_refuses_a_tampered_file_and_a_directory_changed_since_review(editor, app, new_service):
    keep, drop = new_service(category="test_partner_b"), new_service(category="test_partner_b")
    page = upload(editor, partner_file(app, keep, drop), "partner.json").data.decode()
    data = form_data(page, "actions")
    tampered = dict(data, payload=data["payload"][:-8] + "AAAAAAA=")
    assert editor.post("/admin/import/apply", data=tampered).status_code == 400

    with app.app_context():
        from navigator import db

        service = db.session().get(Service, drop)
        editing.update_service(db.session(), service, {"hours_note": "edited while the import was reviewed"}, actor="other@staff.test", expected_version=1)
    response = editor.post("/admin/import/apply", data=data)
    assert response.status_code == 409
    assert "The directory changed since you reviewed this file" in response.data.decode()
    with app.app_context():
        from navigator import db

        assert db.session().get(Service, keep).name != "Renamed by partner"  # nothing applied
    again = editor.post("/admin/import/apply", data=form_data(response.data.decode(), "actions"))
    assert again.status_code == 302  # the refreshed review can be applied


def test_files_that_cannot_be_imported_are_explained(editor):
    response = upload(editor, b"name,phone\nA,1\n", "list.csv")
    assert response.status_code == 400 and b"not an ODS CSV with a header row" in response.data
    response = upload(editor, b"hello", "notes.txt")
    assert response.status_code == 400 and b"Upload a .csv or .json file." in response.data
    response = editor.post("/admin/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and b"Choose a file." in response.data


def test_large_uploads_pass_with_csrf_on_and_still_need_the_token(app, editor, new_service):
    """The files are bigger than the site's 64 KB form limit; the token is still checked."""
    app.config["WTF_CSRF_ENABLED"] = True
    page = editor.get("/admin/import").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    content = (DATA_DIR / PHARMACY_FILE).read_bytes()
    assert len(content) > 64 * 1024
    refused = editor.post("/admin/import", data={"file": (io.BytesIO(content), "edispensary.csv")}, content_type="multipart/form-data")
    assert refused.status_code == 400 and b"The form had expired" in refused.data
    accepted = editor.post("/admin/import", data={"file": (io.BytesIO(content), "edispensary.csv"), "csrf_token": token},
                           content_type="multipart/form-data")
    assert accepted.status_code == 200 and b"476 services" in accepted.data

    keep, drop = new_service(category="test_partner_c"), new_service(category="test_partner_c")
    review = editor.post("/admin/import", data={"file": (io.BytesIO(partner_file(app, keep, drop)), "p.json"), "csrf_token": token},
                         content_type="multipart/form-data").data.decode()
    data = form_data(review, "actions")
    page_token = data.pop("csrf_token")
    assert editor.post("/admin/import/apply", data=data).status_code == 400
    assert editor.post("/admin/import/apply", data=data | {"csrf_token": page_token}).status_code == 302
