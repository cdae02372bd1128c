"""Residents see replies in their own language: no English sentence except service names and addresses."""
from __future__ import annotations

import re

import pytest
import yaml

from navigator.config import DATA_DIR
from navigator.i18n import LANGUAGES
from tests.i18n.test_catalogs import PLACEHOLDER, resident_messages

TARGETS = [code for code in LANGUAGES if code != "en"]


def english_fragments() -> set[str]:
    """Literal pieces of the English source messages long enough to be a tell-tale sentence."""
    fragments = set()
    for singular, plural in resident_messages().values():
        for text in (singular, plural or ""):
            for piece in PLACEHOLDER.split(text):
                piece = piece.strip(" .,:;()-")
                if len(piece.split()) >= 3 and len(piece) >= 12:
                    fragments.add(piece)
    return fragments


def lexicon_phrase(code: str, need: str) -> str:
    """A phrase of the language's own lexicon for a need (the engine's data, not the eval set)."""
    lexicon = yaml.safe_load((DATA_DIR / "triage" / "lexicon" / f"{code}.yaml").read_text(encoding="utf-8"))
    return lexicon["needs"][need][0]


def assert_no_english(reply: dict) -> None:
    text = reply["reply"]
    leaked = [f for f in english_fragments() if f in text]
    assert not leaked, leaked


def chat(client, text, **extra):
    response = client.post("/api/v1/chat", json={"text": text, **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("code", TARGETS)
def test_services_reply_in_the_language(client, code):
    first = chat(client, lexicon_phrase(code, "sore_throat"), lang=code)
    assert first["language"] == code and first["route"] == "pharmacy"
    assert_no_english(first)  # the postcode question
    second = chat(client, "W12 0HS", session=first["session"])
    assert second["language"] == code and second["services"]
    assert_no_english(second)
    more = chat(client, "more", session=first["session"])
    assert_no_english(more)


@pytest.mark.parametrize("code", TARGETS)
def test_crisis_reply_in_the_language(client, code):
    reply = chat(client, lexicon_phrase(code, "suicidal_thoughts"), lang=code, location="Ealing")
    assert reply["route"] in ("crisis", "emergency") and reply["language"] == code
    assert "116 123" in reply["reply"] or "999" in reply["reply"]
    assert_no_english(reply)


@pytest.mark.parametrize("code", TARGETS)
def test_language_named_switches_and_confirms_in_it(client, code):
    from navigator.i18n import native_name

    reply = chat(client, native_name(code))
    assert reply["language"] == code
    assert_no_english(reply)
    assert not re.search(r"\bEnglish\b", reply["reply"])
