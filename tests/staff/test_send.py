"""Sending service details to a resident through the logging sender: consent, language, segments, audit."""
from dataclasses import dataclass
from typing import Optional

import pytest
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.i18n import LANGUAGES
from navigator.sms.phone import phone_hash
from navigator.sms.segments import sms_size
from navigator.sms.sender import LoggingSender, TwilioSender, sender_for, services_text
from navigator.staff.models import SendAudit

NUMBER = "07700 900123"


@dataclass
class FakeService:
    id: int
    name: str
    phone: Optional[str] = "020 8000 0000"
    address: Optional[str] = "1 High Street, Hayes"
    postcode: Optional[str] = "UB3 1AA"
    url: Optional[str] = None


@pytest.fixture()
def ids(app):
    """Ids of two real services with phones: a Brent-area advice service and a pharmacy."""
    from navigator import db

    with app.app_context():
        session = db.session()
        advice = session.scalar(select(Service.id).where(Service.name == "Citizens Advice Harrow"))
        pharmacy = session.scalar(select(Service.id).where(Service.route == "pharmacy").order_by(Service.id).limit(1))
    return [advice, pharmacy]


def _form(ids, **overrides):
    data = {"service_ids": ",".join(map(str, ids)), "mobile": NUMBER, "language": "pl", "consent": "y", "send": "Send text"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _audits(app, user):
    from navigator import db

    with app.app_context():
        return db.session().scalars(select(SendAudit).where(SendAudit.user_id == user.id)).all()


def test_send_through_the_logging_sender_with_an_audit_row(app, client, login, ids):
    user = login("prescriber", fresh=True)
    response = client.post("/staff/send", data=_form(ids))
    assert response.status_code == 302
    outbox = sender_for(app).outbox
    assert isinstance(sender_for(app), LoggingSender) and len(outbox) == 1
    sent = outbox[0]
    assert sent.to == "+447700900123"
    assert "Citizens Advice Harrow" in sent.body and "999" in sent.body

    [audit] = _audits(app, user)
    assert audit.service_id_list == ids
    assert audit.language == "pl" and audit.sender == "logging" and audit.status == "sent"
    assert audit.segments == sms_size(sent.body).segments and 1 <= audit.segments <= 3
    assert audit.encoding == sms_size(sent.body).encoding
    assert audit.phone_hash == phone_hash("+447700900123", app.config["SECRET_KEY"])
    for column in SendAudit.__table__.columns:
        assert "7700900123" not in str(getattr(audit, column.key)), column.key

    followed = client.get(response.location).data.decode()
    assert "Text sent to +44 ••• ••• •123" in followed


def test_no_consent_no_text(app, client, login, ids):
    user = login("prescriber", fresh=True)
    response = client.post("/staff/send", data=_form(ids, consent=None))
    assert response.status_code == 200
    assert "Ask the resident first" in response.data.decode()
    assert sender_for(app).outbox == [] and _audits(app, user) == []


def test_a_number_that_is_not_a_uk_mobile_is_refused(app, client, login, ids):
    login("prescriber")
    response = client.post("/staff/send", data=_form(ids, mobile="020 7946 0000"))
    assert "Enter a UK mobile number" in response.data.decode()
    assert sender_for(app).outbox == []


def test_preview_does_not_send(app, client, login, ids):
    login("prescriber")
    response = client.post("/staff/send", data=_form(ids, send=None, preview="Update preview", language="en"))
    html = response.data.decode()
    assert response.status_code == 200 and "Services we talked about:" in html
    assert "SMS segment" in html
    assert sender_for(app).outbox == []


def test_send_page_previews_the_shortlist(client, login, ids):
    login("prescriber")
    for service_id in ids:
        client.post("/staff/shortlist/add", data={"service_id": str(service_id)})
    html = client.get("/staff/send").data.decode()
    assert "Citizens Advice Harrow" in html and 'name="consent"' in html
    printed = client.get("/staff/shortlist/print").data.decode()
    assert "Citizens Advice Harrow" in printed and "Opening hours" in printed


def test_a_call_handler_may_not_send(app, client, login, ids):
    login("call_handler")
    assert client.post("/staff/send", data=_form(ids)).status_code == 403
    assert sender_for(app).outbox == []


def test_text_keeps_within_three_segments_dropping_services_from_the_end():
    services = [FakeService(i, f"Community Advice and Support Service number {i}") for i in range(1, 9)]
    text = services_text(services, "en")
    assert text.size.segments <= 3 and text.size.encoding == "GSM-7"
    assert text.included == list(range(1, len(text.included) + 1))
    assert text.dropped == list(range(len(text.included) + 1, 9)) and text.dropped
    for service in services:
        if service.id in text.included:
            assert service.name in text.body  # whole, never cut
        else:
            assert service.name not in text.body


def test_a_service_that_only_fits_without_its_address_keeps_its_phone():
    long_address = "Flat 1, " + "Very Long Building Name, " * 8 + "Hayes"
    services = [FakeService(1, "First service"), FakeService(2, "Second service", address=long_address)]
    text = services_text(services, "en", max_segments=1)
    assert text.included == [1] or (2 in text.included and long_address not in text.body)


def test_smart_punctuation_is_folded_to_stay_gsm():
    text = services_text([FakeService(1, "St Mary’s “Drop-in” – Advice…")], "en")
    assert text.size.encoding == "GSM-7" and "St Mary's" in text.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_fits(language):
    services = [FakeService(i, f"Service {i} with a fairly long name for testing") for i in range(1, 6)]
    text = services_text(services, language)
    assert text.included and text.size.segments <= 3


def test_twilio_is_used_when_configured(app):
    app.config.update(TWILIO_ACCOUNT_SID="AC" + "0" * 32, TWILIO_AUTH_TOKEN="token", TWILIO_FROM_NUMBER="+447700900000")
    app.extensions.pop("sms_sender", None)
    assert isinstance(sender_for(app), TwilioSender)
