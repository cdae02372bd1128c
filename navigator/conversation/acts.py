"""Reading a resident's short replies: acknowledgements, follow-up questions, commands, numbers.

The phrases are data (directory_data/conversation/acts.yaml, 13 languages); this module only
matches them as whole words on the normalised message, and reads weekday names from Babel's
CLDR data so every locale's own day names work too.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Optional

import yaml
from babel.dates import get_day_names

from ..config import DATA_DIR
from ..i18n import LANGUAGES
from ..triage.normalise import normalise, tokenise

BABEL_LOCALES = {"en": "en_GB", "pa": "pa_Guru"}
FOLLOW_UPS = ("open", "languages_spoken", "walk_in", "distance", "phone")


def words_of(text: str) -> tuple[str, ...]:
    """The message as normalised word tokens (digits kept)."""
    return tuple(t.text for t in tokenise(normalise(text)))


@lru_cache(maxsize=1)
def _data() -> dict:
    with open(DATA_DIR / "conversation" / "acts.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=None)
def phrases(act: str) -> tuple[tuple[str, ...], ...]:
    """Every phrase of an act, in every language, as word tuples (longest first)."""
    found = {words_of(str(p)) for forms in _data()[act].values() for p in forms}
    return tuple(sorted((f for f in found if f), key=len, reverse=True))


def _contains(message: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(message[i : i + n] == phrase for i in range(len(message) - n + 1))


def has(act: str, message: tuple[str, ...]) -> bool:
    """Whether any phrase of `act` appears in the message as whole words."""
    return any(_contains(message, p) for p in phrases(act))


def is_ack(message: tuple[str, ...]) -> bool:
    """'thanks', 'ok, thank you': the message is (almost) only acknowledgement words."""
    if not message or len(message) > 6:
        return False
    covered = set()
    for p in phrases("ack"):
        n = len(p)
        for i in range(len(message) - n + 1):
            if message[i : i + n] == p:
                covered.update(range(i, i + n))
    return len(covered) >= max(1, len(message) - 1)


@lru_cache(maxsize=1)
def _language_words() -> dict[tuple[str, ...], str]:
    from ..triage import supported_languages

    out: dict[tuple[str, ...], str] = {}
    for lang in supported_languages():
        for name in (lang.name, lang.english_name, *lang.aliases):
            key = words_of(name)
            if key and len(key[0]) > 2:
                out.setdefault(key, lang.code)
    for code, forms in _data()["language_words"].items():
        for form in forms:
            key = words_of(str(form))
            if key:
                out[key] = code
    return out


def languages_named_in(message: tuple[str, ...]) -> list[str]:
    """Language codes named anywhere in the message ("do they speak Polish", "answer in English")."""
    found = []
    for key, code in sorted(_language_words().items(), key=lambda kv: len(kv[0]), reverse=True):
        if _contains(message, key) and code not in found:
            found.append(code)
    return found


@lru_cache(maxsize=1)
def _numbers() -> dict[tuple[str, ...], int]:
    out: dict[tuple[str, ...], int] = {}
    for forms in _data()["numbers"].values():
        for i, group in enumerate(forms, 1):
            for form in group:
                out[words_of(str(form))] = i
    return out


def number_of(text: str) -> Optional[int]:
    """A whole-message number in any script ("2", "٢", "২", "two", "dwa", "dos"), else None."""
    raw = text.strip().strip(".!?)#").strip()
    digits = "".join(str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c for c in raw)
    if re.fullmatch(r"\d{1,2}", digits):
        return int(digits)
    key = words_of(text)
    if key in _numbers():
        return _numbers()[key]
    return None


@lru_cache(maxsize=1)
def _weekdays() -> dict[tuple[str, ...], int]:
    """Day names → weekday (Monday 0): CLDR names of every locale plus acts.yaml's extra forms."""
    out: dict[tuple[str, ...], int] = {}
    for code in LANGUAGES:
        locale = BABEL_LOCALES.get(code, code)
        for width in ("wide", "abbreviated"):
            for day, name in get_day_names(width, locale=locale).items():
                key = words_of(name)
                if key and len("".join(key)) > 2:
                    out.setdefault(key, day)
    for forms in _data()["weekdays"].values():
        for day, group in enumerate(forms):
            for form in group:
                out[words_of(str(form))] = day
    return out


def asked_day(message: tuple[str, ...], today: dt.date) -> Optional[dt.date]:
    """The day a follow-up asks about: a weekday name (the next one, today included) or 'tomorrow'."""
    if has("tomorrow", message):
        return today + dt.timedelta(days=1)
    names = sorted(_weekdays().items(), key=lambda kv: len(kv[0]), reverse=True)
    for key, day in names:
        if _contains(message, key):
            return today + dt.timedelta(days=(day - today.weekday()) % 7)
    # An inflected day name ("રવિવારે", "niedzielę" as "niedziele"): the name plus a short ending.
    for key, day in names:
        if len(key) == 1 and len(key[0]) >= 4:
            if any(w.startswith(key[0][:-1]) and 0 <= len(w) - len(key[0]) <= 3 for w in message):
                return today + dt.timedelta(days=(day - today.weekday()) % 7)
    return None


_TIME = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\b")


def asked_time(text: str) -> Optional[tuple[int, int]]:
    """'at 8pm', '20:00', '8.30' → (hour, minute); None without a time."""
    for m in _TIME.finditer(normalise(text)):
        hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
        if not (m.group(2) or half):
            continue
        if half == "pm" and hour < 12:
            hour += 12
        if half == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return hour, minute
    return None


def follow_up_words(message: tuple[str, ...]) -> set[str]:
    """The message's words that belong to follow-up phrases (about listed services, not a need)."""
    out: set[str] = set()
    for act in FOLLOW_UPS + ("now", "tomorrow"):
        for p in phrases(act):
            if _contains(message, p):
                out.update(p)
    # Day names ("ravivare", "Sunday") ask about opening, not about out-of-hours care.
    for key in _weekdays():
        if len(key) == 1 and len(key[0]) >= 3:
            out.update(w for w in message if w == key[0] or (len(key[0]) >= 4 and w.startswith(key[0][:-1])
                                                            and 0 <= len(w) - len(key[0]) <= 3))
    return out


def follow_up_of(message: tuple[str, ...]) -> Optional[str]:
    """Which question about the listed services the message asks, if any."""
    for act in ("languages_spoken", "walk_in", "distance", "phone", "open"):
        if has(act, message):
            return act
    return None
