"""Channel-free dialogue: a resident's message in, a reply with services from the directory out."""
from __future__ import annotations

import datetime as dt

from .budget import UNLIMITED, Budget
from .resume import conversation_key, resume_conversation
from .state import ConversationState, DatabaseStore, RedisStore, StateStore
from .turn import Reply, handle_turn

__all__ = ["Budget", "ConversationState", "Reply", "StateStore", "UNLIMITED", "conversation_key", "handle_turn",
           "open_store", "resume_conversation"]


def open_store(app, db, now: dt.datetime) -> StateStore:
    """Redis when REDIS_URL is set (shared by every host), else the database."""
    ttl = dt.timedelta(hours=app.config["SESSION_TTL_HOURS"])
    if app.config.get("REDIS_URL"):
        client = app.extensions.get("redis")
        if client is None:
            import redis

            client = app.extensions["redis"] = redis.Redis.from_url(app.config["REDIS_URL"], decode_responses=True)
        return RedisStore(client, ttl)
    return DatabaseStore(db, ttl, now)
