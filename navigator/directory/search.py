"""Directory search for staff: a prepared, field-weighted index over the directory, with filters and reasons.

The index is built once from the database (names, needs and their plain descriptions, categories,
organisations, service descriptions) and rebuilt only when the directory changes — its key is a
cheap aggregate of the service and schedule tables. A search then runs in memory:

- words are reduced to Snowball (English) stems, so "carers" meets "carer" but not "care";
- a synonyms table (directory_data/search/synonyms.yaml, data not code) lets "ESOL" find
  "English classes" and "debt" find "money advice"; language names in every common spelling
  ("Bengali", "Bangla") are read as the language filter;
- a word found in a service's name or needs counts more than one in its description or
  organisation, and rare words count more than "help" or "support" (IDF);
- typos are forgiven only on words of 5 or more letters, and only by 1 edit (2 from 8 letters),
  so "peer" never becomes "peter";
- filters narrow the candidates before any opening hours are worked out, and each hit says
  which field and which term matched.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import Stemmer
import yaml
from babel import Locale
from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .hours import OpenState, opening_state
from .models import NWL_BOROUGHS, HolidaySchedule, RegularSchedule, Service
from .postcodes import BOROUGH_ALIASES, Place, distance_km, find_place_text, resolve_place
from ..i18n import LANGUAGES

# How much a word found in each field counts: the name and needs say most about a service.
FIELD_WEIGHTS = {
    "name": 1.0,
    "needs": 0.95,
    "category": 0.9,
    "about": 0.8,  # the plain description of a need the service meets
    "category_needs": 0.6,  # needs every service of its category has (all GPs: mental wellbeing...)
    "organisation": 0.6,
    "description": 0.6,
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
TYPO_MIN_LENGTH = 5  # shorter words must match exactly (after stemming): "peer" is not "peter"
TYPO_SIMILARITY = 0.9  # a word one typo away counts a little less than the word itself
SYNONYM_SIMILARITY = 0.9  # so does a synonym: "debt advice" puts debt services before "money advice" ones
MIN_SCORE = 45
MAX_RESULTS = 50
ROUTE_ORDER = ("emergency", "crisis", "utc", "nhs111", "dental", "pharmacy", "gp", "voluntary")
STOPWORDS = frozenset(
    """a an and or the of for to in on at by with near nearby around from who that which is are be
    someone somebody person people resident client patient me my i he she his her him they them their
    we our you your it its this these those who's whos speak speaks speaking spoken language languages
    needs need needing wants want looking look find some any please about worried concerned against""".split()
)
SYNONYMS_FILE = Path("search") / "synonyms.yaml"
LANGUAGE_NAMES = {code: Locale("en").languages[code] for code in LANGUAGES if code != "en"}

_stemmer = Stemmer.Stemmer("english")
_stem_lock = threading.Lock()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word: 'debts' → 'debt', 'carers' → 'carer'."""
    with _stem_lock:  # a PyStemmer object is not safe to share between threads
        return _stemmer.stemWord(word)


def words(text: Optional[str]) -> list[str]:
    """Lower-case words without punctuation."""
    return utils.default_process(text or "").split()


def _terms(text: Optional[str]) -> list[tuple[str, str]]:
    """(word, stem) for each word that can carry meaning in a search."""
    return [(w, stem(w)) for w in words(text) if w not in STOPWORDS and len(w) >= 2]


# --- the synonyms table and language names (data: directory_data/search/synonyms.yaml) -----------


@dataclass(frozen=True)
class Synonyms:
    """Phrase groups keyed by their stems, and every spelling of each language name."""

    groups: tuple[tuple[tuple[tuple[str, ...], str], ...], ...]  # group → ((stems, shown phrase), ...)
    phrase_group: dict[tuple[str, ...], int]
    longest: int
    language_words: dict[str, str]  # spelling → code
    rewrites: tuple[tuple[re.Pattern, str], ...] = ()

    def rewrite(self, text: Optional[str]) -> str:
        """Spell out terms whose punctuation carries the meaning ('A&E')."""
        text = text or ""
        for pattern, replacement in self.rewrites:
            text = pattern.sub(replacement, text)
        return text

    def alternatives(self, phrase: tuple[str, ...]) -> Optional[tuple[tuple[tuple[str, ...], str], ...]]:
        group = self.phrase_group.get(phrase)
        return None if group is None else self.groups[group]


@lru_cache(maxsize=8)
def load_synonyms(data_dir: str) -> Synonyms:
    """Read the synonyms table once per data directory (a missing file means no synonyms)."""
    path = Path(data_dir) / SYNONYMS_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        raw = {}
    groups, phrase_group = [], {}
    for members in raw.get("groups") or []:
        group = []
        for phrase in members:
            stems = tuple(s for _, s in _terms(str(phrase)))
            if stems and stems not in (g for g, _ in group):
                group.append((stems, str(phrase)))
        if len(group) < 2:
            continue
        for stems, _ in group:
            phrase_group.setdefault(stems, len(groups))
        groups.append(tuple(group))
    language_words = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
    for code, spellings in (raw.get("languages") or {}).items():
        for spelling in spellings:
            language_words[utils.default_process(str(spelling))] = str(code)
    longest = max((len(p) for p in phrase_group), default=1)
    rewrites = tuple(
        (re.compile(rf"(?<!\w){re.escape(str(k))}(?!\w)", re.I), f" {v} ") for k, v in (raw.get("rewrites") or {}).items()
    )
    return Synonyms(tuple(groups), phrase_group, longest, language_words, rewrites)



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

    def language_offer(self, code: str, spellings: Iterable[str] = ()) -> Optional[str]:
        """How the service offers a language ('staff speak it', 'interpreters'), or None.

        `spellings` are other names of the language its description may use ('Bengali', 'Bangla').
        """
        for lang, kind in self.languages:
            if lang == code:
                return "interpreters" if kind == "interpreter" else "staff speak it"
        if any(kind == "interpreter" and lang is None for lang, kind in self.languages):
            return "interpreters"
        names = {n.lower() for n in spellings} | ({LANGUAGE_NAMES[code].lower()} if code in LANGUAGE_NAMES else set())
        if self.description and any(re.search(rf"\b{re.escape(n)}\b", self.description, re.I) for n in names):
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


@dataclass(frozen=True)
class _Posting:
    weight: float
    field: str
    word: str  # the word as the service has it, for the "why" line


@dataclass
class _Concept:
    """One thing the query asks for: a word or a synonym phrase, with every way a service may say it."""

    label: str
    alternatives: list[tuple[tuple[str, ...], str, float]]  # (stems, shown, similarity)


class SearchIndex:
    """Every service in memory, with an inverted index of word stems to services and fields."""

    def __init__(self, key: tuple, services: list[IndexedService], need_about: dict[str, str], synonyms: Synonyms):
        self.key = key
        self.synonyms = synonyms
        self.services = {s.id: s for s in services}
        self.postings: dict[str, dict[int, _Posting]] = {}
        self.category_wide = _category_wide_needs(services)
        surface: dict[str, str] = {}
        for s in services:
            for fld, text in self._fields(s, need_about, self.category_wide.get(s.category, frozenset())):
                weight = FIELD_WEIGHTS[fld]
                for word, key_ in _terms(synonyms.rewrite(text)):
                    if len(word) >= TYPO_MIN_LENGTH:
                        surface.setdefault(word, key_)
                    entry = self.postings.setdefault(key_, {})
                    if s.id not in entry or entry[s.id].weight < weight:
                        entry[s.id] = _Posting(weight, fld, word)
        self.surface_words = sorted(surface)
        self.surface_stem = surface
        self.total = max(len(services), 1)
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

    def _typo_stems(self, word: str) -> list[tuple[str, str]]:
        """Index words one typo from a word of 5+ letters (two from 8+): (stem, word) pairs."""
        if len(word) < TYPO_MIN_LENGTH:
            return []
        max_edits = 1 if len(word) < 8 else 2
        found = process.extract(
            word, self.surface_words, scorer=OSA.distance, score_cutoff=max_edits, limit=10
        )
        return [(self.surface_stem[w], w) for w, _, _ in found if w != word]

    def concepts(self, text: str) -> list[_Concept]:
        """Read the query into concepts: synonym phrases (longest first), else single words with their typos."""
        terms = _terms(self.synonyms.rewrite(text))
        stems = [s for _, s in terms]
        out, i = [], 0
        while i < len(terms):
            for length in range(min(self.synonyms.longest, len(terms) - i), 0, -1):
                alternatives = self.synonyms.alternatives(tuple(stems[i : i + length]))
                if alternatives:
                    label = " ".join(w for w, _ in terms[i : i + length])
                    typed = tuple(stems[i : i + length])
                    out.append(
                        _Concept(
                            label,
                            [(st, shown, _phrase_similarity(st, typed)) for st, shown in alternatives],
                        )
                    )
                    i += length
                    break
            else:
                word, key = terms[i]
                alternatives = [((key,), word, 1.0)]
                for typo_stem, typo_word in self._typo_stems(word):
                    if typo_stem != key:
                        alternatives.append(((typo_stem,), typo_word, TYPO_SIMILARITY))
                        # a typo of a synonym ("foodbnk") reaches the synonym's group too
                        for st, shown in self.synonyms.alternatives((typo_stem,)) or ():
                            alternatives.append((st, shown, TYPO_SIMILARITY * SYNONYM_SIMILARITY))
                out.append(_Concept(word, alternatives))
                i += 1
        return out

    def _concept_matches(self, concept: _Concept) -> dict[int, tuple[float, str]]:
        """Service id → (value 0–1, why) for the best way the service says the concept."""
        per_service: dict[int, tuple[float, str]] = {}
        for stems, shown, similarity in concept.alternatives:
            postings = [self.postings.get(s) for s in stems]
            if not all(postings):
                continue
            common = set.intersection(*(set(p) for p in postings))  # type: ignore[arg-type]
            for sid in common:
                hits = [p[sid] for p in postings]  # type: ignore[index]
                weakest = min(hits, key=lambda h: h.weight)
                value = similarity * weakest.weight
                if value > per_service.get(sid, (0.0, ""))[0]:
                    why = ", ".join(dict.fromkeys(f"“{h.word}” in {FIELD_LABELS[h.field]}" for h in hits))
                    if not set(h.word for h in hits) <= set(concept.label.split()):
                        why += f" (for “{concept.label}”)"
                    per_service[sid] = (value, why)
        return per_service

    def text_scores(self, query: str) -> tuple[dict[int, tuple[float, list[str]]], list[str]]:
        """Service id → (score 0–100, reasons) for a free-text query; and the query words nothing matched."""
        matched: list[tuple[float, dict[int, tuple[float, str]]]] = []
        unmatched = []
        for concept in self.concepts(query):
            per_service = self._concept_matches(concept)
            if not per_service:
                unmatched.append(concept.label)
                continue
            idf = math.log(1 + self.total / len(per_service))
            matched.append((idf, per_service))
        scores: dict[int, tuple[float, list[str]]] = {}
        total_idf = sum(idf for idf, _ in matched)
        if total_idf:
            for sid in set().union(*(per.keys() for _, per in matched)):
                value = sum(idf * per.get(sid, (0.0, ""))[0] for idf, per in matched) / total_idf
                reasons = [per[sid][1] for _, per in matched if sid in per]
                scores[sid] = (100 * value, reasons)
        phrase = " ".join(w for w, _ in _terms(self.synonyms.rewrite(query)))
        if len(phrase) >= 8:  # a name typed nearly whole ("citizens advice harow")
            for name, score, pos in process.extract(
                phrase, self.names, scorer=fuzz.partial_ratio, processor=utils.default_process, score_cutoff=90, limit=20
            ):
                sid = self.name_ids[pos]
                if score > scores.get(sid, (0.0, []))[0]:
                    scores[sid] = (float(score), [f"“{phrase}” in name"])
        return scores, unmatched


def _phrase_similarity(alternative: tuple[str, ...], typed: tuple[str, ...]) -> float:
    """The words typed count most, some of them a little less ("carers" for "young carers"), a synonym less."""
    if alternative == typed:
        return 1.0
    return 0.95 if set(alternative) <= set(typed) else SYNONYM_SIMILARITY


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
            index = SearchIndex(key, services, load_need_about(data_dir), load_synonyms(str(data_dir)))
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


def read_query_text(db: Session, text: str, language_words: Optional[dict[str, str]] = None) -> tuple[str, Optional[Place], Optional[str]]:
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
    if language_words is None:
        language_words = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
    for word in words(rest):
        if word in language_words:
            language = language_words[word]
            rest = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", rest, flags=re.I)
            break
    return " ".join(rest.split()), place, language


def search(db: Session, data_dir: Path, q: SearchQuery, now: dt.datetime) -> SearchResult:
    """Search the directory: filters narrow, text ranks, and each hit says why it is here."""
    index = search_index(db, data_dir)
    text, place_from_text, language_from_text = (q.text, None, None)
    if q.text:
        text, place_from_text, language_from_text = read_query_text(db, q.text, index.synonyms.language_words)
    near = q.near or place_from_text
    borough = q.borough or (place_from_text.borough if place_from_text and place_from_text.precision == "borough" else None)
    if q.near is None and place_from_text is not None and place_from_text.precision == "borough":
        near = None  # a borough's centroid is no place to measure distances from
    scores, unmatched = index.text_scores(text) if text else ({}, [])

    def spellings(code: str) -> list[str]:
        return [w for w, c in index.synonyms.language_words.items() if c == code]

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
            offer = s.language_offer(q.language, spellings(q.language))
            if offer is None:
                continue
            why.append(f"{LANGUAGE_NAMES.get(q.language, q.language)}: {offer}")
        elif language_from_text:
            offer = s.language_offer(language_from_text, spellings(language_from_text))
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
