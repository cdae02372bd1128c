"""Finding a resident's conversation again: one way for the web form, the JSON API and SMS."""
from __future__ import annotations

import secrets
from typing import Optional

from .state import ConversationState, StateStore


def resume_conversation(store: StateStore, channel: str, key: Optional[str], *, language: str = "en",
                        keep_key: bool = False) -> tuple[ConversationState, bool]:
    """The state saved under `channel:key` and True, else a new one and False.

    A new web conversation gets a fresh random key (the caller hands it back to the browser), so a
    client can never choose another's id; `keep_key` keeps the given key instead (SMS: the hashed phone
    number; the web page: the key from its own signed cookie). Callers store a new state only when it
    is worth keeping, so a first "hi" with nothing to remember adds no row.
    """
    state = store.load(f"{channel}:{key}") if key else None
    if state is not None:
        return state, True
    new_key = key if keep_key and key else secrets.token_urlsafe(18)
    return ConversationState(id=f"{channel}:{new_key}", channel=channel, language=language), False


def conversation_key(state: ConversationState) -> str:
    """The key a channel hands back to the resident (without the channel prefix)."""
    return state.id.split(":", 1)[1]
