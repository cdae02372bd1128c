"""What a resident should know before going, built in one place from a service's fields (no database)."""
from __future__ import annotations

import pytest

from navigator.conversation.words import Words, note_parts, note_phrase
from navigator.directory.models import Service
from navigator.directory.present import Note, age_band, resident_notes
from navigator.i18n import LANGUAGES


def service(**fields) -> Service:
    values = {"name": "A service", "route": "utc", "category": "utc", "status": "active", "source": "test", "source_id": "x"}
    return Service(**(values | fields))


def codes(s: Service, **kw) -> list[str]:
    return [n.code for n in resident_notes(s, **kw)]


def test_a_plain_service_has_no_notes():
    assert resident_notes(service()) == []


@pytest.mark.parametrize(
    "age_min, age_max, band, code",
    [
        (16, None, "adults", "adults_only"),
        (18, None, "adults", "adults_only"),
        (None, 15, "children", "children_only"),
        (0, 17, "children", "children_only"),
        (None, 18, None, "ages_to"),
        (5, None, None, "ages_from"),
        (18, 35, "adults", "ages_between"),
    ],
)
def test_who_it_is_for_comes_from_the_age_fields(age_min, age_max, band, code):
    s = service(age_min=age_min, age_max=age_max)
    assert age_band(s) == band
    assert codes(s) == [code]


def test_the_status_note_comes_first_with_the_facts_read_from_it():
    s = service(status_note="Closed temporarily in 2020 and we have no confirmation that it has reopened - check before going.",
                eligibility_note="Older people", age_min=16)
    notes = resident_notes(s)
    assert [n.code for n in notes] == ["adults_only", "check_open", "status_text", "eligibility_text"]
    assert [n.safety for n in notes] == [True, True, True, False]
    assert notes[2].text == s.status_note


def test_booking_notes_are_read_from_status_and_hours_notes_once():
    s = service(status_note="Not open for walk-in: pre-booked appointments only at weekends.",
                hours_note="Saturday and Sunday 10:00-16:00, pre-booked only.")
    assert codes(s) == ["prebooked_only", "status_text"]  # pre-booked says "no walk-in" and "appointments" already
    assert codes(s, detail=True) == ["prebooked_only", "status_text", "hours_text"]
    s = service(status_note="No longer a walk-in centre: an appointment-only GP access centre. Do not walk in.")
    assert codes(s) == ["appointment_only", "status_text"]
    s = service(status_note="Do not walk in: call first.")
    assert codes(s) == ["no_walk_in", "status_text"]
    s = service(eligibility_note="Voucher referral by frontline care providers")
    assert codes(s) == ["referral_needed", "eligibility_text"]


def test_a_closed_service_says_so_and_not_check_it_is_open():
    s = service(status="temporarily_closed", status_note="Closed temporarily for refurbishment.")
    assert codes(s) == ["temporarily_closed", "status_text"]


def test_notes_travel_in_the_api_shape():
    assert Note("adults_only", True, age_min=16).to_dict() == {"code": "adults_only", "safety": True, "age_min": 16}


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_note_is_said_in_every_language(code):
    w = Words(code)
    notes = [Note("adults_only", True, age_min=16), Note("children_only", True, age_max=15), Note("ages_from", age_min=5),
             Note("ages_to", age_max=18), Note("ages_between", age_min=18, age_max=35), Note("closed", True),
             Note("temporarily_closed", True), Note("check_open", True), Note("prebooked_only", True),
             Note("appointment_only", True), Note("no_walk_in", True), Note("referral_needed")]
    english = Words("en")
    for note in notes:
        phrase = note_phrase(w, note)
        assert phrase and "%(" not in phrase
        for number in (note.age_min, note.age_max):
            if number is not None and note.code != "children_only":
                assert str(number) in phrase
        if code != "en":
            assert phrase != note_phrase(english, note), (code, note.code)
    free = Note("status_text", True, text="Entry is through A&E.")
    if code == "en":
        assert note_phrase(w, free) == "Entry is through A&E."
    else:
        marked = note_phrase(w, free)
        assert "Entry is through A&E." in marked and marked != "Entry is through A&E." and "(in English)" not in marked
    assert "16" in note_phrase(w, Note("children_only", True, age_max=15))


def test_sms_keeps_the_short_phrases_and_the_web_the_notes_too():
    s = service(age_min=16, status_note="This A&E does not treat acutely unwell children.")
    short, lines = note_parts(Words("ar"), s, compact=True)
    assert short == [Words("ar").gettext("adults only (%(age)d+)", age=16)] and lines == []
    short_web, lines_web = note_parts(Words("ar"), s)
    assert short_web == short and len(lines_web) == 1 and s.status_note in lines_web[0]
