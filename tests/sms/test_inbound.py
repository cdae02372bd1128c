"""POST /sms/inbound: Twilio signatures, conversations, keywords, idempotency, segment limits, privacy."""
import itertools
import re

import pytest
from sqlalchemy import func, select, text
from twilio.request_validator import RequestValidator

from navigator.sms.models import SmsMessage
from navigator.sms.segments import sms_size

TOKEN = "test-twilio-token"
BASE = "https://navigator.example.nhs.uk"
_sids = itertools.count(1)


@pytest.fixture()
def sms_app(app):
    app.config.update(TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL=BASE, PHONE_HASH_PEPPER="pepper")
    return app


@pytest.fixture()
def phone(request):
    """A different test number per test (the database is shared by the tests of a backend)."""
    return f"+4477009{abs(hash(request.node.nodeid)) % 100000:05d}"


def send(client, body, phone, sid=None, signature=None):
    form = {"From": phone, "To": "+447700900000", "Body": body, "MessageSid": sid or f"SM{next(_sids):032d}"}
    if signature is None:
        signature = RequestValidator(TOKEN).compute_signature(BASE + "/sms/inbound", form)
    return client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": signature})


def message_text(response):
    assert response.status_code == 200, response.data
    assert response.mimetype == "application/xml"
    found = re.search(r"<Message>(.*)</Message>", response.get_data(as_text=True), re.S)
    return found.group(1) if found else None


def test_forged_or_missing_signature_is_refused(sms_app, phone):
    client = sms_app.test_client()
    assert send(client, "hello", phone, signature="forged").status_code == 403
    form = {"From": phone, "Body": "hi", "MessageSid": "SMx"}
    assert client.post("/sms/inbound", data=form).status_code == 403


def test_without_a_token_every_request_is_refused(app, phone):
    app.config.update(TWILIO_AUTH_TOKEN=None, PUBLIC_BASE_URL=BASE)
    assert send(app.test_client(), "hello", phone).status_code == 403


def test_conversation_over_sms(sms_app, phone):
    client = sms_app.test_client()
    ask = message_text(send(client, "sore throat since monday", phone))
    assert "postcode" in ask.lower()
    listing = message_text(send(client, "W12 0HS", phone))
    assert listing.startswith("A pharmacist") or "1." in listing
    assert "1." in listing and "Reply MORE" in listing
    assert sms_size(listing).segments <= 3
    more = message_text(send(client, "MORE", phone))
    assert "1." in more and more != listing


def test_crisis_over_sms_is_immediate_and_fits(sms_app, phone):
    reply = message_text(send(sms_app.test_client(), "I want to kill myself", phone))
    assert "85258" in reply and "116 123" in reply
    assert sms_size(reply).segments <= 3
    assert reply.index("85258") < reply.index("116 123")  # text first on SMS: they may not be able to talk


def test_arabic_reply_is_ucs2_within_three_segments(sms_app, phone):
    client = sms_app.test_client()
    message_text(send(client, "عندي ألم في الحلق", phone))
    reply = message_text(send(client, "W12 0HS", phone))
    size = sms_size(reply)
    assert size.segments <= 3


def test_duplicate_message_sid_gets_the_same_reply_once(sms_app, db, phone):
    client = sms_app.test_client()
    first = send(client, "I need a GP", phone, sid="SMduplicate" + phone[-5:])
    second = send(client, "I need a GP", phone, sid="SMduplicate" + phone[-5:])
    assert first.get_data() == second.get_data()
    count = db.scalar(select(func.count()).select_from(SmsMessage).where(SmsMessage.message_sid == "SMduplicate" + phone[-5:]))
    assert count == 1


def test_stop_start_help(sms_app, phone):
    client = sms_app.test_client()
    assert "START" in message_text(send(client, "STOP", phone))
    assert message_text(send(client, "sore throat", phone)) is None
    assert "STOP" in message_text(send(client, "help", phone))  # HELP is answered even after STOP (carrier rules)
    assert message_text(send(client, "sore throat again", phone)) is None  # and nothing else is
    assert "999" in message_text(send(client, "start", phone))
    assert "STOP" in message_text(send(client, "HELP", phone))
    for word in ("UNSUBSCRIBE", "cancel", "End", "QUIT"):
        assert "START" in message_text(send(client, word, phone))
        assert "999" in message_text(send(client, "START", phone))


def test_oversize_and_empty_bodies_get_a_polite_reply(sms_app, phone):
    client = sms_app.test_client()
    long_reply = message_text(send(client, "my ankle hurts " * 200, phone))
    assert long_reply and sms_size(long_reply).segments <= 3
    empty = message_text(send(client, "", phone))
    assert empty and "999" in empty


def test_phone_numbers_are_never_stored_in_clear(sms_app, db, phone):
    client = sms_app.test_client()
    send(client, "I need a GP", phone)
    send(client, "HA1 3UJ", phone)
    digits = phone.lstrip("+")
    for table in ("conversation", "sms_message", "sms_subscriber"):
        for row in db.execute(text(f"SELECT * FROM {table}")):
            assert digits not in " ".join(str(v) for v in row), table
            assert digits[-9:] not in " ".join(str(v) for v in row), table


def test_polish_conversation_over_sms(sms_app, phone):
    client = sms_app.test_client()
    message_text(send(client, "polski", phone))
    reply = message_text(send(client, "boli mnie ucho, moje dziecko ma 6 lat, HA1 3UJ", phone))
    assert reply and "1." in reply


@pytest.mark.parametrize("code", ["pl", "ro", "ar", "so", "pt", "es", "gu", "ur", "ta", "fa", "bn", "pa"])
def test_crisis_sms_in_every_language_fits_and_keeps_999_and_the_local_line(sms_app, phone, code):
    from navigator.i18n import native_name
    from tests.i18n.test_conversation_languages import lexicon_phrase

    client = sms_app.test_client()
    message_text(send(client, native_name(code), phone))
    reply = message_text(send(client, lexicon_phrase(code, "suicidal_thoughts") + ", HA0 4UJ", phone))
    assert sms_size(reply).segments <= 3
    assert "999" in reply and "0800 0234 650" in reply  # CNWL covers Brent (HA0)
