"""One conversation turn, channel-free: a resident's message in, a reply (words + services) out.

Each message is read as ONE act against the dialogue state, in order of safety:
1. a new red flag or crisis (always wins; "I can't call" after one gets the silent options);
2. a command: a language name or "answer in English", MORE, HELP, a number (details, the
   numbered menu, the second need offered);
3. an answer to the pending question (a place when one was asked for);
4. a place, which continues the route already chosen;
5. a follow-up on the services named (open on a day / now, languages, walk-in, distance, phone);
6. an acknowledgement ("thanks", "ok"): a short close;
7. a new need, which replaces the old.
Anything else gets a short prompt, the safety net and a numbered menu the next turn understands.
The channel's length budget comes in as `budget`; nothing here asks which channel it is.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import yaml
from sqlalchemy.orm import Session

from ..config import DATA_DIR
from ..directory.places import place_from_text
from ..directory.postcodes import Place, find_place_text, normalise_postcode, resolve_place
from ..directory.queries import ServiceHit
from ..triage import Decision, language_named, triage
from ..triage.lexicon import get_index
from ..triage.normalise import normalise
from . import acts, answers, words
from .budget import UNLIMITED, Budget
from .language import detected_language
from .state import ConversationState

PAGE_SIZE = 3


@dataclass
class Reply:
    """What to say back: lines of text, the services named (from the directory), what comes next.

    `blocks` holds one list of lines per listed service (parallel to `services` when it is a
    numbered list), so a channel with a length limit can drop whole services from the end;
    `optional` lines may be dropped first.
    """

    session: str
    language: str
    route: str
    lines: list[str]
    services: list[ServiceHit] = field(default_factory=list)
    next: Optional[str] = None  # "location" | "more" | "choice" | None
    decision: Optional[Decision] = None
    blocks: list[list[str]] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    optional: set[str] = field(default_factory=set)
    essential: set[str] = field(default_factory=set)  # kept when a short channel must cut (the safety net)

    @property
    def text(self) -> str:
        return "\n".join(self.all_lines())

    def all_lines(self, drop_optional: bool = False, blocks: Optional[int] = None) -> list[str]:
        """Head, service blocks and tail; optionally without optional lines or with fewer blocks."""
        keep = self.blocks if blocks is None else self.blocks[:blocks]
        out = [line for line in self.lines if not (drop_optional and line in self.optional)]
        for block in keep:
            out += block
        return out + [line for line in self.tail if not (drop_optional and line in self.optional)]


@lru_cache(maxsize=1)
def _commands() -> dict[str, frozenset[str]]:
    with open(DATA_DIR / "conversation" / "commands.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {name: frozenset(normalise(w).strip() for ws in langs.values() for w in ws) for name, langs in data.items()}


def command_of(text: str) -> Optional[str]:
    """'more' or 'help' when the whole message is that command in any language, else None."""
    key = normalise(text).strip(" .!?¿¡،؟")
    if not key and text.strip() == "?":
        return "help"
    for name, forms in _commands().items():
        if key in forms or text.strip() in forms:
            return name
    return None


def _place_dict(place: Place) -> dict:
    return place.to_dict()


@dataclass
class Turn:
    """Everything one turn works with."""

    db: Session
    state: ConversationState
    now: dt.datetime
    budget: Budget
    page_size: int

    @property
    def w(self) -> words.Words:
        return words.Words(self.state.language)


def handle_turn(
    db: Session,
    state: ConversationState,
    text: str,
    *,
    now: dt.datetime,
    location: Optional[str] = None,
    lang: Optional[str] = None,
    page_size: int = PAGE_SIZE,
    budget: Budget = UNLIMITED,
) -> Reply:
    """Answer one message and update `state` (the caller saves it)."""
    state.turns += 1
    text = (text or "").strip()
    if lang:
        state.language, state.language_explicit = lang, True
    if location:
        place = resolve_place(db, location)
        if place:
            state.place = _place_dict(place)
    turn = Turn(db, state, now, budget, page_size)
    reply = _read(turn, text, lang)
    answers.finish(turn, reply)
    return reply


def _read(turn: Turn, text: str, lang_given: Optional[str]) -> Reply:
    state = turn.state
    if not text:
        return answers.simple(turn, [words.help_text(turn.w)])

    # A whole message naming a language chooses it.
    chosen = language_named(text)
    if chosen:
        return _switch_language(turn, chosen)

    message = acts.words_of(text)
    # Once a conversation has a language, a few shared Latin words ("thanks ji", "okhane bangla bole")
    # do not move it; its own script or a clear sentence in another language does.
    settled = state.turns > 1 and state.language != "en" or (state.turns > 1 and state.route is not None)
    code, sure = detected_language(text, strict=settled)
    if sure and code != state.language and acts.is_ack(message):
        sure = False
    hint = code if sure else (state.language if state.language_explicit else None)
    if lang_given:
        hint = lang_given
    decision = triage(text, lang=hint)
    if not sure and decision.matched and not state.language_explicit and not lang_given and not settled:
        code, sure = decision.language, True  # the lexicon phrases found tell the language
    if sure and not lang_given and code != state.language:
        state.language, state.language_explicit = code, False
    elif state.turns == 1 and not state.language_explicit and decision.route != "unknown":
        state.language = decision.language

    message_words = acts.words_of(text)
    found = place_from_text(turn.db, text, whole=state.pending == "location" and len(message_words) <= 4)
    # A postcode that does not exist, or one outside London, is a place said but not on the map.
    place_given = found if found is not None and found.located else None
    unplaced = found if found is not None and place_given is None else None
    place_text = found.query if found is not None else find_place_text(text)
    if place_given:
        state.place = _place_dict(place_given)

    # 1. A new red flag or crisis always wins; "I can't call" after one gets the silent options.
    cant_call = acts.has("cant_call", message)
    if cant_call and (state.route in (None, "emergency", "crisis") or decision.route in ("emergency", "crisis")):
        return answers.silent_options(turn, decision)
    if decision.route in ("emergency", "crisis"):
        _take_need(turn, decision, text)
        return answers.route_answer(turn, decision)

    # 2. Commands.
    named = acts.languages_named_in(message)
    asks_languages = bool(named) and not acts.has("reply_in", message) and (
        acts.has("languages_spoken", message) or ("?" in text and len(message) > 1))
    if named and not asks_languages and (acts.has("reply_in", message) or len(message) <= 2):
        target = next((c for c in named if c != state.language), named[0])
        return _switch_language(turn, target)
    command = command_of(text)
    if command == "help":
        return answers.simple(turn, [words.help_text(turn.w)])
    if command == "more":
        return answers.more(turn)
    number = acts.number_of(text)
    if number is not None:
        fresh = state.route is None and not state.shown and not state.offer
        if 1 <= number <= 4 and (state.pending == "choice" or fresh):  # the menu's numbers need no memory
            return answers.choice(turn, number)
        if state.offer and number == state.offer.get("number"):
            offer = state.offer
            state.route, state.needs, state.offset, state.offer = offer["route"], list(offer["needs"]), 0, None
            return answers.route_answer(turn, None)
        if state.shown and acts.words_of(text) and text.strip()[:1].isdigit():
            return answers.details(turn, number)

    # 3-4. A place: the answer to "what is your postcode?", or given later; it continues the route.
    # A short answer to "what is your postcode?" that names a known place is that answer, even if a
    # word of it looks like a need ("Earls Court"); red flags were read above.
    place_answer = bool(place_given) and state.pending == "location" and len(message) <= 4
    if decision.route == "unknown" or place_answer:
        if place_given:
            if state.route:
                state.offset = 0
                return answers.route_answer(turn, None)
            return answers.simple(turn, [words.place_noted(turn.w, place_given.label)])
        if unplaced is not None:
            return answers.unplaced(turn, unplaced)
        if place_text and (state.pending == "location" or normalise_postcode(place_text)):
            return answers.unknown_place(turn, place_text)

    # 5. A follow-up question on the services just named (a short question wins over a weak new need).
    follow = "languages_spoken" if asks_languages else acts.follow_up_of(message)
    if follow == "languages_spoken" and not named:
        follow = None
    # A need found only in the follow-up's own words ("what's the phone?" is not a digital-help need).
    covered = acts.follow_up_words(message)
    weak = all(any(f.startswith(t) or t.startswith(f) for f in covered)
               for m in decision.matched for t in acts.words_of(m.term))
    if follow and (state.named or state.route) and (decision.route == "unknown" or (len(message) <= 6 and weak)):
        return answers.follow_up(turn, follow, message, text)
    if (decision.route == "unknown" and state.pending == "location" and 0 < len(message) <= 4
            and not acts.is_ack(message) and "?" not in text):
        return answers.unknown_place(turn, text)  # most likely a place navigator does not know

    # 6. An acknowledgement.
    if decision.route == "unknown" and acts.is_ack(message):
        return answers.close(turn)

    # 7. A new need replaces the old.
    if decision.route != "unknown":
        _take_need(turn, decision, text)
        return answers.route_answer(turn, decision)
    if named and not asks_languages:
        return _switch_language(turn, named[0])
    if state.route in ("emergency", "crisis"):
        # After a 999 or crisis reply, a message navigator cannot place gets that answer again, never a menu.
        return answers.route_answer(turn, None)
    return answers.unknown(turn, decision)


def _take_need(turn: Turn, decision: Decision, text: str) -> None:
    """The decision's need becomes the conversation's; a need of another kind is kept to offer."""
    state = turn.state
    index = get_index()
    from .answers import TOPIC_OF_NEED

    main = [n for n in decision.needs if _route_of(index, n, decision) == decision.route] or list(decision.needs)
    if decision.route == "voluntary" and main:
        # Help of two kinds (eviction and food): the first is answered, the other offered.
        first = TOPIC_OF_NEED.get(main[0], main[0])
        main = [n for n in main if TOPIC_OF_NEED.get(n, n) == first or n not in TOPIC_OF_NEED]
    others = [n for n in decision.needs if n not in main]
    state.route, state.needs, state.offset = decision.route, main, 0
    state.age = decision.age if decision.age is not None else state.age
    mods = decision.modifiers
    state.child = bool({"child", "baby"} & mods) or (decision.age is not None and decision.age < 18)
    state.who = "other" if ({"third_party", "child", "baby"} & mods) else "self"
    state.pending, state.offer = None, None
    # A need of the other family (help with money or housing beside a health need, or the reverse)
    # is offered in one line; health needs the rules placed below the main one are not.
    for need in others:
        route = _route_of(index, need, decision)
        if route in ("emergency", "crisis"):
            continue
        if (route == "voluntary") == (decision.route == "voluntary"):
            # Two help needs of different topics (eviction and food) are both offered; health needs
            # the rules placed below the main one are not.
            topics = {TOPIC_OF_NEED.get(n) for n in main}
            if route != "voluntary" or TOPIC_OF_NEED.get(need) in topics or need not in TOPIC_OF_NEED:
                continue
        item = index.needs.get(need)
        if item is not None and getattr(item, "fallback", False):
            continue
        same = [n for n in others if _route_of(index, n, decision) == route]
        if route == decision.route:
            same = [n for n in same if TOPIC_OF_NEED.get(n) == TOPIC_OF_NEED.get(need)]
        state.offer = {"route": route, "needs": same, "number": 2}
        break


def _route_of(index, need: str, decision: Decision) -> str:
    item = index.needs.get(need)
    return item.route if item is not None else decision.route


def _switch_language(turn: Turn, code: str) -> Reply:
    """Change the reply language and say the current answer again in it."""
    state = turn.state
    state.language, state.language_explicit = code, True
    w = turn.w
    if state.route and state.route != "unknown" and (state.place or state.route not in answers.PLACE_ROUTES):
        state.offset = 0
        reply = answers.route_answer(turn, None)
        reply.lines.insert(0, words.language_switched(w))
        return reply
    lines = [words.language_switched(w)]
    if state.pending == "location":
        lines.append(words.ask_location(w))
    return answers.simple(turn, lines, next_=state.pending)
