"""Problem reports: residents from the chat, staff from service pages; a queue editors resolve with a note."""
import re

import pytest
from sqlalchemy import select

from navigator.directory.feedback import FEEDBACK_MAX
from navigator.directory.models import Feedback

from .pages import flash

ABUSIVE = "<script>alert('x')</script>\u202e\x00 rubbish " + "😡" * 20


def reports(app, service_id):
    from navigator import db

    with app.app_context():
        return [(f.reporter, f.reporter_name, f.message, f.status) for f in db.session().scalars(
            select(Feedback).where(Feedback.service_id == service_id).order_by(Feedback.id))]


def feedback_ids(app, service_id):
    from navigator import db

    with app.app_context():
        return list(db.session().scalars(select(Feedback.id).where(Feedback.service_id == service_id).order_by(Feedback.id)))


def test_each_service_in_the_chat_has_a_report_link(client, new_service):
    service_id = new_service()
    body = client.post("/api/v1/chat", json={"text": "sore throat, W12 0HS"}).get_json()
    assert service_id in [s["id"] for s in body["services"]] and len(body["services"]) == len(body["blocks"])
    client.post("/", data={"text": "sore throat, W12 0HS"})
    page = client.get("/").data.decode()
    links = re.findall(r'href="/report/(\d+)">Report a problem with this service</a>', page)
    assert str(service_id) in links and len(links) == len(body["blocks"])


def test_a_resident_reports_a_problem_in_their_language(client, app, new_service):
    service_id = new_service()
    page = client.get(f"/report/{service_id}?lang=pl").data.decode()
    assert "<h1>Zgłoś problem z tą usługą</h1>" in page and 'lang="pl"' in page
    response = client.post(f"/report/{service_id}", data={"message": "Numer telefonu nie działa"})
    assert response.status_code == 303
    assert "Dziękujemy" in client.get(response.location).data.decode()
    assert reports(app, service_id) == [("resident", None, "Numer telefonu nie działa", "open")]


def test_empty_too_long_or_abusive_reports_cannot_break_the_pages(client, editor, app, new_service):
    service_id = new_service()
    assert client.post(f"/report/{service_id}", data={"message": "   "}).status_code == 400
    too_long = client.post(f"/report/{service_id}", data={"message": "x" * (FEEDBACK_MAX + 1)})
    assert too_long.status_code == 400 and b"at most 1000 characters" in too_long.data
    assert reports(app, service_id) == []
    assert client.post(f"/report/{service_id}", data={"message": ABUSIVE}).status_code == 303
    assert client.get("/report/987654321").status_code == 404
    queue = editor.get("/admin/feedback").data.decode()
    assert "<script>alert" not in queue and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in queue
    assert "\x00" not in reports(app, service_id)[0][2]


def test_reports_are_rate_limited(client, app, new_service):
    app.config["REPORT_LIMIT"] = "2 per hour"
    service_id = new_service()
    for i in range(2):
        assert client.post(f"/report/{service_id}", data={"message": f"report {i}"}).status_code == 303
    refused = client.post(f"/report/{service_id}?lang=es", data={"message": "one more"})
    assert refused.status_code == 429 and "Ya ha enviado varios avisos" in refused.data.decode()
    assert len(reports(app, service_id)) == 2
    assert client.get(f"/report/{service_id}").status_code == 200  # reading the page is not limited


def test_staff_report_from_the_service_page_and_editors_resolve_it(signed_in, editor, app, new_service):
    service_id = new_service(name="Queue Test Pharmacy")
    prescriber = signed_in("prescriber")
    assert f'href="/admin/services/{service_id}/report"' in prescriber.get(f"/staff/services/{service_id}").data.decode()
    response = prescriber.post(f"/admin/services/{service_id}/report", data={"message": "Moved to 3 High Street"})
    assert response.status_code == 302 and response.location.endswith(f"/staff/services/{service_id}")
    assert prescriber.post(f"/admin/services/{service_id}/report", data={"message": ""}).status_code == 400

    queue = editor.get("/admin/feedback").data.decode()
    assert "Queue Test Pharmacy" in queue and "Moved to 3 High Street" in queue and prescriber.user.email in queue
    assert re.search(r"Reported problems <span class=\"badge badge--alert\">\d+</span>", queue)
    assert "Moved to 3 High Street" in editor.get(f"/admin/services/{service_id}/edit").data.decode()
    (mine,) = feedback_ids(app, service_id)
    assert f'action="/admin/feedback/{mine}/resolve"' in queue

    refused = editor.post(f"/admin/feedback/{mine}/resolve", data={"note": ""})
    assert "Say what was done" in flash(editor.get(refused.location).data.decode())
    done = editor.post(f"/admin/feedback/{mine}/resolve", data={"note": "Address corrected"})
    assert "Report resolved." in flash(editor.get(done.location).data.decode())
    assert reports(app, service_id) == [("staff", prescriber.user.email, "Moved to 3 High Street", "resolved")]
    again = editor.post(f"/admin/feedback/{mine}/resolve", data={"note": "again"})
    assert "already resolved" in flash(editor.get(again.location).data.decode())
    resolved = editor.get("/admin/feedback").data.decode().split("<h2>Recently resolved</h2>")[1]
    assert "Address corrected" in resolved and editor.user.email in resolved


@pytest.mark.parametrize("role", ["editor", "call_handler"])
def test_staff_report_lands_back_where_they_work(signed_in, new_service, role):
    service_id = new_service()
    response = signed_in(role).post(f"/admin/services/{service_id}/report", data={"message": "Phone rings out"})
    expected = f"/admin/services/{service_id}/edit" if role == "editor" else f"/staff/services/{service_id}"
    assert response.location.endswith(expected)
