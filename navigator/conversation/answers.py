"""The replies a turn can give, built from the dialogue state and the live directory."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from ..directory.hours import LONDON, opening_state
from ..directory.models import NWL_BOROUGHS, Service
from ..directory.postcodes import Place
from ..directory.queries import ServiceHit
from ..triage import Decision
from . import acts, place_words, words
from .choose import PLACE_ROUTES, about_a_child, crisis_lines, nearest_emergency_departments, nhs111_service, services_for

if TYPE_CHECKING:
    from .turn import Reply, Turn

HEALTH_ROUTES = frozenset({"utc", "nhs111", "dental", "pharmacy", "gp", "unknown"})
# A need of another kind offered as "reply 2 for help with ..." is named by its topic.
TOPIC_OF_NEED = {"debt": "money", "money": "money", "housing": "housing", "food": "food",
                 "domestic_abuse": "domestic_abuse", "carers": "carers", "mental_wellbeing": "mental_wellbeing"}
# NHS 111 needs for which an urgent treatment centre is no answer (maternity goes through 111).
NOT_FOR_UTC = frozenset({"pregnancy_concern"})
# Categories whose services see people without an appointment (safety-sources.md §1f: UTCs can be
# walked into; §2: Pharmacy First patients can walk in; A&E and walk-in centres by definition).
WALK_IN = frozenset({"a_and_e", "urgent_treatment_centre", "walk_in_centre", "minor_injuries_unit", "community_pharmacy"})
BY_APPOINTMENT = frozenset({"gp_practice", "dental_practice"})
MENTAL_HEALTH_NEEDS = frozenset({"suicidal_thoughts", "suicide_attempt", "self_harm", "mental_health_crisis", "overdose"})


def _reply(turn: "Turn", lines, **kw) -> "Reply":
    from .turn import Reply

    state = turn.state
    route = kw.pop("route", None) or state.route or "unknown"
    return Reply(state.id, state.language, route, list(lines), **kw)


def simple(turn: "Turn", lines: list[str], next_: Optional[str] = None) -> "Reply":
    return _reply(turn, lines, next=next_)


def place_of(state) -> Optional[Place]:
    p = state.place
    return Place.from_dict(p) if p else None


def _nhs111_phone(turn: "Turn") -> str:
    hit = nhs111_service(turn.db, turn.now)
    return (hit.service.contact("phone") if hit else None) or "111"


def _service_lines(turn: "Turn", number, hit: ServiceHit) -> list[str]:
    """A service as a resident reads it; a distance from an area is said as approximate
    ("near Acton", "about 4 km from Acton"), because the distance carries the place it is from."""
    return words.service_lines(turn.w, number, hit.service, hit.state, hit.distance_km, turn.now, turn.budget.compact)


# --- routes ---

def route_answer(turn: "Turn", decision: Optional[Decision]) -> "Reply":
    """The answer for the conversation's route, with the place when one is known."""
    state, w = turn.state, turn.w
    route = state.route
    # Triage's advice is in the language it read the message in; only said when that is the reply's.
    advice = ([decision.advice] if decision and decision.advice and decision.route == route
              and decision.language == state.language else [])
    if route == "emergency":
        return emergency(turn, decision)
    if route == "crisis":
        return crisis(turn, decision)
    place = place_of(state)
    if place is not None and not _in_area(place):
        return out_of_area(turn, place)
    if route == "nhs111":
        return nhs111(turn, advice, decision)
    if route == "dental":
        advice = advice + words.dental_lines(w)  # then the nearest practices and NHS 111 (choose.services_for)
    if place is None:
        state.pending = "location"
        reply = _reply(turn, advice + [words.ask_location(w)], next="location", decision=decision,
                       optional=set(advice) if turn.budget.compact else set())
        _add_abuse_line(turn, reply)
        return reply
    state.pending = None
    state.offset = 0
    if route == "gp":
        advice = advice + [words.gp_intro(w)]
    reply = page(turn, advice, decision)
    _add_abuse_line(turn, reply)
    return reply


def _abuse_line(turn: "Turn") -> Optional[ServiceHit]:
    """The national 24/7 domestic abuse helpline of the directory."""
    from ..directory.queries import ServiceFilter, find_services

    for hit in find_services(turn.db, ServiceFilter(need="domestic_abuse"), turn.now):
        service = hit.service
        if service.status == "active" and service.always_open and not service.boroughs_served and service.contact("phone"):
            return hit
    return None


def _add_abuse_line(turn: "Turn", reply: "Reply") -> None:
    """Abuse at home: the national 24/7 helpline is named at once, whatever the place."""
    if "domestic_abuse" not in turn.state.needs or any("domestic_abuse" in h.service.need_ids and h.service.always_open
                                                      for h in reply.services):
        return
    hit = _abuse_line(turn)
    if hit is not None:
        line = words.crisis_local(turn.w, hit.service.name, hit.service.contact("phone"))
        reply.lines.insert(0, line)
        reply.services = reply.services if reply.blocks else reply.services + [hit]


def _in_area(place: Place) -> bool:
    flag = getattr(place, "in_area", None)
    return flag if flag is not None else (place.borough in NWL_BOROUGHS)


def out_of_area(turn: "Turn", place: Place) -> "Reply":
    """A place outside North West London: navigator says so and gives the national routes; for a
    London place on the map, the nearest services follow with their true distance."""
    state = turn.state
    hit = nhs111_service(turn.db, turn.now)
    lines = place_words.outside_area(turn.w, place)
    if state.route in PLACE_ROUTES and place.located:
        state.offset = 0
        listing = page(turn, lines, None)
        if listing.services:
            return listing
    return _reply(turn, lines, services=[hit] if hit else [])


def unplaced(turn: "Turn", place: Place) -> "Reply":
    """A postcode that does not exist, or a real one outside London that cannot be put on the map."""
    if place.exists is False:
        return _reply(turn, place_words.place_reply(turn.w, place), next="location")
    return out_of_area(turn, place)


def page(turn: "Turn", head: list[str], decision: Optional[Decision]) -> "Reply":
    state, w = turn.state, turn.w
    hits = services_for(turn.db, state.route, state.needs, place_of(state), turn.now, age=state.age, language=state.language)
    chunk = hits[state.offset : state.offset + turn.page_size]
    if state.offset == 0 and chunk and chunk[0].distance_km is not None:
        # The first page names the nearest: one far beyond the nearest waits for MORE.
        limit = max(3.0, 2 * chunk[0].distance_km)
        chunk = [chunk[0]] + [h for h in chunk[1:] if h.distance_km is None or h.distance_km <= limit]
    if not chunk:
        state.shown = []
        message = words.no_more(w) if state.offset else words.no_results(w)
        return _reply(turn, head + [message], decision=decision)
    compact = turn.budget.compact
    blocks = [_service_lines(turn, i, h) for i, h in enumerate(chunk, 1)]
    state.shown = [h.service.id for h in chunk]
    state.offset += len(chunk)
    more_left = state.offset < len(hits)
    tail = [(words.more_prompt_short if compact else words.more_prompt)(w)] if more_left else []
    if compact and any(words.unconfirmed_hours(h.service, h.state) for h in chunk):
        tail.insert(0, words.unconfirmed_footnote(w))
    # With a length limit, the services matter more than the advice sentence above them.
    optional = set(head) if compact else set()
    return _reply(turn, head, services=chunk, next="more" if more_left else None, decision=decision,
                  blocks=blocks, tail=tail, optional=optional)


def more(turn: "Turn") -> "Reply":
    state = turn.state
    if state.route not in PLACE_ROUTES or place_of(state) is None:
        return unknown(turn, None)
    return page(turn, [], None)


def details(turn: "Turn", number: int) -> "Reply":
    state, w = turn.state, turn.w
    if not 1 <= number <= len(state.shown):
        return simple(turn, [words.more_prompt(w)])
    service = turn.db.get(Service, state.shown[number - 1])
    if service is None:
        return simple(turn, [words.no_results(w)])
    hit = ServiceHit(service, None, opening_state(service, turn.now))
    lines = words.service_lines(w, None, service, hit.state, None, turn.now)
    if service.description:
        # Service texts come from the directory in English only: say so in another language.
        mark = "" if state.language == "en" else " " + words.in_english(w)
        lines.append(service.description + mark)
    return _reply(turn, lines, services=[hit])


def emergency(turn: "Turn", decision: Optional[Decision]) -> "Reply":
    state, w = turn.state, turn.w
    lines = [words.call_999(w)]
    if decision and decision.advice and decision.route == "emergency" and decision.language == state.language:
        lines = [decision.advice] + ([] if "999" in decision.advice else lines)
    needs = set(state.needs)
    if "danger_now" in needs:
        lines.append(words.silent_call(w))
    hits: list[ServiceHit] = []
    blocks: list[list[str]] = []
    place = place_of(state)
    if place is not None:
        child = bool(state.child) or about_a_child(decision, state.age)
        hits = nearest_emergency_departments(turn.db, place, turn.now, age=state.age, child=child)
        if hits:
            lines.append(words.nearest_ae(w, children=child))
            blocks = [_service_lines(turn, None, h) for h in hits]
    tail: list[str] = []
    listening: list[ServiceHit] = []
    if needs & MENTAL_HEALTH_NEEDS:
        # Someone at risk of suicide also gets a 24/7 listening line (Samaritans, Shout).
        lines_, _ = crisis_lines(turn.db, place.borough if place else None, turn.now, state.age)
        listening = [h for h in lines_ if not h.service.boroughs_served][:2 if not turn.budget.compact else 1]
        listening.sort(key=lambda h: 0 if turn.budget.compact and h.service.contact("sms") else 1)
        for hit in listening:
            tail.append(_line_for(turn, hit))
    reply = _reply(turn, lines, services=hits + listening, decision=decision, blocks=blocks, tail=tail,
                   route="emergency")
    return reply


def _line_for(turn: "Turn", hit: ServiceHit) -> str:
    contact = words.contact_phrase(turn.w, hit.service)
    org = hit.service.organisation
    name = org.name if turn.budget.compact and org is not None else hit.service.name
    return f"{name}: {contact}" if contact else name


def crisis(turn: "Turn", decision: Optional[Decision]) -> "Reply":
    state, w = turn.state, turn.w
    place = place_of(state)
    lines_, nhs111_hit = crisis_lines(turn.db, place.borough if place else None, turn.now, state.age)
    local = [h for h in lines_ if h.service.boroughs_served]
    national = [h for h in lines_ if not h.service.boroughs_served]
    if turn.budget.compact:  # a short text channel: a line that can be texted first
        national.sort(key=lambda h: 0 if h.service.contact("sms") and not h.service.contact("phone") else 1)
    helper = state.who == "other" or (decision is not None and "third_party" in decision.modifiers)
    intro = words.crisis_intro_helper(w) if helper else words.crisis_intro(w)
    lines = list(intro)
    named: list[ServiceHit] = []
    for hit in local:
        phone = hit.service.contact("phone")
        lines.append(words.crisis_local_short(w, phone) if turn.budget.compact else words.crisis_local(w, hit.service.name, phone))
        named.append(hit)
    if not local and nhs111_hit and nhs111_hit.service.contact("phone"):
        lines.append(words.nhs111_option2(w, nhs111_hit.service.contact("phone")))
        named.append(nhs111_hit)
    for hit in national:
        lines.append(_line_for(turn, hit))
        named.append(hit)
    notice = words.automated_notice(w)
    lines.append(notice)
    # On a short channel the numbers matter most: the welcome and notice lines go first if space is short.
    return _reply(turn, lines, services=named, decision=decision, optional={intro[0], intro[2], notice}, route="crisis")


def nhs111(turn: "Turn", advice: list[str], decision: Optional[Decision]) -> "Reply":
    """NHS 111 now; with a place, the nearest urgent treatment centre too where one fits."""
    state, w = turn.state, turn.w
    hit = nhs111_service(turn.db, turn.now)
    phone = hit.service.contact("phone") if hit else None
    lines = advice + (words.nhs111_lines(w, phone) if phone else [])
    services = [hit] if hit else []
    blocks: list[list[str]] = []
    place = place_of(state)
    if state.route == "nhs111" and not (set(state.needs) & NOT_FOR_UTC):
        if place is not None:
            utcs = services_for(turn.db, "utc", [], place, turn.now, age=state.age, language=state.language)[:1]
            if utcs:
                lines.append(words.nearest_utc(w))
                blocks = [_service_lines(turn, None, h) for h in utcs]
                services = utcs + services
    optional = set(advice) if turn.budget.compact and blocks else set()
    return _reply(turn, lines, services=services, decision=decision, blocks=blocks, optional=optional)


def silent_options(turn: "Turn", decision: Optional[Decision]) -> "Reply":
    """'I can't call, he'll hear': 999 then 55, the 999 text service (register first), the 24/7 abuse line."""
    state, w = turn.state, turn.w
    if state.route not in ("emergency", "crisis"):
        state.route = "emergency"
    lines = [words.silent_intro(w), words.silent_call(w), words.text_999(w)]
    named: list[ServiceHit] = []
    hit = _abuse_line(turn)
    if hit is not None:
        lines.append(words.crisis_local(w, hit.service.name, hit.service.contact("phone")))
        named.append(hit)
    # A line that works by text alone (Shout), for anyone who cannot talk (safety-sources.md §6b.3).
    lines_, _ = crisis_lines(turn.db, None, turn.now, state.age)
    text_lines = [h for h in lines_ if h.service.contact("sms") and not h.service.contact("phone")][:1]
    for hit in text_lines:
        lines.append(_line_for(turn, hit))
        named.append(hit)
    reply = _reply(turn, lines, services=named, decision=decision, route=state.route, optional={lines[0]})
    reply.essential = {lines[1]} | ({lines[3]} if len(lines) > 3 else set())  # 999 then 55; the 24/7 line
    return reply


def choice(turn: "Turn", number: int) -> "Reply":
    """The numbered menu: 1 danger now, 2 struggling/unsafe, 3 ill or injured, 4 other help."""
    state, w = turn.state, turn.w
    state.pending = None
    if number == 1:
        state.route, state.needs = "emergency", ["danger_now"]
        return emergency(turn, None)
    if number == 2:
        state.route, state.needs = "crisis", ["mental_health_crisis"]
        return crisis(turn, None)
    if number == 3:
        state.route, state.needs = "nhs111", ["unwell_unsure"]
        reply = nhs111(turn, [], None)
        reply.lines.append(words.what_is_wrong(w))
        return reply
    state.route, state.needs = None, []
    return _reply(turn, [words.other_help(w)], route="unknown")


def unknown_place(turn: "Turn", place_text: str) -> "Reply":
    return _reply(turn, [words.unknown_place(turn.w, place_text)], next="location")


def unknown(turn: "Turn", decision: Optional[Decision]) -> "Reply":
    """A message no act explains: a short prompt, the numbered menu (the net is added by finish)."""
    w = turn.w
    turn.state.pending = "choice"
    head = words.clarify_short(w) if turn.budget.compact else words.clarify(w)
    reply = _reply(turn, [head, words.numbered_choice(w)], next="choice", decision=decision, route="unknown")
    reply.optional = {head}
    return reply


def close(turn: "Turn") -> "Reply":
    return _reply(turn, [words.closing(turn.w)])


# --- follow-ups on the services named ---

def follow_up(turn: "Turn", kind: str, message: tuple[str, ...], text: str) -> "Reply":
    state, w = turn.state, turn.w
    ids = state.shown or state.named
    services = [s for s in (turn.db.get(Service, i) for i in ids) if s is not None]
    if not services:
        if state.route in PLACE_ROUTES and place_of(state) is None:
            state.pending = "location"
            return _reply(turn, [words.ask_location(w)], next="location")
        return _reply(turn, [words.nothing_listed(w)])
    place = place_of(state)
    lines = []
    hits = []
    for i, service in enumerate(services, 1):
        name = f"{i}. {service.name}" if len(services) > 1 else service.name
        if kind == "open":
            answer = _open_answer(turn, service, message, text)
        elif kind == "languages_spoken":
            answer = _languages_answer(w, service)
        elif kind == "walk_in":
            answer = (words.walk_in_yes(w) if service.category in WALK_IN else
                      words.walk_in_no(w) if service.category in BY_APPOINTMENT else words.walk_in_unknown(w))
        elif kind == "distance":
            answer = _distance_answer(turn, service, place)
        else:
            answer = words.contact_phrase(w, service) or words.no_phone(w)
        if kind in ("open", "languages_spoken", "walk_in") and service.location is None:
            contact = words.contact_phrase(w, service)  # a phone line: how to reach it is the point
            answer = f"{answer}, {contact}" if contact else answer
        lines.append(f"{name} - {answer}")
        hits.append(ServiceHit(service, None, opening_state(service, turn.now)))
    return _reply(turn, lines, services=hits)


def _open_answer(turn: "Turn", service: Service, message: tuple[str, ...], text: str) -> str:
    w = turn.w
    local_now = turn.now.astimezone(LONDON)
    day = acts.asked_day(message, local_now.date())
    at = acts.asked_time(text)
    if day is None and at is None:
        return words.open_phrase(w, service, opening_state(service, turn.now), turn.now)
    day = day or local_now.date()
    if at is not None:
        when = dt.datetime.combine(day, dt.time(*at)).replace(tzinfo=LONDON)
        if when < local_now:
            when += dt.timedelta(days=1 if day == local_now.date() else 7)
        return w.time(when) + ": " + words.open_phrase(w, service, opening_state(service, when), when)
    name = w.weekday(dt.datetime.combine(day, dt.time(12)).replace(tzinfo=LONDON))
    start = dt.datetime.combine(day, dt.time(0, 0)).replace(tzinfo=LONDON)
    if day == local_now.date():
        start = local_now
    state = opening_state(service, start)
    if not state.known:
        return words.day_unknown(w, name)
    if state.always_open:
        return words.day_always(w, name)
    if state.open:
        opens = start
        closes = state.closes_at
    else:
        if state.opens_at is None or state.opens_at.astimezone(LONDON).date() != day:
            return words.day_closed(w, name)
        opens = state.opens_at
        closes = opening_state(service, opens).closes_at
    if closes is None:
        return words.day_always(w, name)
    return words.day_hours(w, name, w.time(opens), w.time(closes))


def _languages_answer(w: words.Words, service: Service) -> str:
    from ..i18n import native_name

    codes = [l.code for l in service.languages if l.code]
    if not codes:
        return words.speaks_unknown(w)
    return words.speaks(w, ", ".join(dict.fromkeys(native_name(c) if c in _codes() else c for c in codes)))


def _codes():
    from ..i18n import LANGUAGES

    return LANGUAGES


def _distance_answer(turn: "Turn", service: Service, place: Optional[Place]) -> str:
    from ..directory.postcodes import distance_km

    loc = service.location
    if place is None or loc is None or loc.lat is None:
        return words.ask_location(turn.w) if place is None else words.contact_phrase(turn.w, service) or ""
    return turn.w.distance(distance_km(place.lat, place.lon, loc.lat, loc.lon), place)


# --- what every reply gets ---

def finish(turn: "Turn", reply: "Reply") -> None:
    """The reply's language, the services remembered for follow-ups, the second-need offer, the safety net."""
    state, w = turn.state, turn.w
    reply.language = state.language
    reply.session = state.id
    if reply.services:
        state.named = [h.service.id for h in reply.services]
    if state.offer and reply.decision is not None and reply.route == state.route:
        offer = state.offer
        # The offer's number must not be one of the numbered services just listed.
        offer["number"] = len(reply.blocks) + 1 if reply.blocks and reply.next != "location" and state.shown else 2
        key = TOPIC_OF_NEED.get(offer["needs"][0]) if offer.get("needs") else None
        line = words.second_need(w, offer["number"], words.topic(w, key or offer["route"]))
        if line not in reply.tail:
            reply.tail.append(line)
            if turn.budget.compact and reply.route == "emergency":
                reply.optional.add(line)
    state.last = {"route": reply.route, "language": reply.language, "next": reply.next}
    health = reply.route in HEALTH_ROUTES or (reply.route == "voluntary" and "mental_wellbeing" in state.needs)
    if health and reply.route not in ("emergency", "crisis"):
        net = words.safety_net(w, _nhs111_phone(turn))
        reply.tail.append(net)
        reply.essential.add(net)
