"""Whole web conversations through POST /api/v1/chat, on SQLite and PostgreSQL."""
import datetime as dt

import pytest
from sqlalchemy import select

from navigator.directory.models import Service


def say(client, text, session=None, **extra):
    body = {"text": text, **extra}
    if session:
        body["session"] = session
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def assert_from_directory(db, reply):
    """Every service named comes from the directory, with its real name and phone."""
    for item in reply["services"]:
        service = db.get(Service, item["id"])
        assert service is not None and service.name == item["name"]
        assert service.name in reply["reply"]
        if item["phone"]:
            assert item["phone"] == service.contact("phone")


def test_need_then_postcode_then_services_then_more(client, db):
    first = say(client, "I have a really sore throat")
    assert first["route"] == "pharmacy" and first["next"] == "location"
    assert "postcode" in first["reply"].lower() and first["services"] == []
    second = say(client, "W12 0HS", first["session"])
    assert second["session"] == first["session"]
    assert second["route"] == "pharmacy" and len(second["services"]) == 3
    assert all(s["route"] == "pharmacy" and s["open_now"] for s in second["services"])
    assert_from_directory(db, second)
    assert "until" in second["reply"] and "km" in second["reply"]
    more = say(client, "more", first["session"])
    assert len(more["services"]) == 3
    assert not {s["id"] for s in more["services"]} & {s["id"] for s in second["services"]}
    details = say(client, "2", first["session"])
    assert details["services"][0]["id"] == more["services"][1]["id"]


def test_need_and_place_in_one_message(client, db):
    reply = say(client, "twisted my ankle playing football, I'm in Hounslow")
    assert reply["route"] == "utc"
    assert reply["services"], reply
    assert_from_directory(db, reply)
    assert all(s["status"] == "active" for s in reply["services"])


@pytest.mark.parametrize(
    "place, number",
    [("Ealing", "0800 328 4444"), ("HA0 4UB", "0800 0234 650"), (None, "111")],
)
def test_crisis_answered_at_once_with_the_boroughs_line(client, place, number):
    text = "i want to end my life" + (f", I live in {place}" if place else "")
    reply = say(client, text)
    assert reply["route"] == "crisis" and reply["next"] is None
    assert number in reply["reply"]
    assert "116 123" in reply["reply"] and "85258" in reply["reply"]
    assert "postcode" not in reply["reply"].lower()


def test_emergency_answered_at_once_with_nearest_a_and_e(client, db):
    reply = say(client, "my dad has crushing chest pain, we are at UB8 3NN")
    assert reply["route"] == "emergency"
    assert "999" in reply["reply"]
    assert reply["services"] and reply["services"][0]["route"] == "emergency"
    assert reply["services"][0]["distance_km"] < 2
    assert_from_directory(db, reply)


def test_emergency_without_place_asks_nothing(client):
    reply = say(client, "he is not breathing")
    assert reply["route"] == "emergency" and reply["next"] is None
    assert "999" in reply["reply"]


def test_language_switch_by_name(client):
    first = say(client, "sore throat")
    switched = say(client, "polski", first["session"])
    assert switched["language"] == "pl"
    services = say(client, "W12 0HS", first["session"])
    assert services["language"] == "pl" and services["services"]


def test_polish_conversation(client):
    reply = say(client, "boli mnie gardło od trzech dni, mieszkam w Ealing")
    assert reply["language"] == "pl" and reply["route"] == "pharmacy"
    assert reply["services"]


def test_arabic_crisis(client):
    reply = say(client, "أفكر في الانتحار ولا أستطيع التحمل")
    assert reply["language"] == "ar" and reply["route"] == "crisis"
    assert "116 123" in reply["reply"]


def test_help_and_unknown(client):
    assert "999" in say(client, "help")["reply"]
    unknown = say(client, "hello")
    assert unknown["route"] == "unknown" and unknown["services"] == []


def test_unknown_postcode_is_said(client):
    first = say(client, "I need a GP")
    reply = say(client, "ZZ9 9ZZ", first["session"])
    assert "ZZ9 9ZZ" in reply["reply"] and reply["next"] == "location"


@pytest.mark.parametrize(
    "body, code",
    [
        ({"text": ""}, "invalid_text"),
        ({"text": "x" * 1601}, "text_too_long"),
        ({"text": 5}, "invalid_text"),
        ({"text": "hi", "lang": "xx"}, "unsupported_language"),
        ({"text": "hi", "session": "short"}, "invalid_session"),
        ({"text": "hi", "location": 12}, "invalid_location"),
    ],
)
def test_bad_chat_bodies(client, body, code):
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code


def test_not_json_is_a_400(client):
    response = client.post("/api/v1/chat", data="text=hello", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


def test_sessions_expire(app, client, monkeypatch):
    first = say(client, "I need a GP")
    later = app.config["NOW"] + dt.timedelta(hours=app.config["SESSION_TTL_HOURS"], minutes=1)
    monkeypatch.setitem(app.config, "NOW", later)
    reply = say(client, "W12 0HS", first["session"])
    assert reply["session"] != first["session"]
    assert reply["route"] == "unknown"


def test_unknown_session_starts_a_new_one(client):
    reply = say(client, "I need a GP", "no-such-session-000")
    assert reply["session"] != "no-such-session-000"


def test_closed_services_never_offered(client, db):
    closed = db.scalars(select(Service.id).where(Service.status != "active")).all()
    reply = say(client, "cut my hand, needs stitches, near W12 0HS")
    more = say(client, "more", reply["session"])
    offered = {s["id"] for s in reply["services"] + more["services"]}
    assert offered and not offered & set(closed)


def test_purge_deletes_only_expired_conversations(app, runner, client, monkeypatch):
    from sqlalchemy import select

    from navigator import db as database
    from navigator.conversation.models import Conversation

    old = say(client, "I need a GP")
    monkeypatch.setitem(app.config, "NOW", app.config["NOW"] + dt.timedelta(days=2))
    fresh = say(client, "I need a GP")
    result = runner.invoke(args=["conversations", "purge"])
    assert result.exit_code == 0 and "deleted" in result.output
    with app.app_context():
        ids = database.session().scalars(select(Conversation.id)).all()
        assert "web:" + fresh["session"] in ids
        assert "web:" + old["session"] not in ids


def test_a_new_conversation_starts_in_the_browsers_language(client):
    reply = client.post(
        "/api/v1/chat", json={"text": "W12 0HS"}, headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}
    ).get_json()
    assert reply["language"] == "pl"
    written = client.post(
        "/api/v1/chat", json={"text": "I have a sore throat", "session": reply["session"]}
    ).get_json()
    assert written["language"] == "en"  # what the resident writes in wins over the browser


def test_services_from_an_area_state_their_true_distance_honestly(client, db):
    """'Acton' is an area, not a point: each service says 'about N km from Acton' (N its true distance
    from Acton's postcode district) or 'near Acton', never a precise-looking '0.2 km'."""
    import re

    from navigator.directory.postcodes import distance_km, resolve_place

    acton = resolve_place(db, "Acton")
    first = say(client, "I have a really sore throat")
    reply = say(client, "Acton", first["session"])
    assert reply["route"] == "pharmacy" and reply["services"]
    assert not re.search(r"\d[.,]\d km", reply["reply"])
    for item in reply["services"]:
        true_km = distance_km(acton.lat, acton.lon, item["lat"], item["lon"])
        wording = "near Acton" if true_km <= acton.precision_km else f"about {max(1, round(true_km))} km from Acton"
        line = next(line for line in reply["reply"].splitlines() if line.startswith(("1. ", "2. ", "3. ")) and item["name"] in line)
        assert wording in line, (line, true_km)
