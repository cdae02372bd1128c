"""SMS through Twilio: POST /sms/inbound (signed webhook in, TwiML reply out)."""
from __future__ import annotations

import datetime as dt
import logging
import re

from flask import Blueprint, Response, abort, current_app, request
from sqlalchemy import delete
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


# Characters XML 1.0 forbids (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF): one would
# make the whole TwiML unparseable, and Twilio would send the resident nothing.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def twiml(text: str | None) -> Response:
    """A TwiML response with one message, or none."""
    response = MessagingResponse()
    text = _NOT_XML.sub("", text or "")
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
    # Claim the MessageSid first (its primary key lets one request win): parallel retries of one
    # message are answered once, and the losers say what the winner stored (or nothing yet).
    claim = SmsMessage(message_sid=sid, phone_hash=key, reply="", created_at=now)
    session.add(claim)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        done = session.get(SmsMessage, sid)
        return twiml(done.reply if done else None)
    try:
        reply = _answer_and_store(session, claim, request.form.get("Body") or "", now)
    except Exception:
        session.rollback()  # give the claim back, so Twilio's retry of this message is answered
        session.execute(delete(SmsMessage).where(SmsMessage.message_sid == sid, SmsMessage.reply == ""))
        session.commit()
        raise
    log.info("sms answered", extra={"phone_hash": key[:12], "sid": sid})
    return twiml(reply)


def _answer_and_store(session, claim: SmsMessage, body: str, now: dt.datetime) -> str | None:
    """Answer and store the reply; once more when another message from the same new number created
    its conversation (or subscriber row) meanwhile: that state now exists, so load it and go on."""
    for attempt in (1, 2):
        try:
            reply = answer(session, claim.phone_hash, body, now)
            claim.reply = reply or ""
            session.add(claim)
            session.commit()
            return reply
        except IntegrityError:
            session.rollback()
            if attempt == 2:
                raise
    return None


def answer(session, key: str, body: str, now: dt.datetime) -> str | None:
    """The reply text for one inbound SMS (None: say nothing, e.g. after STOP)."""
    store = open_store(current_app, session, now)
    state, _stored = resume_conversation(store, "sms", key, keep_key=True)
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
    if keyword == "help":  # carriers expect HELP to be answered even after STOP
        return keyword_reply("help", (subscriber.language if subscriber else None) or state.language)
    if subscriber is not None and subscriber.stopped:
        return None
    text = body.strip()
    if len(text) > MAX_BODY:
        text = text[:MAX_BODY]
    reply = handle_turn(session, state, text, now=now, budget=BUDGET)
    message = sms_text(reply, state)
    store.save(state)
    return message
