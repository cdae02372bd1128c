"""An editor's closure is live at once: residents' chat, the 111 alternatives API, staff pages, on every worker."""
import pytest
from sqlalchemy import select

from navigator import create_app
from navigator.directory import editing
from navigator.directory.models import AuditEvent, Service
from tests.conftest import WEDNESDAY_2PM

from .pages import form_data

TODAY = WEDNESDAY_2PM.date().isoformat()


def offered_open(client, postcode):
    """Ids of the services a resident's chat about a sore throat near `postcode` offers as open now."""
    body = client.post("/api/v1/chat", json={"text": f"sore throat, {postcode}"}).get_json()
    assert body["route"] == "pharmacy", body
    return {s["id"] for s in body["services"] if s["open_now"]}, body


@pytest.fixture()
def open_pharmacy(app, client):
    """A real (ODS) pharmacy that the chat offers as open on Wednesday at 14:00 near its own postcode; put back afterwards."""
    from navigator import db

    with app.app_context():
        candidates = db.session().scalars(
            select(Service).join(Service.location)
            .where(Service.category == "community_pharmacy", Service.status == "active", Service.hours_source == "default")
            .order_by(Service.id).limit(20)
        ).all()
        found = None
        for service in candidates:
            if service.location.lat is not None and service.id in offered_open(client, service.location.postcode)[0]:
                found = (service.id, service.location.postcode, service.name)
                break
    assert found, "no pharmacy offered as open near its own postcode"
    yield found
    with app.app_context():
        session = db.session()
        service = session.get(Service, found[0])
        first = session.scalars(select(AuditEvent).where(AuditEvent.service_id == service.id).order_by(AuditEvent.version)).first()
        if first is not None:
            editing.restore_version(session, service, first.id, "test-undo@staff.test", before=True)


def test_a_closure_saved_by_an_editor_is_live_for_residents_and_111_at_once(app, client, editor, signed_in, open_pharmacy):
    service_id, postcode, name = open_pharmacy
    other_worker = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "x", "NOW": WEDNESDAY_2PM})
    try:
        alternatives = other_worker.test_client().get(f"/api/v1/alternatives?near={postcode}").get_json()
        assert service_id in {i["id"] for i in alternatives["groups"]["pharmacy"]["items"]}

        data = form_data(editor.get(f"/admin/services/{service_id}/edit").data.decode())
        data.update({"exceptions-0-starts_on": TODAY, "exceptions-0-ends_on": TODAY, "exceptions-0-closed": "closed",
                     "exceptions-0-reason": "Staff training", "note": "closed today"})
        assert editor.post(f"/admin/services/{service_id}/edit", data=data).status_code == 302

        offered, body = offered_open(other_worker.test_client(), postcode)
        assert service_id not in offered
        assert all(s["id"] != service_id or (s["open_now"] is False and s["closed_reason"] == "Staff training") for s in body["services"])
        assert name not in body["reply"] or "Staff training" in body["reply"]
        assert service_id not in offered_open(client, postcode)[0]

        alternatives = other_worker.test_client().get(f"/api/v1/alternatives?near={postcode}").get_json()
        assert service_id not in {i["id"] for i in alternatives["groups"]["pharmacy"]["items"]}

        detail = client.get(f"/api/v1/services/{service_id}").get_json()
        assert detail["open_now"] is False and detail["closed_reason"] == "Staff training"
        assert detail["schedule"]["exceptions"][0]["reason"] == "Staff training"

        staff_page = signed_in("call_handler").get(f"/staff/services/{service_id}").data.decode()
        assert "Staff training" in staff_page and "Report a problem with this service" in staff_page
        assert "Closed (Staff training)" in editor.get(f"/admin/services/{service_id}/edit").data.decode()
    finally:
        other_worker.extensions["db_session"].remove()
        other_worker.extensions["db_engine"].dispose()


def test_marking_verified_shows_on_staff_pages_and_in_the_api(app, client, editor, signed_in, new_service):
    service_id = new_service()
    assert client.get(f"/api/v1/services/{service_id}").get_json()["last_verified"] is None
    editor.post(f"/admin/services/{service_id}/verify", data={"version": "1"})
    assert client.get(f"/api/v1/services/{service_id}").get_json()["last_verified"] == TODAY
    prescriber = signed_in("prescriber")
    assert "Last verified: <strong>25 Nov 2026</strong>" in prescriber.get(f"/staff/services/{service_id}").data.decode()
    alternatives = prescriber.get("/staff/alternatives?near=W12+0HS").data.decode()
    mine = alternatives.split(f'href="/staff/services/{service_id}"')[1].split("</li>")[0]
    assert "Last verified: 25 Nov 2026" in mine
    prescriber.post("/staff/shortlist/add", data={"service_id": str(service_id)})
    shortlist = prescriber.get("/staff/shortlist").data.decode()
    assert "Last verified: 25 Nov 2026" in shortlist.split(f'href="/staff/services/{service_id}"')[1]
