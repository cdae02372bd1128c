"""Fit a conversation reply into at most 3 SMS segments, most useful first."""
from __future__ import annotations

from ..conversation import Budget, Reply
from ..conversation.choose import PLACE_ROUTES
from ..conversation.state import ConversationState
from ..conversation.words import Words, more_prompt_short
from .segments import fits, fold_punctuation, sms_size

MAX_SEGMENTS = 3
BUDGET = Budget(segments=MAX_SEGMENTS)


def shorten(reply: Reply, state: ConversationState, services: int) -> None:
    """Keep only the first `services` listed services, so MORE shows the rest next."""
    dropped = len(reply.blocks) - services
    if dropped <= 0:
        return
    reply.blocks = reply.blocks[:services]
    reply.services = reply.services[:services]
    state.shown = state.shown[:services]
    state.offset -= dropped
    if reply.next != "more" and reply.route in PLACE_ROUTES:  # MORE pages only the routes that list places
        prompt = more_prompt_short(Words(reply.language))
        # Before the safety net and any offer, which stay last.
        reply.tail = [prompt] + reply.tail
        reply.next = "more"


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
            text = fold_punctuation("\n".join(reply.all_lines(drop_optional=True)))
            if fits(text, max_segments):
                return text
            break  # the MORE prompt that shortening adds did not fit: go on below
    if reply.blocks:
        shorten(reply, state, 1)
        block = reply.blocks[0]
        if len(block) > 2:  # name and contact matter most: the address goes before the MORE prompt does
            reply.blocks[0] = [block[0], *block[2:]]
            text = fold_punctuation("\n".join(reply.all_lines(drop_optional=True)))
            if fits(text, max_segments):
                return text
    keep = frozenset(fold_punctuation(line) for line in reply.essential)
    return _cut(fold_punctuation("\n".join(reply.all_lines(drop_optional=True))), max_segments, keep)


def _cut(text: str, max_segments: int, keep: frozenset[str] = frozenset()) -> str:
    """Cut at a line, then a word, boundary so the text fits; lines in `keep` go last.

    A line of comma-separated parts ("name - adults only (16+), open until 18:00, 1.2 km") loses
    its last parts before the whole line goes: what comes first (a service's name and who it is
    for) matters most."""
    lines = text.split("\n")
    while len(lines) > 1 and not fits("\n".join(lines), max_segments):
        droppable = [i for i, line in enumerate(lines) if line not in keep]
        index = droppable[-1] if droppable else len(lines) - 1
        line = lines[index]
        if " - " in line and ", " in line.partition(" - ")[2]:
            lines[index] = line.rsplit(", ", 1)[0]
            continue
        lines.pop(index)
    text = "\n".join(lines)
    while not fits(text, max_segments) and " " in text:
        text = text.rsplit(" ", 1)[0]
    while not fits(text, max_segments):
        text = text[:-1]
    return text


__all__ = ["BUDGET", "shorten", "sms_text", "sms_size"]
