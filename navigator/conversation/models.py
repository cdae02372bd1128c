"""Conversation state kept in the database (Redis keeps the same JSON when REDIS_URL is set)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..directory.models import Base


class Conversation(Base):
    """One resident's conversation: web session token or hashed phone number → JSON state."""

    __tablename__ = "conversation"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
