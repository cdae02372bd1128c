"""Issue 15, 'unauthenticated 500s': each request below used to answer 500; now a clean 4xx or the right page."""
from __future__ import annotations

import re
import threading
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from navigator.conversation.models import Conversation
from navigator.sms.models import SmsMessage

TOKEN = "test-twilio-token"
BASE = "https://navigator.example.nhs.uk"


@pytest.mark.parametrize("path", ["/api/v1/chat", "/api/v1/triage"])
@pytest.mark.parametrize("depth", [1_000, 30_000])  # 30,000 deep still fits the 64 KB body cap
def test_deeply_nested_json_is_a_400(client, path, depth):
    body = "[" * depth + "]" * depth
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    nested_object = '{"text": ' + "[" * depth + "]" * depth + "}"
    response = client.post(path, data=nested_object, content_type="application/json")
    assert response.status_code == 400 and "error" in response.get_json()


def _signed(form):
    return {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(BASE + "/sms/inbound", form)}


def test_parallel_retries_of_one_message_sid_never_500(app, database_url):
    """20 threads post the same MessageSid from a number navigator has never seen: one answer, stored once."""
    app.config.update(TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL=BASE, PHONE_HASH_PEPPER="race-pepper")
    number = f"+4477009{threading.get_ident() % 100000:05d}"
    sid = f"SMrace{abs(hash((database_url, number))):026d}"[:34]
    form = {"From": number, "To": "+447700900000", "Body": "sore throat since monday", "MessageSid": sid}
    headers = _signed(form)
    results: list = []
    start = threading.Barrier(20)

    def post():
        client = app.test_client()
        start.wait()
        try:
            response = client.post("/sms/inbound", data=form, headers=headers)
        except Exception as exc:  # the test client re-raises what would be a 500
            results.append((500, repr(exc)))
        else:
            results.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=post) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 20
    assert [code for code, _ in results] == [200] * 20, [body[:300] for code, body in results if code != 200]
    answered = [re.search(r"<Message>(.*)</Message>", body, re.S) for _, body in results]
    texts = {m.group(1) for m in answered if m}
    assert len(texts) == 1 and "postcode" in texts.pop().lower()  # every reply that says something says the same
    with app.app_context():
        from navigator import db

        session = db.session()
        assert session.scalar(select(func.count()).select_from(SmsMessage).where(SmsMessage.message_sid == sid)) == 1
        stored = session.get(SmsMessage, sid)
        assert "postcode" in stored.reply.lower()
        assert session.scalar(select(func.count()).select_from(Conversation).where(Conversation.id.like("sms:%"))) >= 1


def test_parallel_first_messages_from_one_new_number_never_500(app, database_url):
    """Different MessageSids at once from one new number race on the conversation row: each still gets a reply."""
    app.config.update(TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL=BASE, PHONE_HASH_PEPPER="race-pepper-2")
    number = f"+4477008{abs(hash(database_url)) % 100000:05d}"
    results: list = []
    start = threading.Barrier(10)

    def post(i):
        form = {"From": number, "To": "+447700900000", "Body": "sore throat", "MessageSid": f"SMmany{i:02d}{abs(hash(database_url)) % 10**8:08d}"}
        client = app.test_client()
        start.wait()
        try:
            results.append(client.post("/sms/inbound", data=form, headers=_signed(form)).status_code)
        except Exception:  # the test client re-raises what would be a 500
            results.append(500)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == [200] * 10


@pytest.mark.parametrize(
    "target",
    ["/staff/\r\nSet-Cookie: x=1", "/staff%0d%0aLocation:%20https://evil.example", "/staff/\nfoo", "/admin/\x00", "/staff/\u2028x"],
)
def test_sign_in_next_with_control_characters_goes_home(app, client, target):
    """A `next` with CR/LF (or other controls) must neither 500 nor split a header: it falls back to /staff/."""
    from navigator import db
    from navigator.staff.auth import create_user

    app.config["WTF_CSRF_ENABLED"] = False
    email = f"next-{abs(hash(target)) % 10**9}-{abs(hash(app.config['DATABASE_URL'])) % 10**6}@staff.test"
    with app.app_context():
        from navigator.staff.auth import find_user

        if find_user(db.session(), email) is None:
            create_user(db.session(), email, "a long test password", "prescriber")
    assert client.get("/staff/login", query_string={"next": target}).status_code == 200
    response = client.post("/staff/login", data={"email": email, "password": "a long test password", "next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "\r" not in location and "\n" not in location and "\x00" not in location
    assert urlsplit(location).netloc in ("", "localhost") and urlsplit(location).path.startswith("/staff")


@pytest.mark.parametrize("page", ["99999999999999999999", "9223372036854775808", "-5", "abc", "0"])
def test_review_page_out_of_range_is_clamped(app, client, page):
    from navigator import db
    from navigator.staff.auth import create_user

    app.config["WTF_CSRF_ENABLED"] = False
    email = f"review-{page[:6]}-{abs(hash(app.config['DATABASE_URL'])) % 10**6}@staff.test"
    with app.app_context():
        from navigator.staff.auth import find_user

        if find_user(db.session(), email) is None:
            create_user(db.session(), email, "a long test password", "editor")
    assert client.post("/staff/login", data={"email": email, "password": "a long test password"}).status_code == 302
    response = client.get(f"/admin/review?page={page}")
    assert response.status_code in (200, 400)
    listed = client.get("/admin/?page=" + page)
    assert listed.status_code in (200, 400)
