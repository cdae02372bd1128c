"""Play scripted conversations (format: /work/blind/CONV_FORMAT.md) and judge each reply on meaning.

A conversation goes through the Flask test client on its own channel: SMS as signed
POST /sms/inbound, web as POST /api/v1/chat. Each `expect` key is checked on what the reply
means, not its wording: the route the conversation is on, the language the reply is written in,
the kinds of services it names (found by the directory's own names and phone numbers in the
text), their true distance from where the resident said they are (geocoded here, independently
of navigator's place module), the safety numbers present, and SMS segments.
"""
from __future__ import annotations

import csv
import html
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from navigator.conversation import words as W
from navigator.conversation.language import detected_language
from navigator.directory.models import Postcode, PostcodeArea, Service
from navigator.directory.postcodes import distance_km, normalise_postcode
from navigator.sms.phone import phone_hash
from navigator.sms.segments import sms_size
from navigator.triage.normalise import ARABIC, BENGALI, GUJARATI, GURMUKHI, TAMIL, tokenise, normalise

TOKEN = "test-twilio-token"
BASE = "https://navigator.example.nhs.uk"
PEPPER = "conversation-suite-pepper"
DATA = Path(__file__).parent / "data"
GAZETTEER = Path(__file__).resolve().parents[2] / "directory_data" / "places" / "london_place_names_gazetteer.csv"
SHARED_GAZETTEER = Path(__file__).resolve().parents[3] / "shared" / "data" / "found" / "london_place_names_gazetteer.csv"
_sids = itertools.count(1)
_phones = itertools.count(1)

SCRIPT_OF = {"gu": GUJARATI, "ta": TAMIL, "bn": BENGALI, "pa": GURMUKHI, "ar": ARABIC, "ur": ARABIC, "fa": ARABIC}
LOCAL_KINDS = {"a_and_e", "utc", "pharmacy", "gp", "dentist", "food_bank", "carers"}


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


# --- what a reply is ---

@dataclass
class Said:
    """One reply as the harness sees it."""

    channel: str
    text: str
    route: Optional[str]
    language: Optional[str]
    next: Optional[str]
    services: list = field(default_factory=list)
    ids: list[int] = field(default_factory=list)  # services the JSON API lists


class Player:
    """Sends one conversation's messages on its channel and reads the replies."""

    def __init__(self, app, channel: str):
        self.app, self.channel = app, channel
        self.client = app.test_client()
        self.session: Optional[str] = None
        self.phone = f"+447700{next(_phones):06d}"
        if channel == "sms":
            app.config.update(TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL=BASE, PHONE_HASH_PEPPER=PEPPER)

    def say(self, text: str) -> Said:
        if self.channel == "sms":
            return self._sms(text)
        body = {"text": text}
        if self.session:
            body["session"] = self.session
        response = self.client.post("/api/v1/chat", json=body)
        assert response.status_code == 200, response.get_json()
        data = response.get_json()
        self.session = data["session"]
        said = Said("web", data["reply"], data["route"], data["language"], data["next"])
        said.ids = [s["id"] for s in data["services"]]
        return said

    def _sms(self, text: str) -> Said:
        # A MessageSid of its own ("SC..."): the other SMS tests count theirs from 1 too, and a repeated
        # MessageSid is answered with the stored reply (Twilio retries), so they must never meet.
        form = {"From": self.phone, "To": "+447700900000", "Body": text, "MessageSid": f"SC{next(_sids):032d}"}
        signature = RequestValidator(TOKEN).compute_signature(BASE + "/sms/inbound", form)
        response = self.client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200, response.data
        found = re.search(r"<Message>(.*)</Message>", response.get_data(as_text=True), re.S)
        reply = html.unescape(found.group(1)) if found else ""
        with self.app.app_context():
            from navigator import clock, db
            from navigator.conversation import open_store

            state = open_store(self.app, db.session(), clock.now()).load("sms:" + phone_hash(self.phone, PEPPER))
            last = state.last if state else {}
        return Said("sms", reply, last.get("route"), last.get("language"), last.get("next"))


# --- services named, found in the text ---

def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass(frozen=True)
class Rec:
    """What the judge needs of a directory service (read once per database)."""

    id: int
    name: str
    org: str
    category: str
    route: str
    need_ids: tuple[str, ...]
    boroughs_served: tuple[str, ...]
    phones: frozenset[str]
    lat: Optional[float]
    lon: Optional[float]
    postcode: Optional[str] = None


_RECS: dict[str, dict[int, Rec]] = {}


def _all_services(session) -> list[Rec]:
    key = str(session.get_bind().url)
    if key not in _RECS:
        recs = {}
        for s in session.scalars(select(Service).where(Service.status != "closed")):
            loc = s.location
            recs[s.id] = Rec(s.id, s.name, s.organisation.name if s.organisation else "", s.category, s.route,
                             tuple(s.need_ids), tuple(s.boroughs_served),
                             frozenset(_digits(c.value) for c in s.contacts if c.kind in ("phone", "sms")),
                             loc.lat if loc is not None else None, loc.lon if loc is not None else None,
                             loc.postcode if loc is not None else None)
        _RECS[key] = recs
    return list(_RECS[key].values())


def rec(session, service_id: int) -> Optional[Rec]:
    _all_services(session)
    return _RECS[str(session.get_bind().url)].get(service_id)


def services_in_text(session, text: str) -> list[Rec]:
    """Directory services the text names: by full name (the longest names first, each name's
    words taken once, a chain's branch told by its postcode), or by a phone or text number."""
    from dataclasses import replace

    found: list[Rec] = []
    numbers = {_digits(m) for m in re.findall(r"\d[\d ]{2,14}\d", text)}
    rest = text.casefold()
    by_name: dict[str, list[Rec]] = {}
    for service in _all_services(session):
        by_name.setdefault(service.name.casefold(), []).append(service)
    for name in sorted(by_name, key=len, reverse=True):
        # A whole name, not part of a word: the pharmacy "Well" is not named by "unwell".
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        if len(name) < 4 or not pattern.search(rest):
            continue
        rest = pattern.sub("\x00", rest)
        branches = by_name[name]
        if len(branches) > 1:
            located = [b for b in branches if b.postcode and b.postcode.casefold() in text.casefold()]
            # Without its postcode a branch cannot be told apart: its kind counts, not its distance.
            branches = located or [replace(branches[0], lat=None, lon=None)]
        found += branches
    for service in _all_services(session):
        if service not in found and any(len(p) >= 5 and p in numbers for p in service.phones):
            found.append(service)
    return found


def kind_of(service: Rec) -> set[str]:
    """The kinds of the format (a_and_e, utc, pharmacy...) a directory service counts as."""
    kinds = set()
    cat, route, needs = service.category, service.route, set(service.need_ids)
    name = (service.name + " " + service.org).casefold()
    if cat == "a_and_e" or route == "emergency":
        kinds.add("a_and_e")
    if cat in ("urgent_treatment_centre", "walk_in_centre", "minor_injuries_unit"):
        kinds.add("utc")
    if cat == "community_pharmacy":
        kinds.add("pharmacy")
    if cat == "gp_practice":
        kinds.add("gp")
    if route == "dental" or "dent" in cat:
        kinds.add("dentist")
    if route == "nhs111":
        kinds.add("nhs111")
    if cat == "crisis_line":
        kinds.add("crisis_line" if service.boroughs_served else "listening_line")
    if cat == "talking_therapies" or "talking therap" in name or "iapt" in name.split():  # IAPT: its former name
        kinds.add("talking_therapies")
    if cat == "food_bank" or ("food" in needs and route == "voluntary"):
        kinds.add("food_bank")
    if "debt" in needs or "money" in needs:
        kinds.add("debt_advice")
    if "housing" in needs:
        kinds.add("housing_advice")
    if cat == "carers_centre" or "carers" in needs:
        kinds.add("carers")
    if "domestic_abuse" in needs:
        kinds.add("domestic_abuse")
    if "citizens advice" in name:
        kinds.add("citizens_advice")
    return kinds


# --- where a place is (independent of navigator's own place reading) ---

@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[float, float]]:
    path = GAZETTEER if GAZETTEER.exists() else SHARED_GAZETTEER
    out: dict[str, tuple[float, float]] = {}
    if path.exists():
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row.get("lat") and row.get("lon"):  # a few rows (non-geographic districts) have no point
                    out.setdefault(_key(row["place_name"]), (float(row["lat"]), float(row["lon"])))
    return out


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.casefold().replace("'", "")).strip()


def geocode(session, near: str) -> Optional[tuple[float, float]]:
    """A full postcode, a postcode district or sector, or a place name from the TfL/ONS gazetteer."""
    unit = normalise_postcode(near)
    if unit:
        row = session.get(Postcode, unit)
        return (row.lat, row.lon) if row else None
    code = re.sub(r"\s+", " ", near.strip().upper())
    area = session.get(PostcodeArea, code)
    if area is not None:
        return area.lat, area.lon
    key = _key(near)
    gaz = _gazetteer()
    if key in gaz:
        return gaz[key]
    for suffix in (" station", " underground station", " rail station"):
        if key + suffix in gaz:
            return gaz[key + suffix]
    from navigator.directory.models import NWL_BOROUGHS

    for borough in NWL_BOROUGHS:
        if _key(borough) == key:
            area = session.get(PostcodeArea, borough)
            return (area.lat, area.lon) if area else None
    return None


# --- safety lines and mentions ---

def _phones_of(session, pred) -> set[str]:
    out = set()
    for service in _all_services(session):
        if pred(service):
            out |= service.phones
    return out


def has_number(text: str, digits: set[str]) -> bool:
    found = {_digits(m) for m in re.findall(r"\d[\d ]{1,14}\d", text)}
    return bool(found & digits)


def safety_present(session, kind: str, text: str) -> bool:
    flat = text.replace("\n", " ")
    option2 = re.search(r"\b111\b[^.\n]{0,80}?\b2\b", text) is not None
    if kind == "call_999":
        return re.search(r"(?<!\d)999(?!\d)", text) is not None
    if kind == "nhs111":
        return re.search(r"(?<!\d)111(?!\d)", text) is not None
    if kind == "listening_line":
        return "116 123" in flat or "85258" in flat
    if kind == "silent_999":
        return re.search(r"(?<!\d)55(?!\d)", text) is not None and "999" in text
    if kind == "domestic_abuse_line":
        return has_number(text, _phones_of(session, lambda s: "domestic_abuse" in s.need_ids))
    if kind == "crisis_line":
        local = _phones_of(session, lambda s: s.category == "crisis_line" and bool(s.boroughs_served))
        return has_number(text, local) or option2
    if kind == "safety_net":
        local = _phones_of(session, lambda s: s.category == "crisis_line")
        return "999" in text and (option2 or has_number(text, local))
    raise AssertionError(f"unknown safety kind {kind}")


def _strings(lang: str, *makers) -> list[str]:
    w = W.Words(lang)
    out = []
    for make in makers:
        text = make(w)
        out += text if isinstance(text, list) else [text]
    return out


def _prefix(s: str) -> str:
    """The fixed part of a sentence with values (before the first %(...)s)."""
    return re.split(r"%\(", s)[0].strip()


def mention_present(session, kind: str, said: Said, lang: str) -> bool:
    text = said.text
    w = W.Words(said.language or lang)
    langs = {said.language or lang, lang, "en"}
    if kind in ("open_now", "open_day"):
        time = re.search(r"\d{1,2}[:.]\d{2}", text)
        phrases = [w.gettext(p) for p in ("open 24 hours", "closed now", "call to check opening hours", "open now",
                                          "open until midnight")]
        if kind == "open_day":
            days = {W.Words(l).weekday(__import__("datetime").datetime(2026, 11, 23 + d, 12, tzinfo=__import__("datetime").timezone.utc))
                    for l in langs for d in range(7)}
            return any(d in text for d in days) and (time is not None or any(p in text for p in phrases)
                                                     or _prefix(w.gettext("%(day)s: closed")).strip(":") in text)
        return time is not None or any(p in text for p in phrases)
    if kind == "languages_spoken":
        return any(_prefix(W.Words(l).gettext(s)) in text for l in langs
                   for s in ("staff speak %(languages)s", "languages not listed: call to ask for an interpreter"))
    if kind == "walk_in":
        return any(W.Words(l).gettext(s) in text for l in langs
                   for s in ("you can walk in", "call first for an appointment", "call to check if you need an appointment"))
    if kind == "distance":
        # A figure in km, or "near Acton" when the place is an area and the service is inside it.
        km = re.search(r"\d+([.,]\d)?", text) is not None and any(
            W.Words(l).km(1.0).replace("1.0", "").replace("1,0", "").strip() in text for l in langs)
        return km or any(_prefix(W.Words(l).gettext("near %(place)s")) in text for l in langs)
    if kind == "phone":
        return re.search(r"(?<!\d)(0\d{2,4}[ \d]{6,10}|111|999|\d{5})(?!\d)", text) is not None
    if kind == "numbered_choice":
        return any(_prefix(W.numbered_choice(W.Words(l)))[:20] in text for l in langs)
    if kind == "second_need_offer":
        return any(_prefix(W.Words(l).gettext("Reply %(number)s for help with %(topic)s.")) in text for l in langs) or \
            re.search(r"\b2\b", text) is not None and said.route is not None
    if kind == "closing":
        return any(W.closing(W.Words(l)) in text for l in langs)
    if kind == "english_marked":
        return any(W.in_english(W.Words(l)) in text for l in langs) or said.language == "en"
    if kind == "unknown_postcode":
        from navigator.conversation.place_words import unknown_postcode

        # The sentence's words after the postcode ("... is not a postcode that exists").
        if any(max(unknown_postcode(W.Words(l), "\x00").split("\x00"), key=len).strip()[:20] in text for l in langs):
            return True
        return any(_prefix(W.Words(l).gettext("I could not find %(place)s. Please send a full postcode (like UB3 1AA) or a borough name."))
                   in text for l in langs) or any(_prefix(W.Words(l).gettext(
                       "I could not find %(place)s. Please send a full postcode (like UB3 1AA) or a borough name.")).split()[-1] in text for l in langs)
    if kind == "out_of_area":
        return any(s in text for l in langs for s in _out_of_area_strings(l))
    raise AssertionError(f"unknown mention {kind}")


def _out_of_area_strings(lang: str) -> list[str]:
    w = W.Words(lang)
    sentence = w.gettext("%(place)s is outside the area I cover.")
    return [max(sentence.split("%(place)s"), key=len).strip()[:25]]


def generic(text: str, lang: str) -> bool:
    """Whether the reply is the generic 'tell me what you need' prompt."""
    for l in {lang, "en"}:
        w = W.Words(l)
        for s in (W.clarify(w), W.clarify_short(w), W.help_text(w)):
            if s in text:
                return True
    return False


# --- language of the reply text ---

def navigator_sentences(session, said: Said) -> str:
    """The reply without service blocks (names, addresses, contacts are the directory's own English)."""
    names = [s.name for s in said.services] + [s.org for s in said.services if s.org]
    keep = []
    for line in said.text.split("\n"):
        if any(n and n in line for n in names):
            continue
        if re.search(r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b", line) or re.fullmatch(r"[\W\d]*(Tel|text)?[\W\d]*", line) \
                or re.fullmatch(r"\s*https?://\S+\s*", line):
            continue
        keep.append(line)
    return "\n".join(keep)


def reply_in_language(session, said: Said, lang: str) -> Optional[str]:
    """None when the reply is in `lang`; else why not."""
    if said.language is not None and said.language != lang:
        return f"reply language field {said.language}, expected {lang}"
    text = navigator_sentences(session, said)
    tokens = tokenise(normalise(text))
    if not tokens:
        return None
    script = SCRIPT_OF.get(lang)
    if script:
        native = sum(len(t.text) for t in tokens if t.script == script)
        latin = sum(len(t.text) for t in tokens if t.script == "Latn")
        if native < 3 or (not said.services and native < latin // 3):
            return f"reply text is not in {lang}'s script"
        if script != ARABIC:
            return None
    code, sure = detected_language(text)
    if sure and code != lang:
        return f"reply text reads as {code}, expected {lang}"
    return None


# --- checking one turn ---

def check_turn(session, conv: dict, turn: dict, said: Said) -> list[str]:
    expect = turn.get("expect") or {}
    lang = expect.get("reply_language") or conv.get("language", "en")
    problems = []
    if "route" in expect and said.route != expect["route"]:
        problems.append(f"route {said.route}, expected {expect['route']}")
    why = reply_in_language(session, said, lang)
    if why:
        problems.append(why)
    if expect.get("asks_place") and said.next != "location":
        problems.append("does not ask for a place")
    if expect.get("asks_place") is False and said.next == "location":
        problems.append("asks for a place")
    kinds = [kind_of(s) for s in said.services]
    for kind in expect.get("services") or []:
        if not any(kind in k for k in kinds):
            problems.append(f"names no {kind}")
    for kind in expect.get("no_services") or []:
        if any(kind in k for k in kinds):
            problems.append(f"names a {kind}")
    if expect.get("near"):
        where = geocode(session, str(expect["near"]))
        if where is None:
            problems.append(f"harness cannot place {expect['near']!r}")
        else:
            limit = float(expect.get("max_km") or 5)
            for service in said.services:
                if service.lat is None or not (kind_of(service) & LOCAL_KINDS):
                    continue
                km = distance_km(where[0], where[1], service.lat, service.lon)
                if km > limit:
                    problems.append(f"{service.name} is {km:.1f} km from {expect['near']} (max {limit})")
    for kind in expect.get("safety") or []:
        if not safety_present(session, kind, said.text):
            problems.append(f"no {kind} line")
    for kind in expect.get("mentions") or []:
        if not mention_present(session, kind, said, lang):
            problems.append(f"does not mention {kind}")
    if expect.get("not_generic") and generic(said.text, said.language or lang):
        problems.append("generic prompt")
    if said.channel == "sms":
        segments = sms_size(said.text).segments
        limit = min(int(expect.get("max_segments", 3)), 3)
        if segments > limit:
            problems.append(f"{segments} SMS segments (max {limit})")
        if not said.text:
            problems.append("empty SMS reply")
    return problems


def play(app, conv: dict) -> list[tuple[int, str, str, list[str]]]:
    """Play a conversation; returns (turn number, message, reply, problems) for each failing turn."""
    player = Player(app, conv.get("channel", "web"))
    failures = []
    for i, turn in enumerate(conv["turns"], 1):
        said = player.say(turn["say"])
        with app.app_context():
            from navigator import db

            session = db.session()
            listed = [r for r in (rec(session, i) for i in said.ids) if r is not None]
            names = {r.name for r in listed}
            said.services = listed + [r for r in services_in_text(session, said.text) if r.name not in names]
            problems = check_turn(session, conv, turn, said)
        if problems:
            failures.append((i, turn["say"], said.text, problems))
    return failures


def transcript(conv: dict, failures) -> str:
    out = [f"{conv['id']} ({conv.get('channel')}, {conv.get('language')})"]
    for i, say, reply, problems in failures:
        out.append(f"  turn {i}: {say!r}\n    -> {reply!r}\n    !! {'; '.join(problems)}")
    return "\n".join(out)
