"""CSRF protection on every staff form (Flask-WTF), with the protection switched on as in production."""
import re

import pytest
from sqlalchemy import func, select

from .conftest import PASSWORD


@pytest.fixture()
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True


def _token(html: bytes) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1).decode()


def test_sign_in_without_a_token_is_refused(client, make_user, csrf_on):
    user = make_user("prescriber")
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert b"did not come from this site" in response.data
    assert client.get("/staff/").status_code == 302  # still signed out


def test_sign_in_with_the_page_token_works(client, make_user, csrf_on):
    user = make_user("prescriber")
    token = _token(client.get("/staff/login").data)
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_send_without_a_token_is_refused_and_nothing_is_sent(app, client, make_user, service_id, csrf_on):
    from navigator import db
    from navigator.sms.sender import sender_for
    from navigator.staff.models import SendAudit

    user = make_user("prescriber")
    token = _token(client.get("/staff/login").data)
    client.post("/staff/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    form = {"service_ids": str(service_id), "mobile": "07700 900123", "language": "en", "consent": "y", "send": "Send text"}
    response = client.post("/staff/send", data=form)
    assert response.status_code == 400
    assert sender_for(app).outbox == []
    with app.app_context():
        count = db.session().scalar(select(func.count(SendAudit.id)).where(SendAudit.user_id == user.id))
    assert count == 0


@pytest.mark.parametrize("path", ["/staff/logout", "/staff/shortlist/add", "/staff/shortlist/remove", "/staff/shortlist/clear"])
def test_every_other_form_needs_a_token(client, make_user, csrf_on, path):
    user = make_user("admin")
    token = _token(client.get("/staff/login").data)
    client.post("/staff/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert client.post(path, data={"service_id": "1"}).status_code == 400
    assert client.get("/staff/").status_code == 200  # a refused sign-out leaves the session alone
