"""POST /api/v1/chat: one turn of a web conversation."""
from flask import current_app, jsonify, request
from flask import session as flask_session

from .. import clock, db
from ..conversation import conversation_key, handle_turn, open_store, resume_conversation
from ..directory.present import service_summary
from ..i18n import LANGUAGES, direction, supported
from ..errors import ApiError
from . import bp
from .params import json_body, text_field


def reply_json(reply) -> dict:
    """The contract's chat response."""
    return {
        "session": reply.session,
        "language": reply.language,
        "route": reply.route,
        "reply": reply.text,
        "services": [service_summary(h.service, h.state, h.distance_km) for h in reply.services],
        "next": reply.next,
        "lines": reply.lines,
        "blocks": reply.blocks,
        "tail": reply.tail,
        "dir": direction(reply.language),
    }


@bp.post("/api/v1/chat")
def chat():
    """Answer a resident's message, keeping context in `session` across turns."""
    data = json_body(request)
    text = text_field(data)
    lang = data.get("lang")
    if lang is not None and not supported(lang if isinstance(lang, str) else None):
        raise ApiError("unsupported_language", "lang is not a language navigator speaks")
    location = data.get("location")
    if location is not None and (not isinstance(location, str) or len(location) > 100):
        raise ApiError("invalid_location", "location must be a postcode or place name of at most 100 characters")
    session_id = data.get("session")
    if session_id is not None and (not isinstance(session_id, str) or not 8 <= len(session_id) <= 64):
        raise ApiError("invalid_session", "session must be the string returned by a previous reply")
    now = clock.now()
    session = db.session()
    store = open_store(current_app, session, now)
    # An unknown session gets a new id, never one the client chose, except the chat page's own key from
    # our signed cookie (the page stores nothing until there is something to remember).
    own_page = session_id is not None and session_id == flask_session.get("conversation")
    state, stored = resume_conversation(store, "web", session_id, keep_key=own_page,
                                        language=request.accept_languages.best_match(LANGUAGES) or "en")
    reply = handle_turn(session, state, text, now=now, location=location, lang=supported(lang) if lang else None)
    state.remember_turn(text, reply)
    if stored or state.worth_keeping():  # a first "hi" with nothing to remember stores no row
        store.save(state)
    body = reply_json(reply)
    body["session"] = conversation_key(state)
    return jsonify(body)
