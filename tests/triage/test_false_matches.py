"""Everyday words of one language that looked like another lexicon's words (engine follow-ups).

Each fix is checked on a small made-up lexicon, both ways: the everyday message no longer
matches, and the phrase itself (or its ordinary typo in its own language) still does.
"""
import pytest

from navigator.triage.lexicon import arabic_stems
from navigator.triage.normalise import normalise, tokenise
from tests.triage.made_up import matcher_over

LEXICONS = {
    "en": """language: en
name: English
markers: [the, my, is, i]
needs:
  mental_health_crisis: [mania]
  unspecified_symptom: [ache]
  toothache: [tooth, toothache]
  unconscious: [unconscious]
""",
    "ro": """language: ro
name: Romana
markers: [la, si]
needs:
  cut_needs_stitches: [taiat la mana]
""",
    "so": """language: so
name: Soomaali
markers: [waxaan, rabaa, haysto]
needs:
  gp_appointment: [dhakhtar arko]
""",
    "bn": """language: bn
name: Bangla
markers: [ami, amar, ache, dorkar]
needs:
  unspecified_symptom: [jor ache]
  gp_appointment: [daktar dekhano]
""",
    "fa": """language: fa
name: Farsi
markers: [میخوام, سرم]
needs:
  suicidal_thoughts: [میخوام بمیرم]
  gp_appointment: [وقت دکتر, وقت بگیرم]
  unconscious: [بیهوش]
  unspecified_symptom: [گیج]
""",
    "ur": """language: ur
name: Urdu
markers: [mera, gaya, hai, میں, رہا, ہوں, کر]
needs:
  suspected_fracture: [haddi toot gayi]
  housing: [رہائش]
  stroke_signs: [منہ ونگا]
""",
    "ta": """language: ta
name: Tamil
markers: [ரொம்ப]
needs:
  minor_illness: [பலதம]
""",
}


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    """A matcher over the made-up lexicons."""
    return matcher_over(tmp_path_factory.mktemp("lexicon"), LEXICONS)


def needs(matcher, text, lang):
    """The need ids found in text read as `lang`, negated or not."""
    return {h.phrase.value for h in matcher.find(tokenise(normalise(text)), lang) if h.phrase.kind == "need"}


def test_a_short_one_word_red_flag_of_another_language_needs_its_exact_spelling(matcher):
    """Somali "mana" (and not) and Romanian "mana" (hand) are not a typo of English "mania"."""
    assert "mental_health_crisis" not in needs(matcher, "waxaan rabaa dhakhtar arko mana haysto", "so")
    assert "mental_health_crisis" not in needs(matcher, "m-am taiat la mana", "ro")
    assert "mental_health_crisis" in needs(matcher, "waxaan qabaa mania", "so")  # the English word itself
    assert "mental_health_crisis" in needs(matcher, "i think it is manai", "en")  # a typo in its own language


def test_an_english_phrase_made_of_the_message_languages_markers_is_left_to_it(matcher):
    """Bengali "ache" (is, has) is not English "ache"; Bengali phrases with it still match."""
    assert needs(matcher, "amar daktar dekhano dorkar ache", "bn") == {"gp_appointment"}
    assert needs(matcher, "ami ache", "bn") == set()
    assert "unspecified_symptom" in needs(matcher, "amar jor ache", "bn")
    assert "unspecified_symptom" in needs(matcher, "my back ache", "en")


def test_letters_repeated_in_indic_scripts_are_not_squashed(matcher):
    """A letter typed three times is squashed in Latin and Arabic script only: in Tamil it is spelling."""
    assert normalise("பலதததம") == "பலதததம"
    assert "பலதம" not in matcher.candidates("பலதததம", "Taml", "ta")
    assert "unspecified_symptom" in needs(matcher, "it aaaache", "en")


def test_a_letter_that_looks_like_a_clitic_stays_part_of_a_lexicon_word(matcher):
    """"بیهوش" (unconscious) is not "ب" + "یهو" (Farsi: suddenly); real clitics still come off."""
    assert "unconscious" not in needs(matcher, "یهو سرم گیج رفت", "fa")
    assert "unconscious" in needs(matcher, "بیهوشه", "fa")
    assert "unconscious" in needs(matcher, "وبیهوش", "fa")
    assert "یهو" not in arabic_stems("بیهوش", lexicon=True)
    assert "صدر" in arabic_stems("بصدره")


def test_one_ending_at_a_time_in_arabic_script(matcher):
    """"ونگاش" is "ونگا" + ش, not "ونگ" + اش."""
    assert "stroke_signs" in needs(matcher, "منہ ونگاش", "ur")


def test_an_everyday_word_does_not_stand_for_a_longer_word_that_stems_alike(matcher):
    """Urdu "رہا" (was, -ing) is not "رہائش" (housing), which still matches with its endings."""
    assert "housing" not in needs(matcher, "میں انتظار کر رہا ہوں", "ur")
    assert "housing" in needs(matcher, "رہائش", "ur")


def test_no_typo_toward_a_short_red_flag_word_from_a_known_word_across_a_gap(matcher):
    """Farsi "میخوام وقت دکتر بگیرم" (I want to get a doctor's appointment) is not "میخوام بمیرم" (I want to die)."""
    assert needs(matcher, "میخوام وقت دکتر بگیرم", "fa") == {"gp_appointment"}
    assert "suicidal_thoughts" in needs(matcher, "میخوام بمیرم", "fa")
    assert "suicidal_thoughts" in needs(matcher, "میخوام خیلی بمیرم", "fa")  # the exact word across a gap


def test_romanised_spellings_fold_only_toward_the_message_languages_words(matcher):
    """Urdu "toot" (broke) folds like English "tooth" but is not a toothache; Urdu's own phrase still folds."""
    assert "toothache" not in needs(matcher, "mera phone toot gaya hai", "ur")
    assert "suspected_fracture" in needs(matcher, "hadi toot gayi", "ur")
