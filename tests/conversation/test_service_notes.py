"""Warnings reach residents: a service's status note, who it is for and how to get in, in the
resident's language, on web chat and SMS, and a child's emergency never starts at an adults-only
A&E. Through the Flask test client on SQLite and PostgreSQL, with the bundled directory."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from navigator.conversation.words import Words, note_phrase
from navigator.directory.models import Service
from navigator.directory.postcodes import resolve_place
from navigator.directory.present import resident_notes
from navigator.directory.queries import ServiceFilter, eligible_for_age, find_services
from navigator.sms.segments import sms_size
from tests.conftest import WEDNESDAY_2PM
from tests.i18n.test_conversation_languages import assert_no_english, lexicon_phrase
from tests.sms.test_inbound import message_text, phone, send, sms_app  # noqa: F401 (fixtures)

LANGUAGE_NAMES = {"ar": "العربية", "gu": "ગુજરાતી", "ta": "தமிழ்", "pa": "ਪੰਜਾਬੀ"}
PLACE = "UB1 3HW"  # Ealing Hospital: its A&E (adults only) is 0.0 km away


def say(client, text, **extra):
    response = client.post("/api/v1/chat", json={"text": text, **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def by_source_id(db, source_id: str) -> Service:
    return db.scalars(select(Service).where(Service.source_id == source_id)).one()


def adult_emergency(lang: str) -> str:
    return ("crushing chest pain" if lang == "en" else lexicon_phrase(lang, "chest_pain")) + " " + PLACE


def child_emergency(lang: str) -> str:
    return ("my baby is floppy and will not wake up" if lang == "en" else lexicon_phrase(lang, "seriously_ill_child")) + " " + PLACE


def nearest_that_sees_children(db) -> Service:
    """The oracle, straight from the directory: the nearest running A&E that sees a baby."""
    place = resolve_place(db, PLACE)
    hits = find_services(db, ServiceFilter(route="emergency", near=place), WEDNESDAY_2PM)
    return next(h.service for h in hits if h.service.status == "active" and h.distance_km is not None
                and eligible_for_age(h.service, 0))


def test_the_data_has_the_case_the_issue_describes(db):
    ealing = by_source_id(db, "ae-ealing")
    assert ealing.route == "emergency" and ealing.age_min == 16 and ealing.status_note
    assert "adults_only" in [n.code for n in resident_notes(ealing)]


@pytest.mark.parametrize("lang", ["en", "ar", "gu"])
def test_web_adult_emergency_names_ealing_with_its_warnings_in_the_language(client, db, lang):
    ealing = by_source_id(db, "ae-ealing")
    reply = say(client, adult_emergency(lang), lang=lang)
    assert reply["route"] == "emergency" and reply["language"] == lang
    assert reply["services"][0]["id"] == ealing.id  # an adult: the nearest, at 0.0 km
    assert {"code": "adults_only", "safety": True, "age_min": 16} in reply["services"][0]["notes"]
    w = Words(lang)
    tag = w.gettext("adults only (%(age)d+)", age=16)
    block = reply["blocks"][0]
    assert block[0].startswith(ealing.name) and tag in block[0]
    if lang == "en":
        assert tag == "adults only (16+)" and ealing.status_note in block
    else:
        assert tag != "adults only (16+)" and "16" in tag
        # The directory's own note is English, and says so in the resident's language.
        marked = w.gettext("%(note)s (in English)", note=ealing.status_note)
        assert marked != ealing.status_note and marked in block
        assert "(in English)" not in reply["reply"]
        assert_no_english(reply)


@pytest.mark.parametrize("lang", ["en", "ar", "gu"])
def test_web_child_emergency_names_an_a_and_e_that_sees_children_first(client, db, lang):
    ealing = by_source_id(db, "ae-ealing")
    reply = say(client, child_emergency(lang), lang=lang)
    assert reply["route"] == "emergency" and "999" in reply["reply"]
    ids = [s["id"] for s in reply["services"]]
    assert ids and ealing.id not in ids and ealing.name not in reply["reply"]
    assert ids[0] == nearest_that_sees_children(db).id
    for item in reply["services"]:
        assert eligible_for_age(db.get(Service, item["id"]), 0)
    assert Words(lang).gettext("Nearest A&E that treats children:") in reply["lines"]


def test_web_listing_shows_each_services_notes_where_it_is_listed(client, db):
    """St Charles' only source is from 2017: residents are told to check it is open before going."""
    st_charles = by_source_id(db, "utc-st-charles")
    codes = [n.code for n in resident_notes(st_charles)]
    assert "check_open" in codes
    for lang in ("en", "pa"):
        text = "twisted ankle W10 6DZ" if lang == "en" else lexicon_phrase(lang, "sprain") + " W10 6DZ"
        reply = say(client, text, lang=lang)
        assert reply["route"] == "utc"
        listed = {s["id"]: n for n, s in enumerate(reply["services"])}
        assert st_charles.id in listed
        w = Words(lang)
        for item, block in zip(reply["services"], reply["blocks"]):
            service = db.get(Service, item["id"])
            for note in resident_notes(service):
                phrase = note_phrase(w, note)
                assert phrase in (block[0] if not note.free_text else block), (service.name, phrase)
        assert note_phrase(w, next(n for n in resident_notes(st_charles) if n.code == "check_open")) in reply["blocks"][listed[st_charles.id]][0]


@pytest.mark.parametrize("lang", ["en", "ar", "gu", "ta", "pa"])
def test_sms_adult_emergency_keeps_the_short_warning_and_fits(sms_app, phone, db, lang):
    ealing = by_source_id(db, "ae-ealing")
    client = sms_app.test_client()
    if lang != "en":
        send(client, LANGUAGE_NAMES[lang], phone)
    reply = html.unescape(message_text(send(client, adult_emergency(lang), phone)))
    assert "999" in reply and sms_size(reply).segments <= 3
    assert ealing.status_note not in reply  # SMS gives the short, translated form only
    tag = Words(lang).gettext("adults only (%(age)d+)", age=16)
    ealing_lines = [line for line in reply.split("\n") if line.startswith(ealing.name)]
    assert ealing_lines, reply  # the nearest A&E is named ...
    assert tag in ealing_lines[0]  # ... with who it is for, on the same line


@pytest.mark.parametrize("lang", ["en", "ar", "gu"])
def test_sms_child_emergency_never_names_the_adults_only_a_and_e(sms_app, phone, db, lang):
    ealing = by_source_id(db, "ae-ealing")
    client = sms_app.test_client()
    if lang != "en":
        send(client, LANGUAGE_NAMES[lang], phone)
    reply = html.unescape(message_text(send(client, child_emergency(lang), phone)))
    assert "999" in reply and sms_size(reply).segments <= 3
    assert ealing.name not in reply
    assert nearest_that_sees_children(db).name in reply
