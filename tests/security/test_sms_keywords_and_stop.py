"""STOP everywhere: keywords recognised in disguise, HELP answered after STOP, staff sends refused after STOP."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from navigator.sms.keywords import keyword_of
from navigator.sms.sender import LoggingSender, sender_for
from navigator.staff.models import SendAudit

TOKEN = "test-twilio-token"
BASE = "https://navigator.example.nhs.uk"
_n = iter(range(10**6))


def sms(client, body, phone):
    form = {"From": phone, "To": "+447700900000", "Body": body, "MessageSid": f"SMkw{next(_n):06d}{abs(hash(phone)) % 10**9:09d}"}
    headers = {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(BASE + "/sms/inbound", form)}
    response = client.post("/sms/inbound", data=form, headers=headers)
    assert response.status_code == 200
    found = re.search(r"<Message>(.*)</Message>", response.get_data(as_text=True), re.S)
    return found.group(1) if found else None


@pytest.mark.parametrize(
    "body, keyword",
    [
        ("ＳＴＯＰ", "stop"),  # full-width
        ("\u200bSTOP\u200b", "stop"),  # zero-width spaces
        ("S\u200dT\u200cO\u2060P", "stop"),  # joiners inside the word
        ("\ufeffstop", "stop"),  # byte-order mark
        ("\u202eSTOP\u202c", "stop"),  # bidi override
        ("ＨＥＬＰ", "help"),
        ("ｓｔａｒｔ", "start"),
        ("Stop.", "stop"),
        ("stop please", None),
        ("bus stop", None),
    ],
)
def test_disguised_keywords_are_recognised(body, keyword):
    assert keyword_of(body) == keyword


@pytest.fixture()
def sms_app(app):
    app.config.update(TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL=BASE, PHONE_HASH_PEPPER="kw-pepper")
    return app


def test_help_after_stop_is_answered_and_stop_holds(sms_app, database_url):
    phone = f"+4477005{abs(hash(('help', database_url))) % 100000:05d}"
    client = sms_app.test_client()
    assert "START" in sms(client, "ＳＴＯＰ", phone)
    help_reply = sms(client, "HELP", phone)
    assert help_reply is not None and "STOP" in help_reply and "999" in help_reply
    assert sms(client, "sore throat", phone) is None  # still opted out: HELP does not resubscribe


@pytest.fixture()
def send_ready(app):
    app.config.update(TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL=BASE, PHONE_HASH_PEPPER="kw-pepper", WTF_CSRF_ENABLED=False)
    return app


def _staff_client(app, role="prescriber"):
    from navigator import db
    from navigator.staff.auth import create_user

    email = f"stop-{role}-{next(_n)}-{abs(hash(app.config['DATABASE_URL'])) % 10**6}@staff.test"
    with app.app_context():
        user = create_user(db.session(), email, "a long test password", role)
        db.session().expunge(user)
    client = app.test_client()
    assert client.post("/staff/login", data={"email": email, "password": "a long test password"}).status_code == 302
    return client, user


def test_staff_send_to_a_number_that_said_stop_is_refused_and_audited(send_ready, database_url):
    app = send_ready
    mobile = f"077004{abs(hash(('stop-send', database_url))) % 100000:05d}"
    e164 = "+44" + mobile[1:]
    resident = app.test_client()
    assert "START" in sms(resident, " Stop ", e164)

    from navigator import db
    from navigator.directory.models import Service

    with app.app_context():
        service_id = db.session().scalar(select(Service.id).where(Service.name == "Citizens Advice Harrow"))
    staff, user = _staff_client(app)
    sender_for(app)  # the logging sender
    before = len(sender_for(app).outbox)
    form = {"service_ids": str(service_id), "mobile": mobile, "language": "en", "consent": "y", "send": "Send text"}
    response = staff.post("/staff/send", data=form)
    assert isinstance(sender_for(app), LoggingSender)
    assert len(sender_for(app).outbox) == before  # nothing left the building
    assert response.status_code == 200
    assert "STOP" in response.get_data(as_text=True)
    with app.app_context():
        [audit] = db.session().scalars(select(SendAudit).where(SendAudit.user_id == user.id)).all()
        assert audit.status == "opted_out" and audit.provider_id is None

    # START again: the same send goes through.
    assert "999" in sms(resident, "START", e164)
    assert staff.post("/staff/send", data=form).status_code == 302
    assert len(sender_for(app).outbox) == before + 1
