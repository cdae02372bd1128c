"""Carrier keywords (STOP, START, HELP and their synonyms), handled before any conversation."""
from __future__ import annotations

from typing import Optional

from ..conversation.words import Words
from ..text import strip_format

STOP_WORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit"})
START_WORDS = frozenset({"start", "unstop", "yes"})
HELP_WORDS = frozenset({"help", "info"})


def keyword_of(body: str) -> Optional[str]:
    """'stop', 'start' or 'help' when the whole message is such a keyword, else None."""
    # NFKC folds full-width 'ＳＴＯＰ'; dropping format characters undoes zero-width padding and bidi marks.
    word = strip_format(body or "").strip().strip(".!").casefold()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    if word in HELP_WORDS:
        return "help"
    return None


def keyword_reply(keyword: str, language: str) -> str:
    """The confirmation for a keyword, in the resident's language."""
    w = Words(language)
    if keyword == "stop":
        return w.gettext("You will not get any more messages from navigator. Reply START to use it again. In an emergency call 999.")
    if keyword == "start":
        return w.gettext("Welcome back to navigator. Tell me what you need help with and your postcode. In an emergency call 999.")
    return w.gettext(
        "navigator helps you find NHS and local services in North West London. Text what you need and your "
        "postcode. Reply STOP to stop. In an emergency call 999."
    )
