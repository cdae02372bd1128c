"""Conversation state and where it is kept: the database, or Redis when REDIS_URL is set."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Optional, Protocol

from sqlalchemy import delete
from sqlalchemy.orm import Session

from .models import Conversation


@dataclass
class ConversationState:
    """What navigator remembers between a resident's messages."""

    id: str
    channel: str = "web"  # where it is kept (the store's row); the turn never reads it
    language: str = "en"
    language_explicit: bool = False  # chosen by name: holds until the resident writes confidently in another
    place: Optional[dict] = None  # {"label", "lat", "lon", "borough", "precision"}
    route: Optional[str] = None
    needs: list[str] = field(default_factory=list)
    age: Optional[int] = None
    who: str = "self"  # "self" or "other" (someone asking for another person)
    child: bool = False
    offset: int = 0  # how many results of the current route were shown
    shown: list[int] = field(default_factory=list)  # service ids of the last numbered list
    named: list[int] = field(default_factory=list)  # every service named in the last reply (follow-ups)
    pending: Optional[str] = None  # open question: "location" | "choice" (the numbered menu) | "offer"
    offer: Optional[dict] = None  # the second need offered: {"route", "needs", "number"}
    last: dict = field(default_factory=dict)  # the last reply: {"route", "language", "next"}
    turns: int = 0
    transcript: list[dict] = field(default_factory=list)  # web only: what the page shows without JavaScript

    TRANSCRIPT_LIMIT = 30

    def remember_turn(self, text: str, reply) -> None:
        """Keep both sides of a web turn for the page's transcript (only as long as the conversation)."""
        self.transcript.append({"who": "you", "lang": self.language, "lines": [text], "blocks": [], "tail": []})
        # Service ids beside their blocks, for each card's "report a problem" link.
        ids = [hit.service.id for hit in reply.services] if len(reply.services) == len(reply.blocks) else []
        self.transcript.append(
            {"who": "navigator", "lang": reply.language, "lines": reply.lines, "blocks": reply.blocks, "tail": reply.tail, "ids": ids}
        )
        del self.transcript[: -self.TRANSCRIPT_LIMIT]

    def worth_keeping(self) -> bool:
        """Whether the next turn needs anything from this one: a question asked, a place, a need or
        list to go on with, a chosen language. A first "hi" has none, so it is not stored (issue 15)."""
        # The numbered menu needs no memory: its numbers mean the same in every conversation (turn.py).
        return bool((self.pending and self.pending != "choice") or self.place or self.route or self.needs
                    or self.shown or self.named or self.offer or self.language_explicit or self.age is not None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> "ConversationState":
        data = json.loads(raw)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class StateStore(Protocol):
    """Load and save conversation state with an expiry."""

    def load(self, key: str) -> Optional[ConversationState]: ...

    def save(self, state: ConversationState) -> None: ...

    def delete(self, key: str) -> None: ...


class DatabaseStore:
    """State in the `conversation` table; expired rows are ignored and purged."""

    def __init__(self, db: Session, ttl: dt.timedelta, now: dt.datetime):
        self.db, self.ttl, self.now = db, ttl, now

    def load(self, key: str) -> Optional[ConversationState]:
        row = self.db.get(Conversation, key)
        if row is None:
            return None
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.timezone.utc)
        if expires <= self.now:
            self.db.delete(row)
            self.db.commit()
            return None
        return ConversationState.from_json(row.data)

    def save(self, state: ConversationState) -> None:
        row = self.db.get(Conversation, state.id) or Conversation(id=state.id, channel=state.channel)
        row.data = state.to_json()
        row.updated_at = self.now
        row.expires_at = self.now + self.ttl
        self.db.add(row)
        self.db.commit()

    def delete(self, key: str) -> None:
        self.db.execute(delete(Conversation).where(Conversation.id == key))
        self.db.commit()

    def purge_expired(self) -> int:
        """Delete expired conversations; returns how many."""
        result = self.db.execute(delete(Conversation).where(Conversation.expires_at <= self.now))
        self.db.commit()
        return result.rowcount or 0


class RedisStore:
    """State as JSON under `navigator:conversation:<key>`, expiring by Redis TTL (shared by every host)."""

    PREFIX = "navigator:conversation:"

    def __init__(self, client, ttl: dt.timedelta):
        self.client, self.ttl = client, ttl

    def load(self, key: str) -> Optional[ConversationState]:
        raw = self.client.get(self.PREFIX + key)
        return ConversationState.from_json(raw) if raw else None

    def save(self, state: ConversationState) -> None:
        self.client.set(self.PREFIX + state.id, state.to_json(), ex=int(self.ttl.total_seconds()))

    def delete(self, key: str) -> None:
        self.client.delete(self.PREFIX + key)
