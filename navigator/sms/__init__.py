"""SMS through Twilio: POST /sms/inbound (signed webhook in, TwiML reply out)."""
from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, Response, abort, current_app, request
from sqlalchemy.exc import IntegrityError
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from .. import clock, db
from ..conversation import handle_turn, open_store, resume_conversation
from .keywords import keyword_of, keyword_reply
from .models import SmsMessage, SmsSubscriber
from .phone import phone_hash
from .reply import BUDGET, sms_text

bp = Blueprint("sms", __name__, url_prefix="/sms")
log = logging.getLogger(__name__)
MAX_BODY = 1600


def signature_is_valid() -> bool:
    """Twilio's X-Twilio-Signature over PUBLIC_BASE_URL + path and the form fields."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    url = current_app.config["PUBLIC_BASE_URL"] + request.full_path.rstrip("?")
    return RequestValidator(token).validate(url, request.form.to_dict(flat=True), signature)


def twiml(text: str | None) -> Response:
    """A TwiML response with one message, or none."""
    response = MessagingResponse()
    if text:
        response.message(text)
    return Response(str(response), mimetype="application/xml")


def pepper() -> str:
    """PHONE_HASH_PEPPER, or the app's SECRET_KEY when unset (set the pepper in production)."""
    return current_app.config.get("PHONE_HASH_PEPPER") or current_app.config["SECRET_KEY"]


@bp.post("/inbound")
def inbound():
    """Answer a resident's text. Authenticated before anything else; retries get the same reply."""
    if not signature_is_valid():
        abort(403)
    sid = (request.form.get("MessageSid") or "").strip()
    sender = (request.form.get("From") or "").strip()
    if not sid or not sender:
        return twiml(None)
    session = db.session()
    done = session.get(SmsMessage, sid)
    if done is not None:
        return twiml(done.reply or None)

    now = clock.now()
    key = phone_hash(sender, pepper())
    reply = answer(session, key, request.form.get("Body") or "", now)
    session.add(SmsMessage(message_sid=sid, phone_hash=key, reply=reply or "", created_at=now))
    try:
        session.commit()
    except IntegrityError:  # the same MessageSid arrived twice at once: answer as the first did
        session.rollback()
        done = session.get(SmsMessage, sid)
        return twiml(done.reply if done else None)
    log.info("sms answered", extra={"phone_hash": key[:12], "sid": sid})
    return twiml(reply)


def answer(session, key: str, body: str, now: dt.datetime) -> str | None:
    """The reply text for one inbound SMS (None: say nothing, e.g. after STOP)."""
    store = open_store(current_app, session, now)
    state = resume_conversation(store, "sms", key, keep_key=True)
    subscriber = session.get(SmsSubscriber, key)
    keyword = keyword_of(body)
    if keyword in ("stop", "start"):
        if subscriber is None:
            subscriber = SmsSubscriber(phone_hash=key)
            session.add(subscriber)
        subscriber.stopped = keyword == "stop"
        subscriber.language = state.language
        subscriber.updated_at = now
        return keyword_reply(keyword, state.language)
    if subscriber is not None and subscriber.stopped:
        return None
    if keyword == "help":
        return keyword_reply("help", state.language)
    text = body.strip()
    if len(text) > MAX_BODY:
        text = text[:MAX_BODY]
    reply = handle_turn(session, state, text, now=now, budget=BUDGET)
    message = sms_text(reply, state)
    store.save(state)
    return message
