"""Text normalisation and tokenising shared by lexicons and incoming messages."""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Script classes a token can belong to.
LATIN, ARABIC, GUJARATI, TAMIL, BENGALI, GURMUKHI, DIGITS, OTHER = (
    "Latn", "Arab", "Gujr", "Taml", "Beng", "Guru", "Digit", "Other",
)
INDIC = frozenset({GUJARATI, TAMIL, BENGALI, GURMUKHI})


def _build_table() -> dict[int, str]:
    """One translate() table: digits to ASCII, letter variants unified, invisible marks dropped."""
    table: dict[int, str] = {}
    for cp in range(0x80, 0x3000):
        ch = chr(cp)
        if unicodedata.category(ch) == "Nd":
            table[cp] = str(unicodedata.decimal(ch))
    # Latin: strip accents; letters with no decomposition are mapped by hand.
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        if not unicodedata.category(ch).startswith("L"):
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii():
            table[cp] = base.casefold()
    table.update({ord(k): v for k, v in {
        "ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th", "ħ": "h",
    }.items()})
    # Arabic script: one form per letter, so Arabic, Persian, Urdu and Shahmukhi keyboards agree.
    table.update({ord(k): v for k, v in {
        "ي": "ی", "ى": "ی", "ئ": "ی", "ے": "ی", "ۓ": "ی", "ې": "ی", "ۍ": "ی",
        "ك": "ک", "ڪ": "ک",
        "ة": "ه", "ۀ": "ه", "ۂ": "ه", "ہ": "ه", "ھ": "ه", "ۃ": "ه",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ؤ": "و", "ں": "ن",
        "،": ",", "؛": ";", "؟": "?", "۔": ".", "٪": "%", "٫": ".", "٬": ",",
        "\u0640": "",  # tatweel
        "।": ".", "॥": ".",
    }.items()})
    for cp in list(range(0x0610, 0x061B)) + list(range(0x064B, 0x0660)) + [0x0670] + list(range(0x06D6, 0x06EE)):
        table[cp] = ""  # harakat and Quranic marks
    # Indic marks residents often leave out: chandrabindu, Gurmukhi addak; tippi written as bindi.
    table.update({0x0981: "", 0x0A81: "", 0x0A01: "", 0x0A71: "", 0x0A70: "\u0a02"})
    # Invisible format characters: zero-width (non-)joiners, bidi controls, BOM, soft hyphen.
    for cp in [0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF] + list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)):
        table[cp] = ""
    for ch in "’‘`´ʼ'":
        table[ord(ch)] = ""  # apostrophes vanish: don't -> dont
    return table


_TABLE = _build_table()
_LATIN_MARKS = re.compile(r"(?<=[a-z])[\u0300-\u036f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ELONGATED = re.compile(r"([a-z\u0621-\u064a\u067e-\u06d3])\1{2,}")  # "paaain", "sooo", "helllp"
_A_AND_E = re.compile(r"(?<![a-z0-9])a\s*[&+]\s*e(?![a-z0-9])")  # "A&E", "a & e": one word


def normalise(text: str) -> str:
    """NFKC, case folded, Latin accents stripped, Arabic-script variants unified, native digits as ASCII."""
    text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_TABLE)
    text = _LATIN_MARKS.sub("", text)
    return _A_AND_E.sub(" aande ", text) if "&" in text or "+" in text else text


class Token(NamedTuple):
    """A word of a normalised message: its text, script class, clause and sentence numbers."""

    text: str
    script: str
    clause: int
    sentence: int = 0


_ARABIC_CLASS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
_TOKEN = re.compile(
    r"(?P<Latn>[a-z0-9\u00c0-\u024f\u1e00-\u1eff]*[a-z\u00c0-\u024f\u1e00-\u1eff][a-z0-9\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]*)"
    r"|(?P<Digit>[0-9]+(?:[.,][0-9]+)?)"
    rf"|(?P<Arab>[{_ARABIC_CLASS}]+)"
    r"|(?P<Gujr>[\u0a80-\u0aff]+)"
    r"|(?P<Taml>[\u0b80-\u0bff]+)"
    r"|(?P<Beng>[\u0980-\u09ff]+)"
    r"|(?P<Guru>[\u0a00-\u0a7f]+)"
    r"|(?P<Other>[^\W\d_][^\W_]*)"
    r"|(?P<Break>[.!?;:,\n\r()\[\]|/\u2026\u3002]+)"
)

_SENTENCE_END = re.compile(r"[.!?\n\r\u2026\u3002]")


def tokenise(normalised: str) -> list[Token]:
    """Split normalised text into word tokens; punctuation starts a new clause, and . ! ? or a line break a new sentence."""
    tokens: list[Token] = []
    clause = sentence = 0
    for m in _TOKEN.finditer(normalised):
        kind = m.lastgroup
        if kind == "Break":
            clause += 1
            if _SENTENCE_END.search(m.group()):
                sentence += 1
        else:
            tokens.append(Token(m.group(), kind, clause, sentence))
    return tokens


def script_of(ch: str) -> str | None:
    """The script class of one character, or None for non-letters."""
    cp = ord(ch)
    if ch.isascii():
        return LATIN if ch.isalpha() else None
    if 0x00C0 <= cp <= 0x024F or 0x1E00 <= cp <= 0x1EFF:
        return LATIN
    if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFEFC:
        return ARABIC if unicodedata.category(ch).startswith(("L", "M")) else None
    if 0x0A80 <= cp <= 0x0AFF:
        return GUJARATI
    if 0x0B80 <= cp <= 0x0BFF:
        return TAMIL
    if 0x0980 <= cp <= 0x09FF:
        return BENGALI
    if 0x0A00 <= cp <= 0x0A7F:
        return GURMUKHI
    return OTHER if ch.isalpha() else None

