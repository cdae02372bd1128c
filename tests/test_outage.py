"""Database down: /healthz 503, residents on web, API and SMS get a safe static reply in their language, never a trace.

The app is pointed at databases that cannot answer: PostgreSQL on a closed port, and a SQLite file
in a directory that does not exist.
"""
import html
import re

import pytest
import yaml
from twilio.request_validator import RequestValidator

from navigator import create_app
from navigator.config import DATA_DIR
from navigator.i18n import LANGUAGES
from navigator.outage import load_lines, sms_reply
from navigator.sms.segments import sms_size

TOKEN = "outage-twilio-token"
BASE = "https://navigator.example.nhs.uk"
TRACE = re.compile(r"Traceback|OperationalError|sqlalchemy|psycopg|sqlite3", re.IGNORECASE)


def _helplines():
    return {r["source_id"]: r for r in yaml.safe_load((DATA_DIR / "curated" / "helplines.yaml").read_text(encoding="utf-8"))}


HELPLINES = _helplines()
NHS111 = HELPLINES["nhs111"]["contacts"][0]["value"]
SAMARITANS = next(c["value"] for c in HELPLINES["crisis-samaritans"]["contacts"] if c["kind"] == "phone")
SHOUT = next(c["value"] for c in HELPLINES["crisis-shout"]["contacts"] if c["kind"] == "sms")


@pytest.fixture(params=["postgresql", "sqlite"])
def down_app(request, tmp_path):
    url = {
        "postgresql": "postgresql://navigator@127.0.0.1:1/navigator",
        "sqlite": f"sqlite:///{tmp_path / 'missing-dir' / 'navigator.db'}",
    }[request.param]
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "outage", "WTF_CSRF_ENABLED": False,
                      "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, "PHONE_HASH_PEPPER": "p"})
    yield app
    app.extensions["db_engine"].dispose()


def _assert_safety_lines(text):
    assert "999" in text
    assert NHS111 in text
    assert SAMARITANS in text
    assert SHOUT in text
    assert not TRACE.search(text), text


def test_the_safety_numbers_come_from_the_directory_file():
    lines = load_lines(DATA_DIR)
    assert (lines.nhs111, lines.samaritans[1], lines.shout[2]) == (NHS111, SAMARITANS, SHOUT)
    assert (NHS111, SAMARITANS, SHOUT) == ("111", "116 123", "85258")  # as in shared/design/safety-sources.md


def test_healthz_is_503_json(down_app):
    response = down_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.is_json and response.get_json()["status"] == "unavailable"


@pytest.mark.parametrize("text,lang,sentence", [
    ("sore throat since monday", "en", "cannot look up services"),
    ("boli mnie gardło od poniedziałku", "pl", "nie może teraz wyszukać"),
    ("عندي ألم في الحلق", "ar", "لا يستطيع navigator"),
])
def test_chat_api_gives_the_static_reply_in_the_residents_language(down_app, text, lang, sentence):
    response = down_app.test_client().post("/api/v1/chat", json={"text": text})
    assert response.status_code == 503
    body = response.get_json()
    assert body["error"]["code"] == "service_unavailable"
    assert body["language"] == lang
    assert sentence in body["reply"]
    _assert_safety_lines(body["reply"])
    assert response.headers["Cache-Control"] == "no-store"


def test_an_emergency_gets_triage_advice_first(down_app):
    body = down_app.test_client().post("/api/v1/chat", json={"text": "my dad has crushing chest pain"}).get_json()
    assert "999" in body["lines"][0]


def test_web_chat_page_and_form_post(down_app):
    client = down_app.test_client()
    page = client.get("/", headers={"Accept-Language": "es"})
    assert page.status_code == 503
    text = html.unescape(page.get_data(as_text=True))
    assert 'lang="es"' in text and "no puede buscar servicios" in text
    _assert_safety_lines(text)
    assert 'href="tel:999"' in text

    posted = client.post("/", data={"text": "mam gorączkę i ból głowy"})
    assert posted.status_code == 503
    text = html.unescape(posted.get_data(as_text=True))
    assert 'lang="pl"' in text and "nie może teraz wyszukać" in text
    _assert_safety_lines(text)


def _sms(client, body, signature=None):
    form = {"From": "+447700900123", "To": "+447700900000", "Body": body, "MessageSid": "SM" + "7" * 32}
    if signature is None:
        signature = RequestValidator(TOKEN).compute_signature(BASE + "/sms/inbound", form)
    return client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": signature})


def test_sms_signature_is_still_checked_first(down_app):
    assert _sms(down_app.test_client(), "hello", signature="forged").status_code == 403


def test_sms_gets_the_static_reply_in_the_residents_language(down_app):
    response = _sms(down_app.test_client(), "duele la muela desde ayer")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    text = html.unescape(response.get_data(as_text=True))
    assert "no puede ayudar ahora" in text
    _assert_safety_lines(text)


def test_an_emergency_by_sms_gets_triage_advice_first(down_app):
    text = html.unescape(_sms(down_app.test_client(), "my dad has crushing chest pain").get_data(as_text=True))
    first = re.search(r"<Message>(.*?)\n", text, re.S).group(1)
    assert "999" in first and "navigator cannot help" not in first
    _assert_safety_lines(text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sms_static_reply_fits_three_segments_with_every_number(lang):
    message = sms_reply(load_lines(DATA_DIR), lang, "")
    assert sms_size(message).segments <= 3
    _assert_safety_lines(message)


def test_staff_pages_answer_503_without_a_trace(down_app):
    response = down_app.test_client().get("/staff/", headers={"Accept": "text/html"})
    # A signed-out visitor is sent to sign in without touching the database; the sign-in itself needs it.
    if response.status_code == 302:
        response = down_app.test_client().post("/staff/login", data={"email": "a@b.nhs.uk", "password": "x" * 12})
    assert response.status_code == 503
    assert not TRACE.search(response.get_data(as_text=True))
    assert down_app.test_client().get("/api/v1/services?route=pharmacy").status_code == 503
