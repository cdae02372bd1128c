"""Staff directory search: a prepared, typo-tolerant index over the directory, with filters and reasons.

The index is built once from the database (names, organisations, categories, needs and their
descriptions, service descriptions) and rebuilt only when the directory changes — its key is a
cheap aggregate of the service and schedule tables. A search then runs in memory: rapidfuzz finds
the index words near each query word (typos, plurals), IDF weighting makes rare words count more
than "help" or "service", and filters narrow the candidates before any opening hours are worked out.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml
from babel import Locale
from rapidfuzz import fuzz, process, utils
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..directory.hours import OpenState, opening_state
from ..directory.models import NWL_BOROUGHS, HolidaySchedule, RegularSchedule, Service
from ..directory.postcodes import BOROUGH_ALIASES, Place, distance_km, find_place_text, resolve_place
from ..i18n import LANGUAGES

# How much a word found in each field counts (the name says most about a service).
FIELD_WEIGHTS = {
    "name": 1.0,
    "needs": 0.95,
    "category": 0.9,
    "organisation": 0.8,
    "category_needs": 0.7,  # needs every service of its category has (all GPs: mental wellbeing...)
    "description": 0.65,
    "about": 0.6,
    "category_about": 0.45,
}
CATEGORY_WIDE = 0.9  # a need held by this share of a category's services says little about any one of them
FIELD_LABELS = {
    "name": "name",
    "needs": "needs",
    "category_needs": "needs",
    "category_about": "needs",
    "organisation": "organisation",
    "category": "category",
    "description": "description",
    "about": "needs",
}
MIN_SCORE = 45
MAX_RESULTS = 50
ROUTE_ORDER = ("emergency", "crisis", "utc", "nhs111", "dental", "pharmacy", "gp", "voluntary")
STOPWORDS = frozenset(
    """a an and or the of for to in on at by with near nearby around from who that which is are be
    someone somebody person people resident client patient me my i he she his her him they them their
    we our you your it its this these those who's whos speak speaks speaking spoken language needs
    need needing wants want looking look find some any please""".split()
)
LANGUAGE_NAMES = {code: Locale("en").languages[code] for code in LANGUAGES if code != "en"}
LANGUAGE_WORDS = {name.lower(): code for code, name in LANGUAGE_NAMES.items()} | {
    "persian": "fa",
    "bangla": "bn",
    "gurmukhi": "pa",
    "shahmukhi": "pa",
}


# --- a hashable, database-free copy of what the hours engine reads -------------------------------


@dataclass(frozen=True)
class WeeklyRow:
    weekday: int
    opens: int
    closes: int


@dataclass(frozen=True)
class DatedException:
    starts_on: dt.date
    ends_on: dt.date
    closed: bool
    opens: Optional[int]
    closes: Optional[int]
    reason: Optional[str]


@dataclass(frozen=True)
class Schedule:
    """Service-shaped for `opening_state`; equal schedules share cached answers (476 pharmacies, one default)."""

    status: str
    always_open: bool
    hours_source: str
    bank_holidays: str
    status_note: Optional[str]
    regular_schedules: tuple[WeeklyRow, ...]
    holiday_schedules: tuple[DatedException, ...]
    hours_confirmed: bool = True  # False: the source itself does not confirm the hours (see directory/hours.py)


@lru_cache(maxsize=4096)
def state_at(schedule: Schedule, at: dt.datetime) -> OpenState:
    """The opening state of a schedule at a moment (cached: many services share a schedule)."""
    return opening_state(schedule, at)


# --- the index -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedService:
    """What staff search and the alternatives screen need about one service, held in memory."""

    id: int
    name: str
    organisation: Optional[str]
    route: str
    category: str
    status: str
    status_note: Optional[str]
    description: Optional[str]
    needs: frozenset[str]
    areas: frozenset[str]
    borough: Optional[str]
    address: Optional[str]
    postcode: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    phone: Optional[str]
    sms: Optional[str]
    url: Optional[str]
    languages: tuple[tuple[Optional[str], str], ...]  # (code, kind)
    age_min: Optional[int]
    age_max: Optional[int]
    last_verified: Optional[dt.date]
    schedule: Schedule

    @property
    def hours_source(self) -> str:
        return self.schedule.hours_source

    def serves(self, borough: str) -> bool:
        """In the borough, or serving it, or not limited to particular boroughs."""
        if self.borough == borough or borough in self.areas:
            return True
        return self.borough is None and not self.areas

    def eligible_for_age(self, age: Optional[int]) -> bool:
        """Whether someone of `age` may use the service (unknown limits: yes)."""
        if age is None:
            return True
        return (self.age_min is None or age >= self.age_min) and (self.age_max is None or age <= self.age_max)

    def language_offer(self, code: str) -> Optional[str]:
        """How the service offers a language ('staff speak it', 'interpreters'), or None."""
        for lang, kind in self.languages:
            if lang == code:
                return "interpreters" if kind == "interpreter" else "staff speak it"
        if any(kind == "interpreter" and lang is None for lang, kind in self.languages):
            return "interpreters"
        name = LANGUAGE_NAMES.get(code)
        if name and self.description and re.search(rf"\b{re.escape(name)}\b", self.description, re.I):
            return "description mentions it"
        return None

    def summary(self, state: Optional[OpenState] = None, distance: Optional[float] = None) -> dict:
        """The API contract's Service summary (plus status and how sure the hours are)."""
        data = {
            "id": self.id,
            "name": self.name,
            "organisation": self.organisation,
            "route": self.route,
            "category": self.category,
            "phone": self.phone,
            "sms": self.sms,
            "address": self.address,
            "postcode": self.postcode,
            "borough": self.borough,
            "lat": self.lat,
            "lon": self.lon,
            "url": self.url,
            "status": self.status,
            "hours_source": self.hours_source,
            "last_verified": self.last_verified.isoformat() if self.last_verified else None,
        }
        if distance is not None:
            data["distance_km"] = distance
        if state is not None:
            data["open_now"] = state.open
            data["opens_at"] = state.opens_at.isoformat() if state.opens_at else None
            data["closes_at"] = state.closes_at.isoformat() if state.closes_at else None
            data["hours_known"] = state.known
            data["always_open"] = state.always_open
            if state.reason:
                data["closed_reason"] = state.reason
        return data


_SUFFIXES = (("iness", "y"), ("ness", ""), ("ies", "y"), ("ing", ""), ("ers", "er"), ("ed", ""), ("es", ""), ("s", ""))


def stem(word: str) -> str:
    """A crude English stem so 'loneliness' meets 'lonely' and 'debts' meets 'debt'."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + replacement
    return word


def words(text: Optional[str]) -> list[str]:
    """Lower-case words without punctuation or accents' case."""
    return utils.default_process(text or "").split()


@dataclass
class _Posting:
    weight: float
    field: str


class SearchIndex:
    """Every service in memory, with an inverted index of word stems to services and fields."""

    def __init__(self, key: tuple, services: list[IndexedService], need_about: dict[str, str]):
        self.key = key
        self.services = {s.id: s for s in services}
        self.postings: dict[str, dict[int, _Posting]] = {}
        self.shown_word: dict[str, str] = {}
        self.category_wide = _category_wide_needs(services)
        for s in services:
            for fld, text in self._fields(s, need_about, self.category_wide.get(s.category, frozenset())):
                weight = FIELD_WEIGHTS[fld]
                for word in words(text):
                    if word in STOPWORDS or len(word) < 2:
                        continue
                    key_ = stem(word)
                    self.shown_word.setdefault(key_, word)
                    entry = self.postings.setdefault(key_, {})
                    if s.id not in entry or entry[s.id].weight < weight:
                        entry[s.id] = _Posting(weight, fld)
        self.vocab = sorted(self.postings)
        total = max(len(services), 1)
        self.idf = {w: math.log(1 + total / len(ids)) for w, ids in self.postings.items()}
        self.names = [s.name for s in services]
        self.name_ids = [s.id for s in services]

    @staticmethod
    def _fields(s: IndexedService, need_about: dict[str, str], wide: frozenset[str]) -> Iterable[tuple[str, str]]:
        yield "name", s.name
        if s.organisation:
            yield "organisation", s.organisation
        yield "category", s.category.replace("_", " ")
        for need in s.needs:
            prefix = "category_" if need in wide else ""
            yield prefix + "needs", need.replace("_", " ")
            if need in need_about:
                yield prefix + "about", need_about[need]
        if s.description:
            yield "description", s.description

    def _near_words(self, token: str) -> list[tuple[str, float]]:
        """Index stems close to a query word: exact, typo (rapidfuzz ratio), or a word it begins."""
        key = stem(token)
        found = {key: 1.0} if key in self.postings else {}
        cutoff = 100 if len(key) <= 3 else (84 if len(key) <= 5 else 78)
        if cutoff < 100:
            for word, score, _ in process.extract(key, self.vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=10):
                found[word] = max(found.get(word, 0.0), score / 100 * 0.95)
        if len(key) >= 4:
            start = bisect.bisect_left(self.vocab, key)
            for word in self.vocab[start : start + 20]:
                if not word.startswith(key):
                    break
                found[word] = max(found.get(word, 0.0), 0.9)
        return sorted(found.items(), key=lambda item: -item[1])

    def text_scores(self, query: str) -> tuple[dict[int, tuple[float, list[str]]], list[str]]:
        """Service id → (score 0–100, reasons) for a free-text query; and the query words nothing matched."""
        tokens = [t for t in dict.fromkeys(words(query)) if t not in STOPWORDS and len(t) >= 2]
        matched: list[tuple[str, float, dict[int, tuple[float, str]]]] = []
        unmatched = []
        for token in tokens:
            near = self._near_words(token)
            if not near:
                unmatched.append(token)
                continue
            per_service: dict[int, tuple[float, str]] = {}
            for word, similarity in near:
                for sid, posting in self.postings[word].items():
                    value = similarity * posting.weight
                    if value > per_service.get(sid, (0.0, ""))[0]:
                        why = f"“{token}” in {FIELD_LABELS[posting.field]}"
                        if word != stem(token):
                            why += f" (as “{self.shown_word[word]}”)"
                        per_service[sid] = (value, why)
            matched.append((token, self.idf[near[0][0]], per_service))
        scores: dict[int, tuple[float, list[str]]] = {}
        total_idf = sum(idf for _, idf, _ in matched)
        if total_idf:
            for sid in set().union(*(per.keys() for _, _, per in matched)):
                value = sum(idf * per.get(sid, (0.0, ""))[0] for _, idf, per in matched) / total_idf
                reasons = [per[sid][1] for _, _, per in matched if sid in per]
                scores[sid] = (100 * value, reasons)
        phrase = " ".join(tokens)
        if len(phrase) >= 4:
            for name, score, pos in process.extract(
                phrase, self.names, scorer=fuzz.partial_ratio, processor=utils.default_process, score_cutoff=88, limit=20
            ):
                sid = self.name_ids[pos]
                if score > scores.get(sid, (0.0, []))[0]:
                    scores[sid] = (float(score), [f"name matches “{phrase}”"])
        return scores, unmatched


def _category_wide_needs(services: list[IndexedService]) -> dict[str, frozenset[str]]:
    """Per category (of 20 or more services), the needs nearly all of them share."""
    by_category: dict[str, list[IndexedService]] = {}
    for s in services:
        by_category.setdefault(s.category, []).append(s)
    wide = {}
    for category, members in by_category.items():
        if len(members) >= 20:
            counts: dict[str, int] = {}
            for s in members:
                for need in s.needs:
                    counts[need] = counts.get(need, 0) + 1
            wide[category] = frozenset(n for n, c in counts.items() if c >= CATEGORY_WIDE * len(members))
    return wide


def _index_key(db: Session) -> tuple:
    """Changes whenever a service, its weekly hours or its dated exceptions change."""
    row = db.execute(
        select(
            select(func.count(Service.id)).scalar_subquery(),
            select(func.max(Service.updated_at)).scalar_subquery(),
            select(func.coalesce(func.sum(Service.version), 0)).scalar_subquery(),
            select(func.count(RegularSchedule.id)).scalar_subquery(),
            select(func.max(RegularSchedule.id)).scalar_subquery(),
            select(func.count(HolidaySchedule.id)).scalar_subquery(),
            select(func.max(HolidaySchedule.id)).scalar_subquery(),
        )
    ).one()
    return tuple(str(value) for value in row)


def _indexed(s: Service) -> IndexedService:
    loc = s.location
    schedule = Schedule(
        status=s.status,
        always_open=bool(s.always_open),
        hours_source=s.hours_source,
        bank_holidays=s.bank_holidays,
        status_note=s.status_note,
        hours_confirmed=s.hours_confirmed is not False,
        regular_schedules=tuple(WeeklyRow(r.weekday, r.opens, r.closes) for r in s.regular_schedules),
        holiday_schedules=tuple(
            DatedException(h.starts_on, h.ends_on, h.closed, h.opens, h.closes, h.reason) for h in s.holiday_schedules
        ),
    )
    return IndexedService(
        id=s.id,
        name=s.name,
        organisation=s.organisation.name if s.organisation else None,
        route=s.route,
        category=s.category,
        status=s.status,
        status_note=s.status_note,
        description=s.description,
        needs=frozenset(s.need_ids),
        areas=frozenset(s.boroughs_served),
        borough=loc.borough if loc else None,
        address=loc.address if loc else None,
        postcode=loc.postcode if loc else None,
        lat=loc.lat if loc else None,
        lon=loc.lon if loc else None,
        phone=s.contact("phone"),
        sms=s.contact("sms"),
        url=s.url or s.contact("website"),
        languages=tuple((lang.code, lang.kind) for lang in s.languages),
        age_min=s.age_min,
        age_max=s.age_max,
        last_verified=s.last_verified,
        schedule=schedule,
    )


def load_need_about(data_dir: Path) -> dict[str, str]:
    """Need id → its plain description from triage/needs.yaml (synonyms staff may type)."""
    path = Path(data_dir) / "triage" / "needs.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    # Parentheses hold notes for clinicians ("(Pharmacy First: 5 years and over)"), not synonyms.
    return {
        need: re.sub(r"\([^)]*\)", " ", str(spec.get("about", "")))
        for need, spec in raw.items()
        if isinstance(spec, dict)
    }


_indexes: dict[str, SearchIndex] = {}
_lock = threading.Lock()


def search_index(db: Session, data_dir: Path) -> SearchIndex:
    """The prepared index for this database, rebuilt only when the directory has changed."""
    url = db.get_bind().url.render_as_string(hide_password=True)
    key = _index_key(db)
    index = _indexes.get(url)
    if index is not None and index.key == key:
        return index
    with _lock:
        index = _indexes.get(url)
        if index is None or index.key != key:
            services = [_indexed(s) for s in db.scalars(select(Service).where(Service.status != "closed")).unique()]
            index = SearchIndex(key, services, load_need_about(data_dir))
            _indexes[url] = index
    return index


# --- searching -----------------------------------------------------------------------------------


@dataclass
class SearchQuery:
    """What a member of staff asked for; every field is optional."""

    text: str = ""
    need: Optional[str] = None
    category: Optional[str] = None
    route: Optional[str] = None
    borough: Optional[str] = None
    near: Optional[Place] = None
    radius_km: Optional[float] = None
    open_at: Optional[dt.datetime] = None  # only services open then
    language: Optional[str] = None
    age: Optional[int] = None


@dataclass
class SearchHit:
    """A service found, with distance, opening state and the reasons it is here."""

    service: IndexedService
    state: OpenState
    distance_km: Optional[float] = None
    score: float = 0.0
    why: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    """The hits (best first, at most MAX_RESULTS), how many matched, and how the text was read."""

    hits: list[SearchHit]
    total: int
    place_from_text: Optional[Place] = None
    language_from_text: Optional[str] = None
    unmatched_words: list[str] = field(default_factory=list)


def read_query_text(db: Session, text: str) -> tuple[str, Optional[Place], Optional[str]]:
    """Take a place ('in Hounslow', 'near HA0') and a language ('speaks Punjabi') out of free text."""
    rest = text
    place = None
    found = find_place_text(text)
    if found:
        resolved = resolve_place(db, found)
        if resolved is not None:
            place = resolved
            aliases = [a for a, b in BOROUGH_ALIASES.items() if b == resolved.borough or a == found.lower()]
            for phrase in sorted({found, *aliases, *(b for b in NWL_BOROUGHS if b == found)}, key=len, reverse=True):
                rest = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", rest, flags=re.I)
    language = None
    for word in words(rest):
        if word in LANGUAGE_WORDS:
            language = LANGUAGE_WORDS[word]
            rest = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", rest, flags=re.I)
            break
    return " ".join(rest.split()), place, language


def search(db: Session, data_dir: Path, q: SearchQuery, now: dt.datetime) -> SearchResult:
    """Search the directory: filters narrow, text ranks, and each hit says why it is here."""
    index = search_index(db, data_dir)
    text, place_from_text, language_from_text = (q.text, None, None)
    if q.text:
        text, place_from_text, language_from_text = read_query_text(db, q.text)
    near = q.near or place_from_text
    borough = q.borough or (place_from_text.borough if place_from_text and place_from_text.precision == "borough" else None)
    if q.near is None and place_from_text is not None and place_from_text.precision == "borough":
        near = None  # a borough's centroid is no place to measure distances from
    scores, unmatched = index.text_scores(text) if text else ({}, [])
    at = q.open_at or now

    hits = []
    for s in index.services.values():
        why: list[str] = []
        score = 0.0
        if text:
            if s.id not in scores or scores[s.id][0] < MIN_SCORE:
                continue
            score, reasons = scores[s.id]
            why.extend(reasons)
        if q.route and s.route != q.route:
            continue
        if q.category and s.category != q.category:
            continue
        if q.need:
            if q.need not in s.needs:
                continue
            why.append(f"meets need: {q.need.replace('_', ' ')}")
        if borough:
            if not s.serves(borough):
                continue
            why.append(f"in or serves {borough}" if s.borough or s.areas else "not limited to an area")
        if q.language:
            offer = s.language_offer(q.language)
            if offer is None:
                continue
            why.append(f"{LANGUAGE_NAMES.get(q.language, q.language)}: {offer}")
        elif language_from_text:
            offer = s.language_offer(language_from_text)
            if offer:
                score += 10
                why.append(f"{LANGUAGE_NAMES[language_from_text]}: {offer}")
        if q.age is not None:
            if not s.eligible_for_age(q.age):
                continue
            if s.age_min is not None or s.age_max is not None:
                why.append(f"age {q.age} eligible")
        distance = None
        if near is not None:
            if s.lat is not None and s.lon is not None:
                distance = round(distance_km(near.lat, near.lon, s.lat, s.lon), 2)
                if q.radius_km is not None and distance > q.radius_km:
                    continue
                why.append(f"{distance:.1f} km from {near.label}")
            elif near.borough and (s.borough == near.borough or near.borough in s.areas) and q.radius_km is None:
                why.append(f"serves {near.borough}")
            elif q.radius_km is not None:
                # Not on the map: keep it only if it is for the place's borough (or for everyone).
                if near.borough is None or not s.serves(near.borough):
                    continue
                why.append("phone or online service" if s.borough is None and not s.areas else f"serves {near.borough} (no map position)")
        hits.append(SearchHit(s, None, distance, score, why))  # type: ignore[arg-type]

    kept = []
    for hit in hits:
        hit.state = state_at(hit.service.schedule, at)
        if q.open_at is not None:
            if not hit.state.open:
                continue
            hit.why.append("open at the time asked")
        kept.append(hit)

    local_borough = near.borough if near is not None else borough
    kept.sort(
        key=lambda h: (
            _band(h.score) if text else 0,
            _locality(h, local_borough),
            # Near a place, distance beats small differences in wording; otherwise wording decides.
            (h.distance_km if h.distance_km is not None else math.inf) if near is not None else 0,
            -round(h.score) if text else 0,
            h.distance_km if h.distance_km is not None else math.inf,
            0 if h.state.open else (1 if not h.state.known else 2),
            ROUTE_ORDER.index(h.service.route) if h.service.route in ROUTE_ORDER else 99,
            h.service.name,
        )
    )
    return SearchResult(kept[:MAX_RESULTS], len(kept), place_from_text, language_from_text, unmatched)


def _band(score: float) -> int:
    """Strong, fair or weak text match: within a band, nearer and local services come first."""
    return 0 if score >= 80 else (1 if score >= 60 else 2)


def _locality(hit: SearchHit, borough: Optional[str]) -> int:
    """0: within reach or for the borough; 1: for everyone (helplines); 2: for somewhere else."""
    s = hit.service
    if hit.distance_km is not None:
        return 0 if hit.distance_km <= 5 else 2
    if borough is None:
        return 1
    if s.borough == borough or borough in s.areas:
        return 0
    return 1 if s.borough is None and not s.areas else 2


def service_choices(db: Session, data_dir: Path) -> tuple[list[str], list[str]]:
    """The need ids and categories present in the directory, for the filter menus."""
    index = search_index(db, data_dir)
    needs = sorted({n for s in index.services.values() for n in s.needs})
    categories = sorted({s.category for s in index.services.values()})
    return needs, categories
