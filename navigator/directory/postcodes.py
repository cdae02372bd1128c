"""Postcodes and places: normalise, find in text, and place on the map (OS Code-Point Open)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import NWL_BOROUGHS, Postcode, PostcodeArea

# UK postcode: outward code (area + district) and optional inward code (sector digit + unit letters).
_FULL = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][ABD-HJLNP-UW-Z]{2})\b")
_OUTWARD = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s+([0-9]))?\b")

BOROUGH_ALIASES = {
    "brent": "Brent",
    "wembley": "Brent",
    "harlesden": "Brent",
    "kilburn": "Brent",
    "ealing": "Ealing",
    "southall": "Ealing",
    "acton": "Ealing",
    "hanwell": "Ealing",
    "greenford": "Ealing",
    "hammersmith": "Hammersmith and Fulham",
    "fulham": "Hammersmith and Fulham",
    "hammersmith and fulham": "Hammersmith and Fulham",
    "hammersmith & fulham": "Hammersmith and Fulham",
    "shepherds bush": "Hammersmith and Fulham",
    "shepherd's bush": "Hammersmith and Fulham",
    "harrow": "Harrow",
    "hillingdon": "Hillingdon",
    "uxbridge": "Hillingdon",
    "hayes": "Hillingdon",
    "ruislip": "Hillingdon",
    "hounslow": "Hounslow",
    "feltham": "Hounslow",
    "isleworth": "Hounslow",
    "chiswick": "Hounslow",
    "kensington": "Kensington and Chelsea",
    "chelsea": "Kensington and Chelsea",
    "kensington and chelsea": "Kensington and Chelsea",
    "kensington & chelsea": "Kensington and Chelsea",
    "notting hill": "Kensington and Chelsea",
    "westminster": "Westminster",
    "paddington": "Westminster",
    "marylebone": "Westminster",
    "soho": "Westminster",
    "pimlico": "Westminster",
}


@dataclass(frozen=True)
class Place:
    """A resolved place: what the resident gave, where it is, and which borough."""

    query: str
    label: str
    lat: float
    lon: float
    borough: Optional[str]
    precision: str  # unit | sector | district | borough


def normalise_postcode(text: str) -> Optional[str]:
    """'w120hs' → 'W12 0HS'; None when the text is not a full postcode."""
    match = _FULL.fullmatch(re.sub(r"\s+", " ", text.strip().upper()))
    if not match:
        compact = re.sub(r"\s+", "", text.strip().upper())
        match = _FULL.fullmatch(compact[:-3] + " " + compact[-3:]) if len(compact) >= 5 else None
    return f"{match.group(1)} {match.group(2)}" if match else None


def find_place_text(text: str) -> Optional[str]:
    """The first postcode, partial postcode or borough/town name written in free text."""
    upper = text.upper()
    full = _FULL.search(upper)
    if full:
        return f"{full.group(1)} {full.group(2)}"
    lowered = text.lower()
    for alias in sorted(BOROUGH_ALIASES, key=len, reverse=True):
        if re.search(rf"(?<![\w]){re.escape(alias)}(?![\w])", lowered):
            return BOROUGH_ALIASES[alias]
    for match in _OUTWARD.finditer(upper):
        # Only tokens written like a postcode district, with a letter then a digit ("HA0", "W12").
        return match.group(1) + (f" {match.group(2)}" if match.group(2) else "")
    return None


def resolve_place(db: Session, text: str) -> Optional[Place]:
    """Place a postcode, postcode sector/district or NW London borough name; None if unknown."""
    query = (text or "").strip()
    if not query:
        return None
    unit = normalise_postcode(query)
    if unit:
        row = db.get(Postcode, unit)
        if row:
            return Place(query, unit, row.lat, row.lon, row.borough, "unit")
        return None
    borough = BOROUGH_ALIASES.get(query.lower()) or next((b for b in NWL_BOROUGHS if b.lower() == query.lower()), None)
    if borough:
        area = db.get(PostcodeArea, borough)
        return Place(query, borough, area.lat, area.lon, borough, "borough") if area else None
    code = re.sub(r"\s+", " ", query.upper())
    match = _OUTWARD.fullmatch(code)
    if match:
        area = db.get(PostcodeArea, code)
        if area:
            return Place(query, code, area.lat, area.lon, area.borough, area.kind)
    return None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def area_rows(units: list[tuple[str, float, float, str]]) -> list[dict]:
    """District, sector and borough centroids (mean of unit coordinates) from postcode units."""
    groups: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    for postcode, lat, lon, borough in units:
        outward, inward = postcode.split(" ")
        for kind, code in (("district", outward), ("sector", f"{outward} {inward[0]}")):
            groups.setdefault((kind, code), []).append((lat, lon, borough))
        if borough in NWL_BOROUGHS:
            groups.setdefault(("borough", borough), []).append((lat, lon, borough))
    rows = []
    for (kind, code), points in groups.items():
        boroughs: dict[str, int] = {}
        for _, _, b in points:
            boroughs[b] = boroughs.get(b, 0) + 1
        rows.append(
            {
                "code": code,
                "kind": kind,
                "lat": round(sum(p[0] for p in points) / len(points), 6),
                "lon": round(sum(p[1] for p in points) / len(points), 6),
                "borough": max(boroughs, key=boroughs.get),
            }
        )
    return rows


def postcode_exists(db: Session, postcode: str) -> bool:
    """Whether a normalised postcode is in the loaded Code-Point data."""
    return db.scalar(select(Postcode.postcode).where(Postcode.postcode == postcode)) is not None
