"""Each route and rule, in English, through the public triage() function."""
import pytest

from navigator.triage import Decision, triage

ROUTE_CASES = [
    ("emergency", "my grandad is clutching his chest, crushing pain going down his left arm"),
    ("emergency", "I think my wife is having a stroke, her face has dropped and her speech is slurred"),
    ("emergency", "my friend collapsed and is unresponsive"),
    ("emergency", "she swallowed a whole packet of pills an hour ago"),
    ("emergency", "there is a man outside with a knife threatening to kill us"),
    ("crisis", "I feel suicidal and I don't want to live anymore"),
    ("crisis", "my brother is hearing voices and is really paranoid"),
    ("utc", "I sprained my wrist playing netball and it's swollen"),
    ("utc", "the dog bit my hand and it's bleeding a little"),
    ("nhs111", "I feel really dizzy and I'm not sure if it's serious"),
    ("dental", "my wisdom tooth is killing me"),
    ("pharmacy", "I've got a blocked nose and a cough, what can I take"),
    ("pharmacy", "can I get the morning after pill from a chemist"),
    ("gp", "how do I register with a GP near me"),
    ("gp", "I need a sick note for my work"),
    ("voluntary", "I'm being evicted by my landlord next week"),
    ("voluntary", "I'm lonely and want to meet new people"),
    ("unknown", "hi there"),
    ("unknown", ""),
]


@pytest.mark.parametrize("route,text", ROUTE_CASES)
def test_route(route, text):
    assert triage(text).route == route


def test_decision_shape_matches_the_contract():
    d = triage("sore throat for 3 days")
    assert isinstance(d, Decision)
    assert list(d.to_dict()) == ["route", "urgency", "language", "needs", "matched", "advice"]
    assert d.to_dict()["matched"] == [{"term": "sore throat", "rule": "PF-THROAT"}]
    assert (d.route, d.urgency, d.language, d.needs) == ("pharmacy", "soon", "en", ["sore_throat"])
    assert d.advice


def test_emergency_advice_and_urgency():
    d = triage("he's not breathing")
    assert (d.route, d.urgency) == ("emergency", "immediate")
    assert d.advice == "Call 999 now or go to A&E."


def test_crisis_advice_gives_a_24_7_route():
    d = triage("I want to end my life")
    assert d.route == "crisis"
    assert "111" in d.advice and "116 123" in d.advice


def test_the_more_urgent_need_wins():
    d = triage("I need a repeat prescription and I have chest pain")
    assert d.route == "emergency"
    assert d.needs[0] == "chest_pain"
    assert "repeat_prescription" in d.needs


def test_needs_are_ordered_most_urgent_first():
    d = triage("food bank, toothache and a sore throat")
    assert d.needs == ["toothache", "sore_throat", "food"]


def test_already_done_turns_suicidal_thoughts_into_an_emergency():
    d = triage("I want to die and I have taken all my tablets")
    assert d.route == "emergency"
    assert "already_done" in d.modifiers
    assert any(m.rule == "EM-SUICIDE" for m in d.matched)


def test_suicidal_thoughts_alone_stay_crisis():
    assert triage("I keep thinking I want to die").route == "crisis"


def test_third_party_is_recorded():
    d = triage("my friend says she wants to die")
    assert d.route == "crisis"
    assert "third_party" in d.modifiers


def test_head_injury_with_vomiting_is_an_emergency():
    assert triage("my son bumped his head").route == "utc"
    assert triage("my son bumped his head and keeps vomiting").route == "emergency"


def test_fever_in_a_child_goes_to_111_and_in_an_adult_to_a_pharmacy():
    assert triage("my daughter has a high temperature").route == "nhs111"
    assert triage("I have a high temperature").route == "pharmacy"


def test_a_baby_with_a_minor_illness_goes_to_111():
    d = triage("my 3 month old baby has a cough")
    assert d.route == "nhs111"
    assert d.age == 0


def test_symptoms_that_last_go_to_a_gp():
    assert triage("I have had a cough").route == "pharmacy"
    d = triage("I have had a cough for 5 weeks")
    assert d.route == "gp"
    assert "persistent" in d.modifiers


def test_unclear_health_need_goes_to_111():
    assert triage("I feel unwell").route == "nhs111"
    assert triage("it hurts").route == "nhs111"


def test_general_words_do_not_outrank_a_clear_need():
    assert triage("really bad pain in my tooth").route == "dental"


def test_out_of_hours_goes_to_111():
    assert triage("my gp is closed and I need a doctor tonight").route == "nhs111"


def test_ran_out_of_medicine_goes_to_a_pharmacy_for_an_emergency_supply():
    d = triage("I've run out of my blood pressure tablets and need them today")
    assert d.route == "pharmacy"
    assert "urgent_medicine" in d.needs


def test_domestic_abuse_with_danger_now_is_an_emergency():
    assert triage("my husband controls my money and puts me down").route == "voluntary"
    assert triage("my husband is hitting me right now").route == "emergency"


def test_longer_phrase_beats_the_word_inside_it():
    d = triage("where can I get a flu jab")
    assert d.route == "gp"
    assert d.needs == ["vaccination"]


@pytest.mark.parametrize("text", ["sore thraot for 3 days", "sore throatt", "diarhoea since yesterday"])
def test_typos_are_forgiven(text):
    assert triage(text).route == "pharmacy"


@pytest.mark.parametrize("text", ["chest pian and sweating", "he is unconsious", "sezure that wont stop",
                                  "CANT BREATHE", "Can’t breathe!!"])
def test_typos_and_case_in_red_flags(text):
    assert triage(text).route == "emergency"


def test_language_hint_is_used():
    d = triage("sore throat", lang="pl")
    assert d.language == "pl"


def test_unsupported_hint_is_ignored():
    assert triage("sore throat", lang="xx").language == "en"
    assert triage("sore throat", lang="en-GB").language == "en"


@pytest.mark.parametrize("text,route", [
    ("I've got a rash all over after starting antibiotics", "nhs111"),
    ("I need to get my blood pressure checked", "gp"),
    ("feel like hurting myself", "crisis"),
])
def test_common_words_are_not_read_as_typos_of_red_flags(text, route):
    assert triage(text).route == route


def test_uti_in_a_man_goes_to_a_gp():
    assert triage("my husband has a uti").route == "gp"
    assert triage("I have a uti").route == "pharmacy"


def test_something_stuck_in_the_nose_goes_to_utc():
    assert triage("my son pushed a bead up his nose").route == "utc"
