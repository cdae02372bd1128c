"""Ready-made, translated lines about the resident's place: outside the area, no such postcode, distances.

The dialog (turn.py) decides when to say them from the facts on `Place` (`in_area`, `in_london`,
`exists`, `located`); this module only words them, in the resident's language.
"""
from __future__ import annotations

from ..directory.places import Place
from .words import Words


def outside_area(w: Words, place: Place) -> list[str]:
    """A place outside North West London: say so, name the area covered, give the national routes;
    for a London place that can be put on the map, introduce the nearest services listed below."""
    where = place.postcode or place.label
    lines = [
        w.gettext("%(place)s is outside the area I cover.", place=where),
        covers_north_west_london(w),
        national_routes(w),
    ]
    if place.located and place.in_london:
        lines.append(w.gettext("These are the nearest services I know, with their real distance from %(place)s:", place=where))
    return lines


def covers_north_west_london(w: Words) -> str:
    return w.gettext(
        "I find services in North West London: Brent, Ealing, Hammersmith and Fulham, Harrow, Hillingdon, "
        "Hounslow, Kensington and Chelsea, and Westminster."
    )


def national_routes(w: Words) -> str:
    # TRANSLATORS: safety text; keep 111, 111.nhs.uk and 999 as they are.
    return w.gettext("Anywhere in England: for urgent health advice call NHS 111 (free, 24 hours) or go to 111.nhs.uk. In an emergency call 999.")


def unknown_postcode(w: Words, postcode: str) -> str:
    """A London-format postcode that is not in Code-Point Open: it does not exist."""
    return w.gettext(
        "%(postcode)s is not a postcode that exists. Please check it, or send the name of your area (for example Acton or Wembley).",
        postcode=postcode,
    )


def place_reply(w: Words, place: Place) -> list[str]:
    """What to say about a place before any services: nothing for a place in the area, else the lines above."""
    if place.exists is False:
        return [unknown_postcode(w, place.postcode or place.label)]
    if not place.in_area:
        return outside_area(w, place)
    return []


def about_km_from(w: Words, distance: float, place: Place) -> str:
    """"about 4 km from Acton", "near Acton", or "1.2 km" from a full postcode (see `Words.distance`)."""
    return w.distance(distance, place)
