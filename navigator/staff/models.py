"""Staff accounts and the audit of what staff texted to residents."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..directory.models import Base
from .pages import lazy_gettext as _l

ROLES = ("prescriber", "call_handler", "editor", "admin")
ROLE_LABELS = {
    "prescriber": _l("Social prescriber / link worker"),
    "call_handler": _l("NHS 111 call handler"),
    "editor": _l("Directory editor"),
    "admin": _l("Administrator"),
}


class User(Base):
    """A staff account: one role, a scrypt password hash (werkzeug), never the password."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[Optional[str]] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    # Stored in each session at sign-in; signing out adds one, so every earlier session cookie stops working.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of `password`."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Whether `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: str) -> bool:
        """Admins may do everything; others only what their own role allows."""
        return self.role == "admin" or self.role in roles

    @property
    def display_name(self) -> str:
        return self.name or self.email


class SendAudit(Base):
    """One text sent to a resident: who sent it, when, which services — the number only as a keyed hash."""

    __tablename__ = "staff_send_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    service_ids: Mapped[str] = mapped_column(String(500))  # comma-separated, in message order
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(8))
    segments: Mapped[int] = mapped_column(Integer)
    encoding: Mapped[str] = mapped_column(String(8))
    sender: Mapped[str] = mapped_column(String(16))  # twilio | logging
    provider_id: Mapped[Optional[str]] = mapped_column(String(64))  # e.g. Twilio's message SID
    status: Mapped[str] = mapped_column(String(16))  # sent | failed | opted_out (the number said STOP)
    error: Mapped[Optional[str]] = mapped_column(Text)

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def service_id_list(self) -> list[int]:
        return [int(part) for part in self.service_ids.split(",") if part]
