"""The resident web chat: a plain form that works without JavaScript, enhanced by chat.js."""
from __future__ import annotations

import re
import secrets

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from markupsafe import Markup, escape

from .. import clock, db
from ..conversation import ConversationState, conversation_key, handle_turn, open_store, resume_conversation
from ..i18n import LANGUAGES, direction, native_name, supported

bp = Blueprint("web", __name__)
MAX_TEXT = 1600
# UK numbers residents can tap: 999, 111, 116 123, 0800..., 020..., five-digit text short codes.
_PHONE = re.compile(r"(?<![\w+])(999|111|116 123|0\d{2,4}(?: ?\d){6,8}|\d{5})(?![\w])")


@bp.app_template_filter("telify")
def telify(text: str) -> Markup:
    """Escape text and turn phone numbers into tel: links."""
    def link(match: re.Match) -> str:
        number = match.group(1)
        return f'<a href="tel:{number.replace(" ", "")}" dir="ltr">{number}</a>'

    return Markup(_PHONE.sub(link, str(escape(text))))


def picker_action() -> str:
    """Where the language picker submits: this page's own route, rebuilt by url_for.

    Never `request.path`: `GET /%5Cevil.example/` has the path `/\\evil.example/`, which browsers
    read as `//evil.example/`, another host. Pages without a route (404s) pick on the chat page.
    """
    if request.url_rule is None or request.endpoint in (None, "static"):
        return url_for("web.chat")
    return url_for(request.endpoint, **(request.view_args or {}))


@bp.app_context_processor
def page_language():
    """lang, dir and the language picker for every page."""
    code = str(get_locale() or "en")
    return {
        "page_lang": code,
        "page_dir": direction(code),
        "languages": [(c, native_name(c)) for c in LANGUAGES],
        "text_dir": direction,
        "picker_action": picker_action,
    }


def _conversation(store) -> tuple[ConversationState, bool]:
    """The page's conversation, and whether it is stored already."""
    key = session.get("conversation") or secrets.token_urlsafe(18)
    # The cookie's key goes on even if nothing was stored under it yet (a page view stores nothing).
    # A new conversation starts in the page's language (browser preference), until the resident writes.
    state, stored = resume_conversation(store, "web", key, language=supported(str(get_locale())) or "en", keep_key=True)
    session["conversation"] = conversation_key(state)
    explicit = supported(request.args.get("lang")) or supported(session.get("lang"))
    if explicit and (state.language != explicit or not state.language_explicit):
        state.language, state.language_explicit = explicit, True
    return state, stored


@bp.route("/", methods=["GET", "POST"])
def chat():
    """The chat page; a POST is one turn (then back to the page, so a reload does not resend)."""
    now = clock.now()
    database = db.session()
    store = open_store(current_app, database, now)
    state, stored = _conversation(store)
    error = None
    if request.method == "POST":
        text = (request.form.get("text") or "").strip()
        if not text:
            error = "empty"
        elif len(text) > MAX_TEXT:
            error = "too_long"
        else:
            reply = handle_turn(database, state, text, now=now)
            state.remember_turn(text, reply)
            store.save(state)
            return redirect(url_for("web.chat") + "#latest", code=303)
    if stored or state.worth_keeping():  # a page view alone (a crawler, a first visit) stores nothing
        store.save(state)
    g.conversation_language = state.language
    return render_template(
        "web/chat.html",
        transcript=state.transcript,
        session_key=state.id.removeprefix("web:"),
        error=error,
        max_text=MAX_TEXT,
    ), (400 if error else 200)


from . import report  # noqa: E402,F401  (the "report a problem" page registers on bp)
