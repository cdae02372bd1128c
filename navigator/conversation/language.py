"""Which language a resident's latest message is in, and whether that is clear enough to follow.

Triage's detector always names a language (English when nothing tells); a reply should only
switch language when the message says so with confidence: its own script, or words that belong
to that language rather than to many ("thanks", "gracias" yes; "ok", "W12 0HS" no).
"""
from __future__ import annotations

import re
from typing import Optional

from ..triage.language import SCRIPT_LANGS, detect
from ..triage.lexicon import get_index
from ..triage.normalise import LATIN, normalise, tokenise

_POSTCODE_LIKE = re.compile(r"^[a-z]{1,2}\d[a-z\d]?$|^\d[a-z]{2}$")
_DIACRITICS = {
    "pl": re.compile("[ąćęłńśźż]"), "ro": re.compile("[ăîșțşţâ]"), "pt": re.compile("[ãõçêô]"),
    "es": re.compile("[ñ¿¡]"),
}


def detected_language(text: str, strict: bool = False) -> tuple[str, bool]:
    """(language code, confident?) for one message. `strict`: the conversation already has a
    language, so a few Latin words that several languages share are not enough to leave it."""
    tokens = tokenise(normalise(text))
    if not tokens:
        return "en", False
    index = get_index()
    code = detect(text, tokens, index)
    native = sum(len(t.text) for t in tokens if t.script in SCRIPT_LANGS)
    if native >= 3:
        return code, True
    words = [t for t in tokens if t.script == LATIN and not _POSTCODE_LIKE.match(t.text)]
    if not words:
        return code, False
    evidence = 0.0
    for t in words:
        share = index.word_langs.get(t.text, {}).get(code, 0.0)
        if code in index.markers and t.text in index.markers[code]:
            share = max(share, 0.6)
        evidence += share
    marks = _DIACRITICS.get(code)
    if marks and marks.search(text.casefold()):
        evidence += 1.0
    needed = 0.9 if len(words) <= 2 else 1.5
    if strict:
        needed = max(needed, 2.0) if len(words) > 3 else float("inf")
    return code, evidence >= needed


def confident_language(text: str) -> Optional[str]:
    """The message's language when detected with confidence, else None."""
    code, sure = detected_language(text)
    return code if sure else None


__all__ = ["confident_language", "detected_language"]
