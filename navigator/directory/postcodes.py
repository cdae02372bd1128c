"""Postcodes and places: normalise, find in text, and place on the map (OS Code-Point Open).

The place finder itself lives in `places.py`; this module keeps the names the rest of navigator
imports (`Place`, `find_place_text`, `resolve_place`, `normalise_postcode`, `distance_km`).
"""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import NWL_BOROUGHS, Postcode
from .places import Distance, Place, distance_km, find_in_text, normalise_postcode, place_from_text

__all__ = [
    "BOROUGH_ALIASES", "Distance", "Place", "area_rows", "distance_km", "find_place_text", "normalise_postcode",
    "place_from_text", "postcode_exists", "resolve_place",
]

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


def find_place_text(text: str) -> Optional[str]:
    """The first postcode, postcode sector or district, or place name written in free text, as
    `resolve_place` reads it ("W12 0HS", "HA3", "Acton", "Ealing" for "w Ealingu"); None if none."""
    found = find_in_text(text)
    return found.text if found else None


def resolve_place(db: Session, text: str) -> Optional[Place]:
    """Place a postcode, sector, district, station, town or borough name (any of 13 languages) on the map.

    None when it cannot be placed; `place_from_text` also says why (no such postcode, outside London)."""
    place = place_from_text(db, text, whole=True)
    return place if place is not None and place.located else None


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
