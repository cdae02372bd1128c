"""Reading short replies: numbers in any script, days, acknowledgements, follow-ups, language confidence."""
import datetime as dt
import pathlib
import re

import pytest

from navigator.conversation import acts
from navigator.conversation.language import detected_language

WEDNESDAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize("text, number", [
    ("2", 2), ("٢", 2), ("۲", 2), ("২", 2), ("੨", 2), ("૨", 2), ("two", 2), ("dwa", 2), ("doi", 2), ("dos", 2),
    ("labo", 2), ("dois", 2), ("اثنين", 2), ("دو", 2), ("இரண்டு", 2), ("দুই", 2), ("ਦੋ", 2), ("બે", 2),
    ("1.", 1), ("four", 4), ("hello", None), ("sore throat", None),
])
def test_numbers_in_every_script_and_written(text, number):
    assert acts.number_of(text) == number


@pytest.mark.parametrize("text, weekday", [
    ("is it open on Sunday?", 6), ("czy jest otwarte w niedzielę?", 6), ("e deschis duminica?", 6),
    ("¿está abierto el sábado?", 5), ("abre no domingo?", 6), ("مفتوح يوم الجمعة؟", 4), ("furan ma tahay sabti?", 5),
    ("શું રવિવારે ખુલ્લું છે?", 6), ("کیا اتوار کو کھلا ہے؟", 6), ("ஞாயிறு திறந்திருக்குமா?", 6),
    ("جمعه باز است؟", 4), ("রবিবার খোলা?", 6), ("ਐਤਵਾਰ ਨੂੰ ਖੁੱਲ੍ਹਾ ਹੈ?", 6),
])
def test_days_asked_about(text, weekday):
    day = acts.asked_day(acts.words_of(text), WEDNESDAY)
    assert day is not None and day.weekday() == weekday and 0 <= (day - WEDNESDAY).days < 7


def test_tomorrow_and_times():
    assert acts.asked_day(acts.words_of("open tomorrow?"), WEDNESDAY) == WEDNESDAY + dt.timedelta(days=1)
    assert acts.asked_time("is it open at 8pm") == (20, 0)
    assert acts.asked_time("open at 19:30?") == (19, 30)
    assert acts.asked_time("sore throat for 3 days") is None


@pytest.mark.parametrize("text", ["thanks", "ok thank you", "dziękuję", "mulțumesc", "شكرا", "mahadsanid", "obrigada",
                                  "gracias", "આભાર", "شکریہ", "நன்றி", "ممنون", "ধন্যবাদ", "ਧੰਨਵਾਦ"])
def test_acknowledgements(text):
    assert acts.is_ack(acts.words_of(text))


@pytest.mark.parametrize("text", ["thanks but my chest hurts badly and I feel sick", "my throat is sore"])
def test_not_acknowledgements(text):
    assert not acts.is_ack(acts.words_of(text))


@pytest.mark.parametrize("text, kind", [
    ("which one is open now?", "open"), ("do they speak Polish?", "languages_spoken"), ("can I walk in?", "walk_in"),
    ("how far is it?", "distance"), ("what's the number?", "phone"), ("czy mówią po polsku?", "languages_spoken"),
    ("¿a qué distancia está?", "distance"), ("رقم الهاتف؟", "phone"), ("sin cita?", "walk_in"),
])
def test_follow_ups(text, kind):
    assert acts.follow_up_of(acts.words_of(text)) == kind


def test_languages_named_inside_a_sentence():
    assert acts.languages_named_in(acts.words_of("can you answer in english")) == ["en"]
    assert "pl" in acts.languages_named_in(acts.words_of("do they speak Polish"))
    assert "en" in acts.languages_named_in(acts.words_of("¿puede responder en inglés?"))


@pytest.mark.parametrize("text, code", [
    ("thank you", "en"), ("gracias", "es"), ("dziękuję bardzo", "pl"), ("شكرا", "ar"), ("ممنون", "fa"),
    ("ধন্যবাদ", "bn"), ("ਧੰਨਵਾਦ", "pa"), ("நன்றி", "ta"), ("આભાર", "gu"),
])
def test_confident_language(text, code):
    assert detected_language(text) == (code, True)


@pytest.mark.parametrize("text", ["ok", "W12 0HS", "2", "HA3"])
def test_not_confident_on_words_every_language_uses(text):
    assert detected_language(text)[1] is False


def test_the_conversation_never_asks_which_channel():
    root = pathlib.Path(__file__).resolve().parents[2] / "navigator" / "conversation"
    for path in root.glob("*.py"):
        assert not re.search(r"\.channel\s*(==|!=|in\b)", path.read_text(encoding="utf-8")), path


def test_one_resume_conversation_for_every_channel():
    root = pathlib.Path(__file__).resolve().parents[2] / "navigator"
    for path in (root / "web" / "__init__.py", root / "api" / "chat.py", root / "sms" / "__init__.py"):
        source = path.read_text(encoding="utf-8")
        assert "resume_conversation(" in source and "ConversationState(" not in source, path
