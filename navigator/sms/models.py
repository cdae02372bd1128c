"""SMS bookkeeping: processed Twilio messages (for idempotency) and STOP/START state."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..directory.models import Base


class SmsMessage(Base):
    """An inbound message already answered: a retry with the same MessageSid gets the same reply."""

    __tablename__ = "sms_message"

    message_sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    reply: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SmsSubscriber(Base):
    """Whether a (hashed) number has said STOP, and the language to answer it in."""

    __tablename__ = "sms_subscriber"

    phone_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(8))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def opted_out(db, phone_hash: str) -> bool:
    """Whether this (hashed) number has said STOP and not START since: nothing may be sent to it."""
    subscriber = db.get(SmsSubscriber, phone_hash)
    return subscriber is not None and bool(subscriber.stopped)
