"""Outbound SMS: a pluggable sender (Twilio's REST API, or a logging sender) and service details as a text.

`sender_for(app)` picks Twilio when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER
are all set, else the logging sender, which sends nothing: it logs a masked number and the text
and keeps the messages in memory (for tests and demos).
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Optional, Protocol, Sequence

from ..i18n import translator
from .phone import masked
from .segments import SmsSize, fold_punctuation, sms_size

log = logging.getLogger(__name__)
MAX_SEGMENTS = 3


@dataclass(frozen=True)
class SendResult:
    """What the provider said: an id to trace the message, and whether it was accepted."""

    ok: bool
    provider_id: Optional[str] = None
    error: Optional[str] = None


class Sender(Protocol):
    """Anything that can text a UK mobile number."""

    name: str

    def send(self, to: str, body: str) -> SendResult: ...


@dataclass
class OutboundSms:
    """A message the logging sender 'sent' (held in memory only, never stored or logged in clear)."""

    to: str
    body: str
    sent_at: dt.datetime


@dataclass
class LoggingSender:
    """Sends nothing: logs the masked number and the text, and keeps the message in `outbox`."""

    name: str = "logging"
    outbox: list[OutboundSms] = field(default_factory=list)

    def send(self, to: str, body: str) -> SendResult:
        """Record the message as sent."""
        log.info("SMS not sent (logging sender) to %s: %s", masked(to), body)
        self.outbox.append(OutboundSms(to, body, dt.datetime.now(dt.timezone.utc)))
        return SendResult(True, f"logged-{len(self.outbox)}")


class TwilioSender:
    """Sends through Twilio's Messages REST API."""

    name = "twilio"

    def __init__(self, account_sid: str, auth_token: str, from_number: str):
        from twilio.rest import Client

        self.client = Client(account_sid, auth_token)
        self.from_number = from_number

    def send(self, to: str, body: str) -> SendResult:
        """Create the message; a refusal by Twilio is a failed result, not an exception."""
        from twilio.base.exceptions import TwilioException

        try:
            message = self.client.messages.create(to=to, from_=self.from_number, body=body)
        except TwilioException as exc:
            log.warning("Twilio refused an SMS to %s: %s", masked(to), exc)
            return SendResult(False, None, str(exc)[:500])
        return SendResult(True, message.sid)


OPTED_OUT = "opted_out"


def send_sms(db, sender: Sender, to: str, body: str, pepper: str) -> SendResult:
    """The one way navigator texts a number first: refused, without contacting the provider, after STOP.

    (Replies to an inbound text go back as TwiML and are checked in the same way, with `opted_out`.)
    """
    from .models import opted_out
    from .phone import phone_hash

    if opted_out(db, phone_hash(to, pepper)):
        log.info("SMS not sent to %s: the number has replied STOP", masked(to))
        return SendResult(False, None, OPTED_OUT)
    return sender.send(to, body)


def sender_for(app) -> Sender:
    """The app's sender, made once: Twilio when its three settings are present, else logging."""
    sender = app.extensions.get("sms_sender")
    if sender is None:
        cfg = app.config
        if cfg.get("TWILIO_ACCOUNT_SID") and cfg.get("TWILIO_AUTH_TOKEN") and cfg.get("TWILIO_FROM_NUMBER"):
            sender = TwilioSender(cfg["TWILIO_ACCOUNT_SID"], cfg["TWILIO_AUTH_TOKEN"], cfg["TWILIO_FROM_NUMBER"])
        else:
            sender = LoggingSender()
        app.extensions["sms_sender"] = sender
    return sender


# --- service details as one text ------------------------------------------------------------------


class TextService(Protocol):
    """What a service needs to offer to be texted."""

    id: int
    name: str
    phone: Optional[str]
    address: Optional[str]
    postcode: Optional[str]
    url: Optional[str]


@dataclass(frozen=True)
class ServicesText:
    """A text ready to send: its size, and which services it holds or had to leave out."""

    body: str
    size: SmsSize
    included: list[int]
    dropped: list[int]


def _block(service: TextService, gettext, full: bool) -> str:
    lines = [service.name]
    if service.phone:
        lines.append(gettext("Tel: %(phone)s") % {"phone": service.phone})
    if getattr(service, "sms", None) and (full or not service.phone):
        lines.append(gettext("Text: %(number)s") % {"number": service.sms})
    if full:
        where = ", ".join(part for part in (service.address, service.postcode) if part)
        if where:
            lines.append(where)
    if service.url and (full or not service.phone):
        lines.append(service.url)
    return "\n".join(lines)


def services_text(services: Sequence[TextService], language: str, max_segments: int = MAX_SEGMENTS) -> ServicesText:
    """The services' details in the resident's language within `max_segments` SMS parts.

    Services go in order; one that does not fit is tried without its address, and when it still
    does not fit it and the ones after it are left out — a word is never cut.
    """
    gettext = translator(language).gettext
    header = gettext("Services we talked about:")
    footer = gettext("In an emergency call 999.")
    blocks: list[str] = []
    included: list[int] = []
    for position, service in enumerate(services):
        for full in (True, False):
            candidate = "\n\n".join([header, *blocks, _block(service, gettext, full), footer])
            if sms_size(fold_punctuation(candidate)).segments <= max_segments:
                blocks.append(_block(service, gettext, full))
                included.append(service.id)
                break
        else:
            dropped = [s.id for s in services[position:]]
            break
    else:
        dropped = []
    body = fold_punctuation("\n\n".join([header, *blocks, footer]))
    return ServicesText(body, sms_size(body), included, dropped)
