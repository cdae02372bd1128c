"""Sign families added after blind round 3 (issue 11), probed with sentences written for the test
(never from the batch), in several languages, and everyday hard negatives that reuse their words."""
from __future__ import annotations

import pytest

from navigator.triage import triage
from navigator.triage.rules import ROUTE_RANK

RAISED = [
    # severe asthma: can't finish a sentence, inhaler not helping, ribs drawing in
    ("emergency", "my son has asthma and can't finish a sentence, his inhaler is not helping"),
    ("emergency", "mój syn ma astmę, inhalator nie pomaga, nie może dokończyć zdania"),
    ("emergency", "mi hija tiene asma y el inhalador no le hace nada, no puede terminar una frase"),
    # pre-eclampsia: pregnant + headache + vision or swelling
    ("emergency", "pregnant 30 weeks with a bad headache and blurred vision"),
    ("emergency", "estoy embarazada de 32 semanas, dolor de cabeza fuerte y veo lucecitas"),
    # vomiting blood
    ("emergency", "my dad vomited blood this morning, dark like coffee grounds"),
    # psychosis told as delusion, mania
    ("crisis", "my husband thinks the neighbours are reading his thoughts"),
    ("crisis", "he hasn't slept for days and is spending all his money, talking nonstop"),
    # long lie, rigid abdomen, road collision with head injury, violence happening now
    ("emergency", "my mum is on the floor since last night, she can't get up and she's cold and confused"),
    ("emergency", "severe stomach pain, belly is hard as a board and vomiting"),
    ("emergency", "my dad was hit by a car, head bleeding"),
    ("emergency", "the neighbour is beating his wife right now"),
    ("emergency", "mi novio me pega ahora mismo"),
    ("emergency", "a mi padre se le cayo un lado de la cara de repente"),
    # carbon monoxide, bleeding that will not stop, testicles told loosely, talking to the dead
    ("emergency", "the heater has been on and we all have headaches, my daughter is now very drowsy"),
    ("emergency", "my cut is bleeding a lot and won't stop"),
    ("emergency", "my son suddenly has severe pain in his balls and is vomiting"),
    ("crisis", "my dad talks to my dead mother all night, he has stopped eating and hasn't slept for days"),
    ("crisis", "my brother thinks someone did black magic on him, he is awake all night, not slept for days"),
    # a suicide plan for tonight
    ("emergency", "I've decided, tonight I will end my life, everything is ready"),
]

NOT_RAISED = [
    "I need a repeat prescription for my asthma inhaler",
    "pregnant and have a headache, can I take paracetamol",
    "I am a shift worker and cant sleep, what can I take",
    "i've decided to change my GP tonight, everything is ready for the move",
    "kicked out by my landlord tonight, where can I sleep",
    "my boiler is broken and I have a headache, who do I call",
    "my son's balls are itchy",
    "my mum talks to my dead father at the grave every sunday",
    "mi madre habla con mi padre muerto en el cementerio",
    "mi caldera no funciona y tengo frio, ayuda con la factura",
    # loose readings: shingles on one side is not a stroke, burning urine is not a burn, "dil karta" is "I feel like",
    # something in the eye that scratches is not self-harm
    "tengo una erupcion con ampollas solo en un lado de la espalda",
    "عندي حرقة بالبول، انا بنت عمري 30",
    "dil karta hai ghar jaun, pet mein thodi takleef hai",
    "am un fir de praf in ochi, ma zgarie cand clipesc",
    "بچه ام گرم است و آب نمیخورد",
    "বাচ্চার গায়ে গরম আর পানি খাচ্ছে না",
    "potrzebuje nowy inhalator, stary sie skonczyl",
    "necesito una receta para el inhalador de mi hijo",
]


@pytest.mark.parametrize("route, text", RAISED)
def test_family_raised(route, text):
    decision = triage(text)
    assert ROUTE_RANK[decision.route] <= ROUTE_RANK[route], (text, decision.route, [(m.term, m.rule) for m in decision.matched])


@pytest.mark.parametrize("text", NOT_RAISED)
def test_everyday_text_not_raised(text):
    decision = triage(text)
    assert decision.route not in ("emergency", "crisis"), (text, decision.route, [(m.term, m.rule) for m in decision.matched])


HISTORY_LOWERED = [
    "I had a stroke 3 years ago, my annual review is due",
    "had a heart attack last year, need my repeat prescription",
    "mój tata miał udar 2 lata temu, potrzebuje recepty na leki",
    "tuve un infarto hace 3 años, necesito cita con mi médico de cabecera para la receta",
]
HISTORY_KEPT = [
    "had a stroke 3 years ago, now my face is drooping, need my gp",
    "I had a heart attack 2 years ago and now chest pain again, can I see my gp",
    "am avut un accident vascular acum 2 ani si acum am fata cazuta, vreau la medic",
    "had a stroke years ago, I need my repeat prescription, and he suddenly can't speak",
]


@pytest.mark.parametrize("text", HISTORY_LOWERED)
def test_past_event_with_a_routine_question_is_not_999(text):
    decision = triage(text)
    assert decision.route != "emergency", (text, decision.route, [(m.term, m.rule) for m in decision.matched])
    assert "GP-HISTORY" in [m.rule for m in decision.matched]


@pytest.mark.parametrize("text", HISTORY_KEPT)
def test_past_event_with_signs_now_stays_999(text):
    decision = triage(text)
    assert decision.route == "emergency", (text, decision.route, [(m.term, m.rule) for m in decision.matched])


# Negation after the noun, closing its clause (ur pa bn gu ta so fa): lowers only a non-red phrase.
NEGATED_AFTER = [
    ("pharmacy", "meri beti 6 saal ki, gala kharab hai 2 din se, bukhar nahi"),
    ("pharmacy", "ছেলের বয়স ৭, কানে ব্যথা, জ্বর নেই"),
    ("pharmacy", "دخترم ۷ سالشه، گلودرد داره، تب نداره"),
    ("pharmacy", "wiilkayga 9 sano dhegta ayaa xanuunaysa, qandho ma qabo"),
]
NOT_NEGATED = [
    ("nhs111", "meri beti 6 saal ki hai, bukhar nahi utar raha"),
    ("emergency", "seene mein dard hai, bukhar nahi"),
    ("emergency", "سینے میں درد نہیں جا رہا"),
    ("emergency", "bachhe ko saans nahi aa rahi"),
]


@pytest.mark.parametrize("route, text", NEGATED_AFTER)
def test_negation_after_the_noun_lowers_a_minor_need(route, text):
    assert triage(text).route == route, text


@pytest.mark.parametrize("route, text", NOT_NEGATED)
def test_negation_after_never_lowers_a_red_flag_or_an_open_clause(route, text):
    assert triage(text).route == route, text


# Pharmacy First, dental and urgent-treatment needs that used to fall to `unknown`.
EVERYDAY_ROUTES = [
    ("dental", "I had a loose tooth pulled yesterday and it is still bleeding"),
    ("dental", "mere daad vich pus aa gayi, jabada suj gaya"),
    ("utc", "rusty nail in the garden went into my hand"),
    ("utc", "ابني عضه كلب بالشارع امبارح"),
    ("utc", "ankle gitta mur gaya, bhaar nahi pa sakda"),
    ("pharmacy", "tengo culebrilla en la espalda"),
    ("pharmacy", "ਮੈਨੂੰ ਪਿਸ਼ਾਬ ਕਰਨ ਵੇਲੇ ਜਲਣ ਹੁੰਦੀ ਹੈ, ਉਮਰ 30 ਸਾਲ"),
]


@pytest.mark.parametrize("route, text", EVERYDAY_ROUTES)
def test_everyday_needs_reach_their_service(route, text):
    decision = triage(text)
    assert decision.route == route, (text, decision.route, [(m.term, m.rule) for m in decision.matched])


# Idioms that reuse a 999 word (guards in the concept files also guard the lexicons' 999 and crisis phrases).
IDIOMS = [
    "ma omoara chiria, nu mai am bani de mancare",
    "proprietarul nu răspunde la telefon de o saptamana",
    "zabije mnie ten urzad, odrzucili wniosek o zasilek",
    "drowning in debt, need help with a budget",
    "corka ma katar, poza tym zdrowa",
    "o aluguel ta me matando, preciso de ajuda",
]
SIGNS_BESIDE_IDIOMS = [
    "mama nu raspunde la telefon si nu respira",
    "tata a cazut si nu raspunde",
    "on mnie zabije, jest pod drzwiami",
    "my son is drowning in the pool",
]


@pytest.mark.parametrize("text", IDIOMS)
def test_idioms_are_not_999(text):
    decision = triage(text)
    assert decision.route not in ("emergency", "crisis"), (text, decision.route, [(m.term, m.rule) for m in decision.matched])


@pytest.mark.parametrize("text", SIGNS_BESIDE_IDIOMS)
def test_signs_beside_idioms_stay_999(text):
    assert triage(text).route == "emergency", text
