"""Languages and translations: one Babel catalog per language under translations/.

Used by web pages (through Flask-Babel) and by the channel-free conversation code (through
`translator(code)`), so an SMS reply and a web page say the same words.
"""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.support import NullTranslations, Translations

from .config import REPO_ROOT

TRANSLATIONS_DIR = REPO_ROOT / "translations"
LANGUAGES = ("en", "pl", "ro", "ar", "so", "pt", "es", "gu", "ur", "ta", "fa", "bn", "pa")
RTL_LANGUAGES = frozenset({"ar", "ur", "fa"})


def supported(code: str | None) -> str | None:
    """A supported language code from a BCP 47 tag ('pl-PL' → 'pl'), else None."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def direction(code: str) -> str:
    """'rtl' for Arabic, Urdu and Farsi, else 'ltr'."""
    return "rtl" if code in RTL_LANGUAGES else "ltr"


def native_name(code: str) -> str:
    """The language's own name ('pl' → 'polski')."""
    return Locale.parse(code).get_display_name(code) or code


@lru_cache(maxsize=None)
def translator(code: str) -> NullTranslations:
    """The gettext catalog for a language (English source strings when none is compiled)."""
    if code == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [code], domain="messages")


def select_locale() -> str:
    """Flask-Babel locale: ?lang= > stored choice > conversation language > Accept-Language > en."""
    from flask import g, request, session

    explicit = supported(request.args.get("lang"))
    if explicit:
        session["lang"] = explicit
        return explicit
    stored = supported(session.get("lang"))
    if stored:
        return stored
    conversation = supported(g.get("conversation_language"))
    if conversation:
        return conversation
    best = request.accept_languages.best_match(LANGUAGES)
    return best or "en"
