"""Modifier, age and negation rules."""
import pytest

from navigator.triage import triage


@pytest.mark.parametrize("text,age", [
    ("my son is 4 and has a cough", 4),
    ("my 2 yr old has a rash", 2),
    ("4yo with a cough", 4),
    ("8 month old baby with a cold", 0),
    ("my baby is 6 weeks old", 0),
    ("I am 70 years old", 70),
    ("aged 15, sore throat", 15),
    ("my daughter (14) has earache", 14),
    ("sore throat for 3 days", None),
    ("cough for 2 years", None),
    ("I have had a cough for 3 weeks", None),
    ("kane byatha, boyosh 5", 5),
    ("કાનમાં દુખાવો છે, ઉંમર 6", 6),
    ("dolor de garganta, edad 9", 9),
    ("gale mein dard, umar 3", 3),
])
def test_age(text, age):
    assert triage(text).age == age


@pytest.mark.parametrize("text,route", [
    ("my son is 6 and has earache", "pharmacy"),
    ("earache", "gp"),
    ("I am 30 and have earache", "gp"),
    ("my 8 month old baby has earache", "nhs111"),
    ("my son is 3 and has a sore throat", "gp"),
    ("my son is 7 and has a sore throat", "pharmacy"),
    ("sinusitis, I am 10 years old", "gp"),
    ("sinusitis", "pharmacy"),
    ("shingles", "pharmacy"),
    ("my son is 12 and has shingles", "gp"),
    ("I'm 40 and it burns when I pee", "pharmacy"),
    ("I'm 70 and it burns when I pee", "gp"),
    ("I'm pregnant and it burns when I pee", "gp"),
    ("my 6 month old has a bee sting that looks infected", "nhs111"),
    ("my son is 5 and has impetigo", "pharmacy"),
])
def test_pharmacy_first_ages(text, route):
    assert triage(text).route == route


@pytest.mark.parametrize("text,route", [
    ("no chest pain, just a cough", "pharmacy"),
    ("I don't have chest pain", "nhs111"),
    ("not suicidal, just stressed", "voluntary"),
    ("been feeling low, not suicidal or anything, I'd like to see my GP", "gp"),
    ("no fever but a sore throat", "pharmacy"),
])
def test_negation_lowers_only_where_unambiguous(text, route):
    assert triage(text).route == route


@pytest.mark.parametrize("text", [
    "no chest pain earlier but now I have chest pain",
    "not breathing",
    "he is not responding",
    "I don't know if it's chest pain but it's crushing",
    "not sure if it's a stroke, his face has dropped",
    "I don't want to live",
])
def test_negation_never_hides_a_red_flag(text):
    assert triage(text).route in ("emergency", "crisis")


def test_red_flag_negated_but_also_stated_stays():
    d = triage("no headache, but I have chest pain")
    assert d.route == "emergency"


def test_negation_before_a_red_flag_is_ignored_where_negation_follows_the_noun():
    assert triage("bukhar nahi seene mein dard hai", lang="ur").route == "emergency"


def test_polish_negation():
    assert triage("nie mam bólu w klatce piersiowej, tylko kaszel", lang="pl").route != "emergency"


@pytest.mark.parametrize("text,route", [
    ("she took 30 paracetamol", "emergency"),
    ("mi hijo tomo 20 pastillas", "emergency"),
    ("he took 2 paracetamol for his headache", "pharmacy"),
    ("my repeat prescription is 28 tablets", "gp"),
])
def test_many_tablets_taken_is_an_overdose(text, route):
    assert triage(text).route == route


def test_tonight_does_not_turn_housing_into_111():
    assert triage("I have nowhere to sleep tonight").route == "voluntary"
    assert triage("I need a doctor tonight").route == "nhs111"


@pytest.mark.parametrize("text,lang", [
    ("she took the whole packet", "en"),
    ("a luat o cutie intreaga de pastile", "ro"),
    ("ele tomou todos os comprimidos da caixa", "pt"),
    ("شرب كل الحبوب", "ar"),
    ("us ne saari goliyan kha li hain", "ur"),
])
def test_taking_all_the_tablets_is_an_overdose(text, lang):
    assert triage(text, lang=lang).route == "emergency"
