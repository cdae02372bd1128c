"""Retention: delete what residents wrote once it is older than a window (`navigator purge --older-than 30d`).

What goes: conversations (web ones hold the page transcript, in the resident's words; SMS ones the
dialogue state) not touched within the window, plus any already expired; and the SMS reply rows
(`sms_message`, kept so a retried MessageSid gets the same answer) older than the window.
What stays: STOP/START choices (`sms_subscriber`, or a number that said STOP would be texted again),
and staff audit rows. Conversations kept in Redis expire on their own after SESSION_TTL_HOURS.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from .conversation.models import Conversation
from .sms.models import SmsMessage

_AGE = re.compile(r"^\s*(\d+)\s*([dh])\s*$", re.IGNORECASE)


def parse_age(text: str) -> dt.timedelta:
    """'30d' or '12h' → a timedelta; ValueError with a plain message otherwise."""
    found = _AGE.match(text or "")
    if not found or int(found.group(1)) == 0:
        raise ValueError(f"{text!r} is not an age: use a whole number of days or hours, e.g. 30d or 12h")
    amount = int(found.group(1))
    return dt.timedelta(days=amount) if found.group(2).lower() == "d" else dt.timedelta(hours=amount)


@dataclass(frozen=True)
class PurgeCounts:
    """Rows older than the window, per table (and per conversation channel)."""

    conversations_web: int
    conversations_sms: int
    sms_messages: int

    def lines(self) -> list[str]:
        return [
            f"conversation (web, with transcripts): {self.conversations_web}",
            f"conversation (sms): {self.conversations_sms}",
            f"sms_message (SMS replies): {self.sms_messages}",
        ]


def _old_conversations(cutoff: dt.datetime, now: dt.datetime):
    return or_(Conversation.updated_at < cutoff, Conversation.expires_at <= now)


def purge(db: Session, older_than: dt.timedelta, now: dt.datetime, dry_run: bool = False) -> PurgeCounts:
    """Count (dry run) or delete the rows older than `older_than` at `now`."""
    cutoff = now - older_than
    old = _old_conversations(cutoff, now)
    by_channel = dict(db.execute(select(Conversation.channel, func.count()).where(old).group_by(Conversation.channel)).all())
    counts = PurgeCounts(
        conversations_web=by_channel.get("web", 0),
        conversations_sms=by_channel.get("sms", 0),
        sms_messages=db.scalar(select(func.count()).select_from(SmsMessage).where(SmsMessage.created_at < cutoff)) or 0,
    )
    if not dry_run:
        db.execute(delete(Conversation).where(old))
        db.execute(delete(SmsMessage).where(SmsMessage.created_at < cutoff))
        db.commit()
    return counts
