"""Problem reports about a service ("this number didn't work") from residents and staff, and the editors' queue."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock
from .audit import utc
from .checks import NOTE_MAX, clean_text
from .models import Feedback, Service
from .review import light_loading

FEEDBACK_MAX = 1000


class FeedbackError(ValueError):
    """A problem report was refused (empty, too long, or the service does not exist)."""


def clean_message(text: Optional[str], limit: int = FEEDBACK_MAX) -> str:
    """Report text without control characters; raises FeedbackError when empty or too long."""
    cleaned = clean_text(text, limit + 1)
    if not cleaned:
        raise FeedbackError("Please say what is wrong.")
    if len(cleaned) > limit:
        raise FeedbackError(f"Please use at most {limit} characters.")
    return cleaned


def report_problem(db: Session, service_id: int, message: str, *, reporter: str, reporter_name: Optional[str] = None,
                   now: Optional[dt.datetime] = None) -> Feedback:
    """Queue a report about a service for the editors ("this number didn't work")."""
    if reporter not in ("resident", "staff"):
        raise FeedbackError("reporter must be resident or staff")
    if db.get(Service, service_id) is None:
        raise FeedbackError("There is no such service.")
    item = Feedback(service_id=service_id, reporter=reporter, reporter_name=clean_text(reporter_name, 255),
                    message=clean_message(message), status="open", created_at=utc(now or clock.now()))
    db.add(item)
    db.commit()
    return item


def open_feedback(db: Session, service_id: Optional[int] = None, *, status: str = "open", limit: int = 200) -> list[tuple[Feedback, Service]]:
    """Reports with their service, oldest first (the queue), optionally for one service."""
    stmt = light_loading(select(Feedback, Service).join(Service, Service.id == Feedback.service_id)).where(Feedback.status == status)
    if service_id is not None:
        stmt = stmt.where(Feedback.service_id == service_id)
    order = (Feedback.created_at.asc(), Feedback.id.asc()) if status == "open" else (Feedback.resolved_at.desc(), Feedback.id.desc())
    return [tuple(row) for row in db.execute(stmt.order_by(*order).limit(limit))]


def count_open_feedback(db: Session) -> int:
    """How many reports wait for an editor."""
    return db.scalar(select(func.count(Feedback.id)).where(Feedback.status == "open")) or 0


def resolve_feedback(db: Session, feedback_id: int, actor: str, note: Optional[str], now: Optional[dt.datetime] = None) -> Feedback:
    """Close a report with what was done about it."""
    item = db.get(Feedback, feedback_id)
    if item is None:
        raise FeedbackError("There is no such report.")
    if item.status != "open":
        raise FeedbackError("This report was already resolved.")
    item.status, item.resolved_at, item.resolved_by = "resolved", utc(now or clock.now()), actor
    item.resolution_note = clean_message(note, NOTE_MAX)
    db.commit()
    return item
