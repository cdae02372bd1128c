"""Resolving places against Code-Point on SQLite and PostgreSQL: precision, out of area, postcodes that do not exist."""
from __future__ import annotations

import datetime as dt

import pytest

from navigator.conversation.choose import services_for
from navigator.conversation.place_words import place_reply
from navigator.conversation.words import Words
from navigator.directory.places import Distance, distance_km, gazetteer, key_of
from navigator.directory.postcodes import place_from_text, resolve_place

NOW = dt.datetime(2026, 12, 2, 11, 0, tzinfo=dt.timezone.utc)  # a Wednesday morning


def test_full_postcode_in_the_area_is_a_precise_point(db):
    place = resolve_place(db, "w120hs")
    assert place.label == "W12 0HS" and place.precision == "unit" and place.precision_km == pytest.approx(0.1)
    assert place.in_area and place.exists and not place.approximate


def test_a_town_is_its_district_not_the_borough_centre(db):
    acton = resolve_place(db, "Acton")
    ealing = resolve_place(db, "Ealing")
    assert acton.precision == "area" and acton.borough == "Ealing" and acton.approximate
    w3 = gazetteer().areas["W3"]
    assert distance_km(acton.lat, acton.lon, w3.lat, w3.lon) < 0.1
    assert distance_km(acton.lat, acton.lon, ealing.lat, ealing.lon) > 2  # the old answer was Ealing's centroid
    assert resolve_place(db, "w Ealingu").label == "Ealing"


@pytest.mark.parametrize("postcode,borough", [("E1 6AN", "City of London"), ("SE1 7PB", "Lambeth")])
def test_london_postcode_outside_north_west_london(db, postcode, borough):
    place = resolve_place(db, postcode)
    assert place is not None and place.located and place.exists
    assert place.in_london and not place.in_area and place.borough == borough


def test_london_postcode_outside_the_area_still_gets_true_distances(db):
    place = resolve_place(db, "E1 6AN")
    hits = services_for(db, "pharmacy", [], place, NOW)
    assert hits
    for hit in hits[:5]:
        loc = hit.service.location
        assert hit.distance_km == pytest.approx(distance_km(place.lat, place.lon, loc.lat, loc.lon), abs=0.01)
        assert hit.distance_km > 3  # North West London is several km from Whitechapel: no pretend "0.2 km"
        assert isinstance(hit.distance_km, Distance) and hit.distance_km.place == place


def test_real_postcode_outside_london_is_out_of_area_not_incomplete(db):
    place = place_from_text(db, "my postcode is M1 1AE")
    assert place.postcode == "M1 1AE" and not place.located
    assert place.in_area is False and place.in_london is False and place.exists is None
    assert resolve_place(db, "M1 1AE") is None  # the old contract: only places on the map


@pytest.mark.parametrize("postcode,in_london", [("ZZ9 9ZZ", False), ("W12 9ZZ", True)])
def test_postcodes_that_do_not_exist(db, postcode, in_london):
    place = place_from_text(db, postcode)
    assert place.exists is False and not place.located and place.in_london is in_london


def test_everyday_name_given_as_a_whole_place_is_accepted(db):
    bank = resolve_place(db, "Bank")
    assert bank is not None and bank.precision == "station" and not bank.in_area
    assert place_from_text(db, "I need to go to the bank") is None


@pytest.mark.parametrize("lang", ["en", "pl", "ar", "so", "ta"])
def test_out_of_area_and_unknown_postcode_lines(db, lang):
    w = Words(lang)
    outside = place_reply(w, place_from_text(db, "M1 1AE"))
    assert len(outside) == 3 and "M1 1AE" in outside[0] and "999" in outside[2] and "111" in outside[2]
    london = place_reply(w, resolve_place(db, "E1 6AN"))
    assert len(london) == 4 and "E1 6AN" in london[3]
    missing = place_reply(w, place_from_text(db, "W12 9ZZ"))
    assert len(missing) == 1 and "W12 9ZZ" in missing[0]
    assert place_reply(w, resolve_place(db, "Acton")) == []
    if lang != "en":
        english = place_reply(Words("en"), place_from_text(db, "M1 1AE"))
        assert outside[0] != english[0] and outside[1] != english[1]


def test_distance_words_follow_the_precision(db):
    acton = resolve_place(db, "Acton")
    unit = resolve_place(db, "W3 6BH")
    en, pl = Words("en"), Words("pl")
    assert en.distance(Distance(3.6, acton)) == "about 4 km from Acton"
    assert pl.distance(Distance(3.6, acton)) == "około 4 km od Acton"
    assert en.distance(Distance(0.2, acton)) == "near Acton"
    assert en.distance(Distance(0.24, unit)) == "0.2 km"
    assert en.distance(0.24) == "0.2 km"  # a plain float (no place) keeps the old wording
    assert gazetteer().names[key_of("Acton")].radius_km == acton.precision_km
