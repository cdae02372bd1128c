"""Places as residents name them: postcodes, districts, stations, towns and boroughs, in 13 languages.

A place found in a message becomes a `Place` with a point, an honest precision radius (a full
postcode is a point; "Acton" is its postcode district, about 1.4 km across), and whether it lies in
the area navigator covers. Everything except full postcodes comes from small files in
`directory_data/places/` read once per process into dictionaries, so finding a place in a message
costs a few dictionary look-ups; only full postcodes need the database (OS Code-Point Open).
"""
from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy.orm import Session

from ..config import DATA_DIR
from ..triage.normalise import normalise
from .models import NWL_BOROUGHS, Postcode

PLACES_DIR = "places"
UNIT_KM = 0.1  # a full postcode: one address point
STATION_KM = 1.0  # "Ladbroke Grove": the neighbourhood around the station
APPROXIMATE_KM = 0.3  # from this precision on, distances are worded "about N km from ..."
DEFAULT_KM = {"unit": UNIT_KM, "sector": 0.5, "district": 1.5, "area": 1.5, "station": STATION_KM, "borough": 5.0}
IN_AREA_SHARE = 0.05  # a district with at least this share of its postcodes in the 8 boroughs is in the area

# UK postcode: outward code (area + district) and inward code (sector digit + unit letters).
FULL = re.compile(r"(?<![A-Z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][ABD-HJLNP-UW-Z]{2})(?![A-Z0-9])")
OUTWARD = re.compile(r"(?<![A-Z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s+([0-9]))?(?![A-Z0-9])")
# A word: letters and digits with the joined vowel signs and marks of Arabic and Indic scripts.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff\u200c\u200d])+")
_APOSTROPHES = str.maketrans({ch: "" for ch in "’‘`´ʼ'"})
# Arabic-Indic, Persian, Bengali, Gujarati, Gurmukhi and Tamil digits, as phones type them in postcodes.
_DIGITS = str.maketrans({chr(cp): str(unicodedata.decimal(chr(cp))) for cp in range(0x80, 0x3000)
                         if unicodedata.category(chr(cp)) == "Nd"})


@dataclass(frozen=True)
class Place:
    """A place a resident gave: where it is, how precisely, and whether navigator covers it.

    `precision` is the kind of place (unit | sector | district | area | station | borough);
    `precision_km` is how far the resident may really be from the point. A place without a point
    (`located` is False) is a postcode navigator cannot place: `exists` False means no such
    postcode; `exists` None means a real-format postcode outside London, which cannot be checked.
    """

    query: str
    label: str
    lat: Optional[float]
    lon: Optional[float]
    borough: Optional[str]
    precision: str
    precision_km: Optional[float] = None
    in_area: Optional[bool] = None  # inside North West London (the 8 boroughs)
    in_london: bool = True
    exists: Optional[bool] = True
    postcode: Optional[str] = None  # the normalised postcode, sector or district when one was given

    def __post_init__(self):
        if self.precision_km is None:
            object.__setattr__(self, "precision_km", _known_precision(self.precision, self.label))
        if self.in_area is None:
            object.__setattr__(self, "in_area", _known_in_area(self.precision, self.label, self.borough))

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def approximate(self) -> bool:
        """Whether distances from here must be worded as approximate ("about 4 km from Acton")."""
        return (self.precision_km or 0) >= APPROXIMATE_KM

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Place":
        """From `to_dict()` or the older {label, lat, lon, borough, precision} of stored conversations."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known.setdefault("query", known.get("label", ""))
        return cls(**known)


class Distance(float):
    """Kilometres from a place, carrying the place so the distance is worded as precisely as the place is."""

    place: Optional[Place]

    def __new__(cls, km: float, place: Optional[Place] = None):
        obj = super().__new__(cls, km)
        obj.place = place
        return obj

    def __reduce__(self):
        return (Distance, (float(self), self.place))


@dataclass(frozen=True)
class Area:
    """A postcode district ("W3"), sector ("W3 6") or borough, from Code-Point Open units."""

    code: str
    kind: str
    lat: float
    lon: float
    radius_km: float
    borough: str
    nwl_share: float
    wholly_london: bool


@dataclass(frozen=True)
class Named:
    """What a place name points at: a point, its radius, the borough, and the label to show."""

    label: str
    kind: str  # area | station | borough
    lat: float
    lon: float
    radius_km: float
    borough: str
    in_area: bool


@dataclass(frozen=True)
class Found:
    """A place written in a message: its text as it will be resolved, and what kind it is."""

    text: str
    kind: str  # postcode | sector | district | name
    named: Optional[Named] = None


def key_of(text: str) -> str:
    """The form names are compared in: normalised words joined by single spaces."""
    return " ".join(w for w, _ in _words(text))


def _words(text: str) -> list[tuple[str, str]]:
    """(normalised word, word as written) for each word of the text."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).replace("&", " and ")
    out = []
    for m in _WORD.finditer(text):
        norm = normalise(m.group())
        if norm.strip():
            out.extend((part, m.group()) for part in norm.split())
    return out


def _script(word: str) -> str:
    ch = word[0]
    if ch.isascii() or "\u00c0" <= ch <= "\u024f":
        return "latin"
    if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc":
        return "arabic"
    if "\u0980" <= ch <= "\u0bff":
        return "indic"
    return "other"


class Gazetteer:
    """Every place name navigator knows, indexed once: names, postcode areas and the finder's rules."""

    def __init__(self, data_dir: Path):
        base = data_dir / PLACES_DIR
        with open(base / "finder.yaml", encoding="utf-8") as fh:
            rules = yaml.safe_load(fh)
        self.everyday = frozenset(key_of(w) for w in rules["everyday_names"])
        self.station_words = frozenset(key_of(w) for w in rules["station_words"])
        self.street_words = frozenset(key_of(w) for w in rules["street_words"])
        self.where_words = frozenset(key_of(w) for w in rules["where_words"])
        self.latin_suffixes = sorted(rules["latin_suffixes"], key=len, reverse=True)
        self.arabic_prefixes = tuple(normalise(p) for p in rules["arabic_prefixes"])
        self.indic_suffix_max = int(rules["indic_suffix_max"])
        self.indic_endings = frozenset(normalise(e) for e in rules["indic_endings"])
        self.fuzzy_targets = sorted(key_of(w) for w in rules["fuzzy_targets"])
        with open(base / "fuzzy_blocklist.txt", encoding="utf-8") as fh:
            self.blocklist = frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))
        self.areas = self._read_areas(base / "london_postcode_areas.csv")
        with open(base / "uk_postcode_districts.csv", newline="", encoding="utf-8") as fh:
            self.uk_districts = {row["district"]: row for row in csv.DictReader(fh)}
        self.names: dict[str, Named] = {}
        self._read_gazetteer(base / "london_place_names_gazetteer.csv")
        self._add_boroughs(rules["borough_aliases"])
        self._add_i18n(base / "names_i18n.yaml")
        self.max_words = max(len(k.split()) for k in self.names)
        self.vocab = frozenset(w for k in self.names for w in k.split())
        self._canon: dict[str, str] = {}

    # --- building ---------------------------------------------------------------------------

    @staticmethod
    def _read_areas(path: Path) -> dict[str, Area]:
        with open(path, newline="", encoding="utf-8") as fh:
            return {
                r["code"]: Area(r["code"], r["kind"], float(r["lat"]), float(r["lon"]), float(r["radius_km"]), r["borough"],
                                float(r["nwl_share"]), r["wholly_london"] == "1")
                for r in csv.DictReader(fh)
            }

    def _primary(self, name_key: str, district: str) -> bool:
        """Whether the name is the district's first Town/Area ("Acton" for W3, not for NW10)."""
        row = self.uk_districts.get(district)
        return bool(row) and key_of(row["town_area"].split(",")[0]) == name_key

    def _read_gazetteer(self, path: Path) -> None:
        groups: dict[str, list[dict]] = {}
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                groups.setdefault(key_of(re.sub(r"\(.*?\)", " ", row["place_name"])), []).append(row)
        for key, rows in groups.items():
            if key:
                self.names[key] = self._named(key, rows)

    def _named(self, key: str, rows: list[dict]) -> Named:
        """One point for a name: North West London first, then the districts it names first, else its stations."""
        local = [r for r in rows if r["in_nwl8"] == "True"] or rows
        districts = [r for r in local if r["source"].startswith("doogal") and r["postcode_district"] in self.areas]
        stations = [r for r in local if r["source"].startswith("TfL")]
        primary = [r for r in districts if self._primary(key, r["postcode_district"])]
        label = re.sub(r"\s*\(.*?\)", "", (stations or local)[0]["place_name"]).strip()
        if primary or (districts and not stations):
            areas = [self.areas[r["postcode_district"]] for r in (primary or districts)]
            points = [(a.lat, a.lon, a.radius_km) for a in areas]
            kind = "area"
            boroughs = [a.borough for a in areas]
            in_area = any(a.nwl_share >= IN_AREA_SHARE for a in areas)
        else:
            points = [(float(r["lat"]), float(r["lon"]), STATION_KM) for r in stations]
            kind = "station"
            boroughs = [r["borough"] for r in stations]
            in_area = any(b in NWL_BOROUGHS for b in boroughs)
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        radius = max(distance_km(lat, lon, p[0], p[1]) + p[2] for p in points)
        return Named(label, kind, lat, lon, round(radius, 1), max(set(boroughs), key=boroughs.count), in_area)

    def _add_boroughs(self, aliases: dict[str, list[str]]) -> None:
        for code, area in self.areas.items():
            if area.kind == "borough":
                named = Named(code, "borough", area.lat, area.lon, area.radius_km, code, code in NWL_BOROUGHS)
                self.names[key_of(code)] = named
                for alias in aliases.get(code, []):
                    self.names[key_of(alias)] = named

    def _add_i18n(self, path: Path) -> None:
        with open(path, encoding="utf-8") as fh:
            entries = yaml.safe_load(fh)
        for entry in entries:
            target = self.names[key_of(entry.get("borough") or entry["place"])]
            for lang, forms in entry.items():
                if lang in ("borough", "place"):
                    continue
                for form in forms:
                    self.names.setdefault(key_of(form), target)

    # --- finding ----------------------------------------------------------------------------

    def canonical(self, word: str) -> str:
        """The place-name word a written word stands for: itself, without an inflection, or a typo fixed."""
        cached = self._canon.get(word)
        if cached is not None:
            return cached
        out = word
        if word not in self.vocab:
            script = _script(word)
            if script == "latin":
                out = self._latin(word)
            elif script == "arabic" and len(word) > 3 and word.startswith(self.arabic_prefixes) and word[1:] in self.vocab:
                out = word[1:]
            elif script == "indic":
                for end in range(len(word) - 1, max(len(word) - self.indic_suffix_max, 1) - 1, -1):
                    if word[:end] in self.vocab and (end >= 5 or word[end:] in self.indic_endings):
                        out = word[:end]
                        break
        if len(self._canon) < 50_000:
            self._canon[word] = out
        return out

    def _latin(self, word: str) -> str:
        for suffix in self.latin_suffixes:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 4 and stem in self.vocab and stem not in self.everyday:
                return stem
        if len(word) >= 5 and word.isalpha() and word not in self.blocklist:
            best = process.extractOne(word, self.fuzzy_targets, scorer=Levenshtein.distance, score_cutoff=1)
            if best is not None:
                return best[0]
        return word

    def find_name(self, text: str) -> Optional[Named]:
        """The first place name in free text (longest at each position); everyday words only when clearly a place."""
        words = _words(text)
        canon = [self.canonical(w) for w, _ in words]
        shouting = text.isupper()
        for i in range(len(canon)):
            for n in range(min(self.max_words, len(canon) - i), 0, -1):
                key = " ".join(canon[i : i + n])
                named = self.names.get(key)
                if named is None:
                    continue
                if key in self.everyday and not self._clearly_place(words, canon, i, n, shouting):
                    continue
                if n == 1 and i + 1 < len(canon) and canon[i + 1] in self.street_words:
                    break  # "Harrow Road", "Uxbridge Road": a street, not the town
                return named
        return None

    def _clearly_place(self, words, canon, i: int, n: int, shouting: bool) -> bool:
        after = canon[i + n] if i + n < len(canon) else None
        if after in self.station_words:
            return True
        before = canon[i - 1] if i > 0 else None
        return before in self.where_words and words[i][1][:1].isupper() and not shouting

    def whole_name(self, text: str) -> Optional[Named]:
        """The name when the whole text is one (everyday words allowed: the text is known to be a place)."""
        canon = " ".join(self.canonical(w) for w, _ in _words(text))
        return self.names.get(canon)

    def area(self, code: str) -> Optional[Area]:
        return self.areas.get(code)


@lru_cache(maxsize=4)
def gazetteer(data_dir: Path = DATA_DIR) -> Gazetteer:
    """The process's gazetteer, built once."""
    return Gazetteer(data_dir)


def _known_precision(precision: str, label: str) -> float:
    g = gazetteer()
    if precision in ("district", "sector", "borough") and label in g.areas:
        return g.areas[label].radius_km
    named = g.names.get(key_of(label)) if precision in ("area", "station", "borough") else None
    return named.radius_km if named else DEFAULT_KM.get(precision, DEFAULT_KM["district"])


def _known_in_area(precision: str, label: str, borough: Optional[str]) -> bool:
    area = gazetteer().areas.get(label) if precision in ("district", "sector") else None
    if area is not None:
        return area.nwl_share >= IN_AREA_SHARE
    return borough in NWL_BOROUGHS


# --- postcodes ----------------------------------------------------------------------------------


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def normalise_postcode(text: str) -> Optional[str]:
    """'w120hs' → 'W12 0HS'; None when the text is not a full postcode."""
    compact = re.sub(r"\s+", "", (text or "").translate(_DIGITS).strip().upper())
    if not 5 <= len(compact) <= 7:
        return None
    match = FULL.fullmatch(compact[:-3] + " " + compact[-3:])
    return f"{match.group(1)} {match.group(2)}" if match else None


def find_in_text(text: str) -> Optional[Found]:
    """The place written in free text: a full postcode first, then a London postcode sector or
    district ("W3 6", "HA3"), then a place name ("Acton", "w Ealingu", "ایلینگ", "Hounslo")."""
    if not text:
        return None
    upper = text.translate(_DIGITS).upper()
    full = FULL.search(upper)
    if full:
        return Found(f"{full.group(1)} {full.group(2)}", "postcode")
    g = gazetteer()
    for match in OUTWARD.finditer(upper):
        sector = f"{match.group(1)} {match.group(2)}" if match.group(2) else None
        if sector and sector in g.areas:
            return Found(sector, "sector")
        if match.group(1) in g.areas:
            return Found(match.group(1), "district")
    named = g.find_name(text)
    return Found(named.label, "name", named) if named else None


def place_from_text(db: Session, text: str, *, whole: bool = False) -> Optional[Place]:
    """The place in a message, resolved: located, or a postcode that does not exist or is outside London.

    `whole=True` reads the whole text as a place (an API parameter, a form field): everyday-word
    names such as "Bank" are then accepted too."""
    query = (text or "").strip()
    if not query:
        return None
    g = gazetteer()
    if whole:
        named = g.whole_name(query)
        if named is not None:
            return _from_named(query, named)
    found = find_in_text(query)
    if found is None:
        return None
    if found.kind == "postcode":
        return _from_postcode(db, query, found.text)
    if found.kind in ("sector", "district"):
        area = g.areas[found.text]
        return Place(query, area.code, area.lat, area.lon, area.borough, area.kind, area.radius_km,
                     area.nwl_share >= IN_AREA_SHARE, True, True, area.code)
    return _from_named(query, found.named)


def _from_named(query: str, named: Named) -> Place:
    precision = "borough" if named.kind == "borough" else named.kind
    return Place(query, named.label, named.lat, named.lon, named.borough, precision, named.radius_km, named.in_area)


def _from_postcode(db: Session, query: str, unit: str) -> Place:
    row = db.get(Postcode, unit)
    if row is not None:
        return Place(query, unit, row.lat, row.lon, row.borough, "unit", UNIT_KM, row.borough in NWL_BOROUGHS, True, True, unit)
    g = gazetteer()
    outward, inward = unit.split(" ")
    district, sector = g.areas.get(outward), g.areas.get(f"{outward} {inward[0]}")
    if outward not in g.uk_districts and district is None:
        # No such postcode district anywhere in the UK ("ZZ9 9ZZ").
        return Place(query, unit, None, None, None, "unit", None, False, False, False, unit)
    if district is not None and ((sector is not None and sector.wholly_london) or (sector is None and district.wholly_london)):
        # A London postcode district wholly in Code-Point: a unit missing from it does not exist ("W12 9ZZ").
        return Place(query, unit, None, None, district.borough, "unit", None, district.nwl_share >= IN_AREA_SHARE, True, False, unit)
    # A real district outside London ("M1 1AE"), or a part of a border district outside London: not ours to check.
    return Place(query, unit, None, None, None, "unit", None, False, False, None, unit)
