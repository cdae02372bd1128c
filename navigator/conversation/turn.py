"""One conversation turn, channel-free: a resident's message in, a reply (words + services) out.

Order: language choice and commands first (MORE, HELP, a number), then the message's place,
then triage. Emergency and crisis are answered at once, before any question; other routes
ask for a postcode or area when none is known, then name services from the live directory.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import yaml
from sqlalchemy.orm import Session

from ..config import DATA_DIR
from ..directory.hours import opening_state
from ..directory.models import Service
from ..directory.postcodes import Place, find_place_text, normalise_postcode, resolve_place
from ..directory.queries import ServiceHit
from ..triage import Decision, language_named, triage
from ..triage.normalise import normalise
from . import words
from .choose import PLACE_ROUTES, crisis_lines, nearest_emergency_departments, nhs111_service, services_for
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
    next: Optional[str] = None  # "location" | "more" | None
    decision: Optional[Decision] = None
    blocks: list[list[str]] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    optional: set[str] = field(default_factory=set)

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
    return {"label": place.label, "lat": place.lat, "lon": place.lon, "borough": place.borough, "precision": place.precision}


def _place(state: ConversationState) -> Optional[Place]:
    p = state.place
    return Place(p["label"], p["label"], p["lat"], p["lon"], p["borough"], p["precision"]) if p else None


def handle_turn(
    db: Session,
    state: ConversationState,
    text: str,
    *,
    now: dt.datetime,
    location: Optional[str] = None,
    lang: Optional[str] = None,
    page_size: int = PAGE_SIZE,
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

    chosen = language_named(text) if text else None
    if chosen:
        state.language, state.language_explicit = chosen, True
        w = words.Words(chosen)
        lines = [words.language_switched(w)]
        if state.awaiting == "location":
            lines.append(words.ask_location(w))
        return Reply(state.id, chosen, state.route or "unknown", lines, next=state.awaiting)

    w = words.Words(state.language)
    if not text:
        return Reply(state.id, state.language, "unknown", [words.help_text(w)])
    command = command_of(text)
    if command == "help":
        return Reply(state.id, state.language, state.route or "unknown", [words.help_text(w)])
    if command == "more":
        return _more(db, state, w, now, page_size)
    if re.fullmatch(r"\d{1,2}", text) and state.shown:
        return _details(db, state, w, int(text), now)

    place_text = find_place_text(text)
    place_given = None
    if place_text:
        place_given = resolve_place(db, place_text)
        if place_given:
            state.place = _place_dict(place_given)

    decision = triage(text, lang=state.language if state.language_explicit else None)
    if decision.route == "unknown":
        if place_given and state.route in PLACE_ROUTES and state.awaiting == "location":
            return _answer(db, state, w, now, page_size, decision)
        if place_text and not place_given and (state.awaiting == "location" or normalise_postcode(place_text)):
            return Reply(state.id, state.language, state.route or "unknown", [words.unknown_place(w, place_text)], next="location")
        if place_given:
            return Reply(state.id, state.language, "unknown", [words.place_noted(w, place_given.label)])
        return Reply(state.id, state.language, "unknown", [words.clarify(w)], decision=decision)

    if not state.language_explicit:
        state.language = decision.language
        w = words.Words(state.language)
    state.route, state.needs, state.age, state.offset = decision.route, list(decision.needs), decision.age, 0
    state.awaiting = None
    return _answer(db, state, w, now, page_size, decision)


def _answer(db: Session, state: ConversationState, w: words.Words, now: dt.datetime, page_size: int, decision: Decision) -> Reply:
    route = state.route
    advice = [decision.advice] if decision and decision.advice and decision.route == route else []
    if route == "emergency":
        return _emergency(db, state, w, now, decision)
    if route == "crisis":
        return _crisis(db, state, w, now, decision)
    if route == "nhs111":
        hit = nhs111_service(db, now)
        phone = hit.service.contact("phone") if hit else None
        lines = advice + (words.nhs111_lines(w, phone) if phone else [])
        return Reply(state.id, state.language, route, lines, [hit] if hit else [], decision=decision)
    if route == "dental":
        advice = advice + words.dental_lines(w)  # then the nearest practices and NHS 111 (choose.services_for)
    place = _place(state)
    if place is None:
        state.awaiting = "location"
        return Reply(state.id, state.language, route, advice + [words.ask_location(w)], next="location", decision=decision)
    state.awaiting = None
    state.offset = 0
    if route == "gp":
        advice = advice + [words.gp_intro(w)]
    return _page(db, state, w, now, page_size, advice, decision)


def _page(db, state, w, now, page_size, head: list[str], decision: Optional[Decision]) -> Reply:
    hits = services_for(db, state.route, state.needs, _place(state), now, age=state.age, language=state.language)
    page = hits[state.offset : state.offset + page_size]
    if not page:
        state.shown = []
        message = words.no_more(w) if state.offset else words.no_results(w)
        return Reply(state.id, state.language, state.route, head + [message], decision=decision)
    compact = state.channel == "sms"
    blocks = [words.service_lines(w, i, h.service, h.state, h.distance_km, now, compact) for i, h in enumerate(page, 1)]
    state.shown = [h.service.id for h in page]
    state.offset += len(page)
    more = state.offset < len(hits)
    tail = [(words.more_prompt_short if compact else words.more_prompt)(w)] if more else []
    if compact and any(words.unconfirmed_hours(h.service, h.state) for h in page):
        tail.insert(0, words.unconfirmed_footnote(w))
    # With a length limit, the services matter more than the advice sentence above them.
    optional = set(head) if compact else set()
    return Reply(state.id, state.language, state.route, list(head), page, "more" if more else None, decision,
                 blocks, tail, optional)


def shorten(reply: Reply, state: ConversationState, services: int) -> None:
    """Keep only the first `services` listed services, so MORE shows the rest next."""
    dropped = len(reply.blocks) - services
    if dropped <= 0:
        return
    reply.blocks = reply.blocks[:services]
    reply.services = reply.services[:services]
    state.shown = state.shown[:services]
    state.offset -= dropped
    if reply.next != "more":
        reply.tail = reply.tail + [words.more_prompt_short(words.Words(reply.language))]
        reply.next = "more"


def _more(db, state, w, now, page_size) -> Reply:
    if state.route not in PLACE_ROUTES or _place(state) is None:
        return Reply(state.id, state.language, state.route or "unknown", [words.clarify(w)])
    return _page(db, state, w, now, page_size, [], None)


def _details(db, state, w, number: int, now) -> Reply:
    if not 1 <= number <= len(state.shown):
        return Reply(state.id, state.language, state.route or "unknown", [words.more_prompt(w)])
    service = db.get(Service, state.shown[number - 1])
    if service is None:
        return Reply(state.id, state.language, state.route or "unknown", [words.no_results(w)])
    hit = ServiceHit(service, None, opening_state(service, now))
    lines = words.service_lines(w, None, service, hit.state, None, now)
    if service.description:
        lines.append(service.description)
    return Reply(state.id, state.language, state.route or "unknown", lines, [hit])


def _emergency(db, state, w, now, decision) -> Reply:
    lines = [decision.advice] if decision and decision.advice else [words.call_999(w)]
    if decision and "danger_now" in decision.needs:
        lines.append(words.silent_call(w))
    hits: list[ServiceHit] = []
    blocks: list[list[str]] = []
    place = _place(state)
    if place is not None:
        hits = nearest_emergency_departments(db, place, now)
        if hits:
            lines.append(words.nearest_ae(w))
            blocks = [words.service_lines(w, None, h.service, h.state, h.distance_km, now) for h in hits]
    return Reply(state.id, state.language, "emergency", lines, hits, decision=decision, blocks=blocks)


def _crisis(db, state, w, now, decision) -> Reply:
    place = _place(state)
    lines_, nhs111 = crisis_lines(db, place.borough if place else None, now, state.age)
    local = [h for h in lines_ if h.service.boroughs_served]
    national = [h for h in lines_ if not h.service.boroughs_served]
    if state.channel == "sms":
        national.sort(key=lambda h: 0 if h.service.contact("sms") and not h.service.contact("phone") else 1)
    helper = decision is not None and "third_party" in decision.modifiers
    intro = words.crisis_intro_helper(w) if helper else words.crisis_intro(w)
    lines = list(intro)
    named: list[ServiceHit] = []
    for hit in local:
        phone = hit.service.contact("phone")
        if state.channel == "sms":
            lines.append(words.crisis_local_short(w, phone))
        else:
            lines.append(words.crisis_local(w, hit.service.name, phone))
        named.append(hit)
    if not local and nhs111 and nhs111.service.contact("phone"):
        lines.append(words.nhs111_option2(w, nhs111.service.contact("phone")))
        named.append(nhs111)
    for hit in national:
        contact = words.contact_phrase(w, hit.service)
        # On SMS the organisation's short name ("Shout") leaves room for one more number.
        org = hit.service.organisation
        name = org.name if state.channel == "sms" and org is not None else hit.service.name
        lines.append(f"{name}: {contact}" if contact else name)
        named.append(hit)
    notice = words.automated_notice(w)
    lines.append(notice)
    # On SMS the numbers matter most: the welcome and notice lines go first if space is short.
    return Reply(state.id, state.language, "crisis", lines, named, decision=decision, optional={intro[0], intro[2], notice})
