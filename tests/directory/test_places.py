"""The place finder: places as residents write them, in 13 languages, and words that are not places."""
from __future__ import annotations

import statistics
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.config import DATA_DIR
from navigator.directory.models import NWL_BOROUGHS
from navigator.directory.places import (
    Distance,
    Place,
    find_in_text,
    gazetteer,
    key_of,
    normalise_postcode,
)
from navigator.directory.postcodes import BOROUGH_ALIASES, find_place_text

# (message, the place it names) — as residents write them: inflected, misspelled, in other scripts.
RESIDENT_PLACES = [
    ("Acton", "Acton"),
    ("I live in Southall", "Southall"),
    ("we are in wembley", "Wembley"),
    ("wembly", "Wembley"),
    ("Hounslo", "Hounslow"),
    ("im in hounslow west", "Hounslow West"),
    ("Ladbroke Grove", "Ladbroke Grove"),
    ("near Edgware Road", "Edgware Road"),
    ("shepherds bush", "Shepherd's Bush"),
    ("Shepherd's Bush please", "Shepherd's Bush"),
    ("SHEPHERDS BUSH", "Shepherd's Bush"),
    ("notting hill", "Notting Hill"),
    ("earls court", "Earl's Court"),
    ("Uxbridge", "Uxbridge"),
    ("I'm in Hayes", "Hayes"),
    ("west drayton station", "West Drayton"),
    ("kensington and chelsea", "Kensington and Chelsea"),
    ("Hammersmith & Fulham", "Hammersmith and Fulham"),
    ("harrow", "Harrow"),
    ("I am in Brixton", "Brixton"),
    # Polish, Romanian, Spanish, Portuguese, Somali
    ("mieszkam w Ealingu", "Ealing"),
    ("w Actonie", "Acton"),
    ("jestem w Harrowie", "Harrow"),
    ("mieszkam w Brencie", "Brent"),
    ("w Westminsterze", "Westminster"),
    ("w Southallu", "Southall"),
    ("locuiesc în Harrow", "Harrow"),
    ("stau la Wembley", "Wembley"),
    ("Estoy en Shepherds Bush", "Shepherd's Bush"),
    ("moro em Southall", "Southall"),
    ("waxaan ku noolahay Hounslow", "Hounslow"),
    # Arabic, Persian, Urdu
    ("أنا في إيلينغ", "Ealing"),
    ("انا في ايلينج", "Ealing"),
    ("من ساوثهول", "Southall"),
    ("أسكن في ويمبلي", "Wembley"),
    ("بإيلينغ", "Ealing"),
    ("من در ومبلی هستم", "Wembley"),
    ("من در هانزلو زندگی می‌کنم", "Hounslow"),
    ("میں ہاؤنسلو میں ہوں", "Hounslow"),
    ("میں ساؤتھال میں رہتا ہوں", "Southall"),
    ("ہم ایجویئر روڈ پر ہیں", "Edgware Road"),
    # Bengali, Gujarati, Gurmukhi, Tamil (case endings joined to the name)
    ("আমি ইলিংয়ে থাকি", "Ealing"),
    ("আমি ওয়েম্বলিতে আছি", "Wembley"),
    ("હું ઈલિંગમાં રહું છું", "Ealing"),
    ("અમે વેમ્બલીમાં છીએ", "Wembley"),
    ("ਮੈਂ ਸਾਊਥਾਲ ਵਿੱਚ ਹਾਂ", "Southall"),
    ("ਮੈਂ ਹਾਉਂਸਲੋ ਰਹਿੰਦਾ ਹਾਂ", "Hounslow"),
    ("நான் ஈலிங்கில் இருக்கிறேன்", "Ealing"),
    ("நான் வெம்பிளியில் இருக்கிறேன்", "Wembley"),
    ("હું હેરોમાં રહું છું", "Harrow"),
    ("ਮੈਂ ਹੈਰੋ ਵਿੱਚ ਰਹਿੰਦਾ ਹਾਂ", "Harrow"),
    ("আমি হ্যারোতে থাকি", "Harrow"),
    ("நான் ஹாரோவில் இருக்கிறேன்", "Harrow"),
]


@pytest.mark.parametrize("text,label", RESIDENT_PLACES)
def test_places_as_residents_write_them(text, label):
    found = find_in_text(text)
    assert found is not None, text
    assert found.text == label


# Everyday words and symptoms that must not become places.
NOT_PLACES = [
    "I feel sick", "my back", "my back hurts", "church", "bank", "green", "I need to go to the bank",
    "at the bank", "the temple", "temple", "Temple", "I need healing", "action", "dinner", "reading",
    "swelling on my leg", "it is narrow", "nothing", "a letter from the council", "better now",
    "Victoria has a fever", "angel", "my borough", "oval shaped rash", "bow", "hook", "preston",
    "pain in my chest", "sore throat for 3 days", "I am 25", "B12 deficiency", "vitamin D3",
    "i have a rash on my arm", "can I walk in", "is it open on Sunday", "thanks", "ok",
    "ból brzucha", "durere de cap", "dolor de muelas", "dor de dente", "madax xanuun",
    "عندي ألم في الصدر", "سرم درد می‌کند", "میرے سینے میں درد ہے", "আমার বুকে ব্যথা", "મને તાવ છે",
    "ਮੈਨੂੰ ਬੁਖਾਰ ਹੈ", "எனக்கு காய்ச்சல்", "பின்னர் வருகிறேன்", "میں ہیرو ہوں",
    # streets named after towns are not those towns; generic street names are not places
    "I live on Harrow Road", "Uxbridge Road", "church street", "the high street",
    # a short name inside a longer word of the same script: heroin (gu, pa) is not Harrow
    "તેણે હેરોઈન લીધું", "ਉਸਨੇ ਹੈਰੋਇਨ ਲਈ",
]


@pytest.mark.parametrize("text", NOT_PLACES)
def test_everyday_words_are_not_places(text):
    assert find_in_text(text) is None, find_in_text(text)


@pytest.mark.parametrize("text,label", [
    ("I'm near Bank station", "Bank"),
    ("meet me near Angel", "Angel"),
    ("I am at Victoria station", "Victoria Station"),
    ("Temple tube", "Temple"),
])
def test_everyday_names_count_when_clearly_a_place(text, label):
    assert find_in_text(text).text == label


@pytest.mark.parametrize("text,kind,code", [
    ("HA3", "district", "HA3"),
    ("we're in Harrow, HA3", "district", "HA3"),
    ("W3 6", "sector", "W3 6"),
    ("near w3 6 please", "sector", "W3 6"),
    ("w36bh", "postcode", "W3 6BH"),
    ("my postcode is W12 0HS", "postcode", "W12 0HS"),
    ("E1 6AN", "postcode", "E1 6AN"),
    ("M1 1AE", "postcode", "M1 1AE"),
    ("ZZ9 9ZZ", "postcode", "ZZ9 9ZZ"),
    ("کد پستی من W۱۲ ۰HS است", "postcode", "W12 0HS"),  # Persian digits
    ("UB٣ ١AA", "postcode", "UB3 1AA"),  # Arabic-Indic digits
])
def test_postcodes_partial_and_full(text, kind, code):
    found = find_in_text(text)
    assert (found.kind, found.text) == (kind, code)


def test_find_place_text_keeps_its_old_contract():
    assert find_place_text("sore throat, W12 0HS") == "W12 0HS"
    assert find_place_text("I live in Hounslow") == "Hounslow"
    assert find_place_text("help me") is None
    assert set(BOROUGH_ALIASES.values()) <= set(NWL_BOROUGHS)


def test_a_named_area_has_an_honest_radius():
    g = gazetteer()
    acton = g.names[key_of("Acton")]
    assert acton.kind == "area" and acton.borough == "Ealing" and 0.5 <= acton.radius_km <= 3
    ladbroke = g.names[key_of("Ladbroke Grove")]
    assert ladbroke.kind == "station" and ladbroke.radius_km == pytest.approx(1.0)
    assert g.names[key_of("Brixton")].in_area is False and acton.in_area is True


def test_names_i18n_covers_every_borough_in_every_script():
    with open(DATA_DIR / "places" / "names_i18n.yaml", encoding="utf-8") as fh:
        entries = yaml.safe_load(fh)
    boroughs = {e["borough"]: e for e in entries if "borough" in e}
    assert set(boroughs) == set(NWL_BOROUGHS)
    for entry in boroughs.values():
        assert {"ar", "fa", "ur", "bn", "gu", "pa", "ta"} <= set(entry), entry["borough"]
    g = gazetteer()
    for entry in entries:
        target = g.names[key_of(entry.get("borough") or entry["place"])]
        for lang, forms in entry.items():
            if lang in ("borough", "place"):
                continue
            for form in forms:
                found = find_in_text(f"{form}")
                assert found is not None and found.named == target, (lang, form)


def test_place_round_trips_and_fills_precision_from_its_label():
    place = Place("Acton", "Acton", 51.51, -0.27, "Ealing", "area")
    assert place.approximate and place.in_area
    assert Place.from_dict(place.to_dict()) == place
    old = Place.from_dict({"label": "W12 0HS", "lat": 51.5, "lon": -0.23, "borough": "Hammersmith and Fulham", "precision": "unit"})
    assert not old.approximate and old.in_area
    far = Place("E1 6AN", "E1 6AN", 51.5, -0.07, "Tower Hamlets", "unit")
    assert far.in_area is False
    d = Distance(3.6, place)
    assert d == 3.6 and d.place is place and isinstance(d + 1, float)


@pytest.mark.parametrize("raw,expected", [
    ("w120hs", "W12 0HS"), ("W12 0HS", "W12 0HS"), (" sw1a  1aa ", "SW1A 1AA"), ("m11ae", "M1 1AE"),
    ("W12", None), ("hello", None), ("", None), ("W12 0HSX", None),
])
def test_normalise_postcode(raw, expected):
    assert normalise_postcode(raw) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_finder_never_crashes_on_any_text(text):
    found = find_in_text(text)
    assert found is None or found.text
    normalise_postcode(text)


_AREA = st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]?", fullmatch=True)
_INWARD = st.from_regex(r"[0-9][ABD-HJLNP-UW-Z]{2}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(_AREA, _INWARD, st.sampled_from(["", " ", "  "]), st.booleans())
def test_postcodes_are_read_with_or_without_the_space(outward, inward, gap, lower):
    raw = f"{outward}{gap}{inward}"
    raw = raw.lower() if lower else raw
    assert normalise_postcode(raw) == f"{outward} {inward}"
    assert find_in_text(f"my postcode is {raw} thanks").text == f"{outward} {inward}"


def test_fuzzy_targets_are_place_words_and_not_blocked():
    g = gazetteer()
    assert all(t in g.vocab for t in g.fuzzy_targets)
    assert not set(g.fuzzy_targets) & g.blocklist


def test_finding_a_place_is_fast():
    messages = [text for text, _ in RESIDENT_PLACES] + NOT_PLACES
    for text in messages:  # warm the index
        find_in_text(text)
    timings = []
    for _ in range(5):
        for text in messages:
            start = time.perf_counter()
            find_in_text(text + " x")  # not cached word-for-word
            timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.001, statistics.median(timings)
