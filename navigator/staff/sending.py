"""Texting service details to a resident: compose in their language, send, and audit without the number."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..sms.phone import masked, normalise_uk_mobile, phone_hash
from ..sms.sender import OPTED_OUT, Sender, ServicesText, send_sms, services_text
from .models import SendAudit, User
from ..directory.search import IndexedService


class NothingToSend(ValueError):
    """No chosen service fits in a text."""


@dataclass(frozen=True)
class SendOutcome:
    """The audit row, the text as sent and the number as staff may see it (masked)."""

    audit: SendAudit
    text: ServicesText
    masked_number: str


def send_services(
    db: Session,
    sender: Sender,
    user: User,
    services: Sequence[IndexedService],
    mobile: str,
    language: str,
    pepper: str,
    now: dt.datetime,
) -> SendOutcome:
    """Compose, send and audit (who, when, which services, hashed number, language, segments)."""
    number = normalise_uk_mobile(mobile)
    if number is None:
        raise ValueError("not a UK mobile number")
    text = services_text(services, language)
    if not text.included:
        raise NothingToSend(_("These details are too long for a text message."))
    result = send_sms(db, sender, number, text.body, pepper)
    audit = SendAudit(
        user_id=user.id,
        sent_at=now,
        service_ids=",".join(str(i) for i in text.included),
        phone_hash=phone_hash(number, pepper),
        language=language,
        segments=text.size.segments,
        encoding=text.size.encoding,
        sender=sender.name,
        provider_id=result.provider_id,
        status="sent" if result.ok else (OPTED_OUT if result.error == OPTED_OUT else "failed"),
        error=result.error,
    )
    db.add(audit)
    db.commit()
    return SendOutcome(audit, text, masked(number))
