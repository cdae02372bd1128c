"""Fit a conversation reply into at most 3 SMS segments, most useful first."""
from __future__ import annotations

from ..conversation import Reply, shorten
from ..conversation.state import ConversationState
from ..conversation.words import Words, more_prompt_short
from .segments import fits, fold_punctuation, sms_size

MAX_SEGMENTS = 3


def sms_text(reply: Reply, state: ConversationState, max_segments: int = MAX_SEGMENTS) -> str:
    """The reply as SMS text: optional lines go first, then listed services from the end, then a cut."""
    for drop_optional in (False, True):
        text = fold_punctuation("\n".join(reply.all_lines(drop_optional=drop_optional)))
        if fits(text, max_segments):
            return text
    # Dropping services adds the MORE prompt (unless there already is one): it has to fit too.
    more = [] if reply.next == "more" else [more_prompt_short(Words(reply.language))]
    for keep in range(len(reply.blocks) - 1, 0, -1):
        text = fold_punctuation("\n".join(reply.all_lines(drop_optional=True, blocks=keep) + more))
        if fits(text, max_segments):
            shorten(reply, state, keep)
            return fold_punctuation("\n".join(reply.all_lines(drop_optional=True)))
    if reply.blocks:
        shorten(reply, state, 1)
        block = reply.blocks[0]
        if len(block) > 2:  # name and contact matter most: the address goes before the MORE prompt does
            reply.blocks[0] = [block[0], *block[2:]]
            text = fold_punctuation("\n".join(reply.all_lines(drop_optional=True)))
            if fits(text, max_segments):
                return text
    return _cut(fold_punctuation("\n".join(reply.all_lines(drop_optional=True))), max_segments)


def _cut(text: str, max_segments: int) -> str:
    """Cut at a line, then a word, boundary so the text fits."""
    lines = text.split("\n")
    while len(lines) > 1 and not fits("\n".join(lines), max_segments):
        lines.pop()
    text = "\n".join(lines)
    while not fits(text, max_segments) and " " in text:
        text = text.rsplit(" ", 1)[0]
    while not fits(text, max_segments):
        text = text[:-1]
    return text


__all__ = ["sms_text", "sms_size"]
