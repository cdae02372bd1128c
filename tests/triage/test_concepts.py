"""Sign concepts: parity across the 13 languages, sign rules firing in any order and inflection,
hard negatives that must not be raised, and the rule that concepts only ever raise a route."""
from __future__ import annotations

import dataclasses

import pytest

import navigator.triage as triage_module
from navigator.triage import triage
from navigator.triage.concepts import ROMANISED, coverage, get_concept_index, load_signs
from navigator.triage.lexicon import load_needs
from navigator.triage.morphology import Morphology
from navigator.triage.normalise import LATIN, script_of
from navigator.triage.rules import ROUTE_RANK

LANGS = ["en", "pl", "ro", "ar", "so", "pt", "es", "gu", "ur", "ta", "fa", "bn", "pa"]
RED_ROUTES = ("emergency", "crisis")


def test_every_red_concept_has_forms_in_every_language():
    index = get_concept_index()
    missing = []
    for concept, row in coverage(index, LANGS).items():
        if not index.concepts[concept].red:
            continue
        for lang, (native, latin) in row.items():
            if native + latin == 0:
                missing.append(f"{concept}/{lang}")
            elif lang in ROMANISED and (native == 0 or latin == 0):
                missing.append(f"{concept}/{lang} ({'Latin letters' if not latin else 'native script'})")
    assert not missing, f"red-flag concepts without forms: {missing}"


def test_arabizi_forms_with_digits_count_as_latin_letters():
    index = get_concept_index()
    native, latin = coverage(index, ["ar"])["KILL"]["ar"]
    assert latin == sum(1 for f in index.forms["ar"]["KILL"] if f.isascii())
    assert native == len(index.forms["ar"]["KILL"]) - latin


def test_every_sign_uses_declared_concepts_and_known_needs():
    concepts, signs = load_signs(needs=load_needs())
    needs = load_needs()
    assert signs
    for sign in signs:
        assert sign.need in needs
        assert needs[sign.need].route != "voluntary"
        for group in sign.groups:
            assert group <= set(concepts) | {"MANY"}


@pytest.mark.parametrize("word, lang, other", [
    ("killing", "en", "kills"), ("vomiting", "en", "vomited"), ("matando", "es", "matar"), ("wymiotuje", "pl", "wymiotuja"),
])
def test_snowball_reduces_inflections_to_one_key(word, lang, other):
    morph = Morphology({}, frozenset())
    assert morph.keys(word, lang) & morph.keys(other, lang)


def test_suffix_rules_and_romanised_folding():
    morph = Morphology({"ta": ("aanga", "aan")}, frozenset({"ta"}))
    assert morph.keys("vizhundhaanga", "ta") & morph.keys("vizhundhaan", "ta")


# Positive probes: written for the families (events, third person, romanised), one per language or more.
FIRES = [
    ("en", "my flatmate has been having thoughts about killing herself", "crisis", "SG-SUICIDE-KILL-SELF"),
    ("en", "honestly there is no reason to keep going on", "crisis", "SG-SUICIDE-NO-POINT"),
    ("en", "he hit his head on the cupboard, he is on apixaban", "emergency", "SG-HEAD-ANTICOAG"),
    ("en", "she is diabetic, vomiting since the morning and now breathing really fast", "emergency", "SG-DIABETIC-DKA"),
    ("en", "my toddler has a fever and his hands and feet are ice cold", "emergency", "SG-SEPSIS-CHILD"),
    ("en", "grandad dropped his cup and now his hand wont do what he tells it", "emergency", "SG-STROKE-DROPPED"),
    ("en", "my neighbour swallowed like 30 paracetmol", "emergency", "SG-OVERDOSE-COUNT"),
    ("en", "my son swallowed two magnets from a toy", "emergency", "SG-SWALLOWED-MAGNET"),
    ("es", "mi hermana dice que quiere suicidarse", "crisis", "SG-SUICIDE-WORDS"),
    ("es", "mi padre se cayo del andamio y no se mueve", "emergency", "SG-FALL-HEIGHT-STILL"),
    ("pt", "o meu pai caiu da escada e nao reage", "emergency", "SG-FALL-NOT-MOVING"),
    ("pt", "a minha mae esta gravida e tem um sangramento muito forte", "emergency", "SG-PREGNANT-BLEEDING"),
    ("ro", "fratele meu spune ca vrea sa se omoare", "crisis", "SG-SUICIDE-WORDS"),
    ("pl", "corka chce sie zabic", "crisis", "SG-SUICIDE-KILL-SELF"),
    ("pl", "tata nagle upuscil kubek i reka go nie slucha", "emergency", "SG-STROKE-LIMB"),
    ("so", "aabahay wuxuu ka dhacay jaranjarada, ma dhaqaaqayo", "emergency", "SG-FALL-HEIGHT-STILL"),
    ("ar", "اخوي يسمع اصوات ويقول انهم يراقبوه", "crisis", "SG-PSYCHOSIS-VOICES"),
    ("ar", "okhti bdha t2tol nafsaha", "crisis", "SG-SUICIDE-KILL-SELF"),
    ("fa", "برادرم میخواد خودشو بکشه", "crisis", "SG-SUICIDE-KILL-SELF"),
    ("ur", "meri behan kehti hai woh apne aap ko maar degi", "crisis", "SG-SUICIDE-KILL-SELF"),
    ("ur", "بچے نے بیٹری نگل لی", "emergency", "SG-SWALLOWED-MAGNET"),
    ("pa", "ਮੇਰਾ ਭਰਾ ਆਪਣੇ ਆਪ ਨੂੰ ਮਾਰਨਾ ਚਾਹੁੰਦਾ", "crisis", "SG-SUICIDE-KILL-SELF"),
    ("gu", "મારો દીકરો બેટરી ગળી ગયો", "emergency", "SG-SWALLOWED-MAGNET"),
    ("bn", "আমার বোন নিজেকে মেরে ফেলতে চায়", "crisis", "SG-SUICIDE-KILL-SELF"),
    ("ta", "amma maadippadi la irundhu vizhundhaanga, asaiyala", "emergency", "SG-FALL-HEIGHT-STILL"),
]


@pytest.mark.parametrize("lang, text, route, rule", FIRES)
def test_sign_rules_fire(lang, text, route, rule):
    decision = triage(text)
    rules = [m.rule for m in decision.matched]
    assert ROUTE_RANK[decision.route] <= ROUTE_RANK[route], (text, decision.route, rules)
    assert rule in rules, (text, rules)
    shown = next(m for m in decision.matched if m.rule == rule)
    assert "(" in shown.term and ")" in shown.term  # the concepts and the words that said them


# Hard negatives: everyday messages whose words overlap with red-flag concepts.
NEGATIVES = [
    "I was killing time at the station before my GP appointment",
    "my phone died so I could not call the surgery",
    "dying to see you at the weekend",
    "I fell asleep on the sofa and woke up with a stiff back",
    "where can I buy a chest of drawers cheaply",
    "I fell on the ice yesterday, my ankle is a bit swollen but I can walk on it",
    "I cut myself chopping onions, it is only a small cut",
    "my husband hits me, I need advice",
    "got stung by a wasp 2 days ago and now its red hot and swollen and spreading",
    "se me murio el movil y no pude llamar",
    "me corte el pelo ayer",
    "zasnalem na kanapie",
    "padl mi telefon",
    "telefonul mi-a murit",
    "موبايلي مات وما قدرت اتصل",
    "ninkaygu wuu i garaacaa, caawimaad baan u baahanahay",
    "meu marido me bate, preciso de ajuda",
    "از عصر سرم گیج میره",
    "mujhe neend aa gayi thi",
    "ਮੇਰਾ ਫੋਨ ਮਰ ਗਿਆ",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negatives_are_not_raised_to_red_routes(text):
    decision = triage(text)
    fired = [m.rule for m in decision.matched if m.rule.startswith("SG-")]
    assert decision.route not in RED_ROUTES or not fired, (text, decision.route, fired)


def test_fall_with_swelling_goes_to_utc_and_a_sprain_they_walk_on_too():
    assert triage("I fell down the steps and my wrist is swollen and bruised").route == "utc"
    assert triage("fell over playing football, swollen ankle, I can still walk").route == "utc"


def test_child_earache_goes_to_pharmacy_and_adult_earache_to_gp():
    assert triage("my 6 year old has earache").route == "pharmacy"
    assert triage("my daughter has bad earache since last night").route == "pharmacy"
    assert triage("I have earache").route == "gp"


def test_low_mood_without_risk_keeps_its_need():
    decision = triage("I have been feeling low and anxious and stressed at work")
    assert decision.route not in RED_ROUTES
    assert "mental_wellbeing" in decision.needs


@pytest.mark.parametrize("text", [t for _, t, _, _ in FIRES] + NEGATIVES + [
    "chest pain and sweating", "my baby is floppy", "I need a dentist", "how do I register with a GP",
    "my dad fell and hit his head, he is confused", "temperature 39 and took 2 paracetamol",
])
def test_concepts_only_raise_a_route(monkeypatch, text):
    with_signs = triage(text)
    index = get_concept_index()
    monkeypatch.setattr(triage_module, "get_concept_index", lambda: dataclasses.replace(index, signs=[], signs_by_concept={}))
    without = triage(text)
    assert ROUTE_RANK[with_signs.route] <= ROUTE_RANK[without.route], (text, with_signs.route, without.route)


def test_temperature_is_not_a_tablet_count():
    decision = triage("fever 39 since yesterday, took paracetamol")
    assert "SG-OVERDOSE-COUNT" not in [m.rule for m in decision.matched]


def test_concept_forms_in_latin_letters_exist_for_every_language():
    index = get_concept_index()
    for lang in LANGS:
        assert any(script_of(f[0]) == LATIN for forms in index.forms[lang].values() for f in forms), lang
