"""The phrase matcher on a small made-up lexicon: gaps, clauses, typos, affixes, negation."""
import pytest

from navigator.triage.normalise import normalise, tokenise
from tests.triage.made_up import matcher_over

LEXICONS = {
    "en": """language: en
name: English
markers: [the, my, is, a]
negations: [no, not]
needs:
  chest_pain: [chest pain, crushing]
  sore_throat: [sore throat]
  vaccination: [flu jab]
  minor_illness: [flu, headache]
  earache: [earache]
  unconscious: [unconscious, collapsed]
  unspecified_symptom: [pain]
modifiers:
  child: [son]
""",
    "ur": """language: ur
name: Urdu
markers: [mera, hai, mein]
negations: [nahi]
needs:
  chest_pain: [seene mein dard, سینے میں درد]
  severe_bleeding: [ratham nikkala]
  sore_throat: [gala kharab]
""",
    "ar": """language: ar
name: Arabic
markers: [عندي]
needs:
  chest_pain: [الم في الصدر, wja3 sadr]
""",
    "bn": """language: bn
name: Bengali
markers: [আমার]
needs:
  self_harm: [নিজেকে কাটি]
  toothache: [দাঁত]
""",
}


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    """A matcher over the made-up lexicons."""
    return matcher_over(tmp_path_factory.mktemp("lexicon"), LEXICONS)


def found(matcher, text, lang="en"):
    """(need, negated) pairs found in text."""
    hits = matcher.find(tokenise(normalise(text)), lang)
    return {(h.phrase.value, h.negated) for h in hits if h.phrase.kind == "need"}


def test_words_in_order_with_small_gaps(matcher):
    assert ("chest_pain", False) in found(matcher, "chest is in pain")
    assert ("chest_pain", False) not in found(matcher, "pain in my chest")
    assert ("chest_pain", False) not in found(matcher, "chest feels very odd and now pain")


def test_a_phrase_does_not_cross_punctuation(matcher):
    assert ("chest_pain", False) not in found(matcher, "chest. pain")


def test_markers_do_not_count_as_gap_words(matcher):
    assert ("chest_pain", False) in found(matcher, "seene mein mera hai bohat dard", "ur")


@pytest.mark.parametrize("text,hit", [
    ("sore thraot", True),  # transposition in a 6-letter word
    ("sore throa", True),  # deletion
    ("soar throat", False),  # "sore" has 4 letters: exact only
    ("unconcsious", True),  # 11 letters: two edits allowed
    ("unconcsiuos", True),
    ("unkonsious", True),
])
def test_typo_allowance_depends_on_word_length(matcher, text, hit):
    needs = {need for need, _ in found(matcher, text)}
    assert bool(needs & {"sore_throat", "unconscious"}) == hit


def test_a_known_word_is_not_read_as_a_typo_of_a_minor_need(matcher):
    assert {n for n, _ in found(matcher, "earache")} == {"earache"}


def test_english_endings(matcher):
    assert ("unconscious", False) in found(matcher, "he collapsed")
    assert ("minor_illness", False) in found(matcher, "headaches")


def test_arabic_clitics_and_suffixes(matcher):
    assert ("chest_pain", False) in found(matcher, "عندي الم في صدري", "ar")
    assert ("chest_pain", False) in found(matcher, "الم في صدره", "ar")


def test_urdu_letter_variants(matcher):
    assert ("chest_pain", False) in found(matcher, "سینے میں درد", "ur")
    assert ("chest_pain", False) in found(matcher, "سينے ميں درد", "ur")


def test_bengali_endings(matcher):
    assert ("self_harm", False) in found(matcher, "নিজেকে কাটতে ইচ্ছা করে", "bn")
    assert ("toothache", False) in found(matcher, "দাঁতে ব্যথা", "bn")


def test_romanised_spellings_fold_together(matcher):
    assert ("severe_bleeding", False) in found(matcher, "raththam nikkala", "ur")
    assert ("severe_bleeding", False) in found(matcher, "rattam nikala", "ur")


def test_negation_before_a_phrase(matcher):
    assert ("chest_pain", True) in found(matcher, "no chest pain")
    assert ("chest_pain", False) not in found(matcher, "no chest pain")
    assert ("chest_pain", False) in found(matcher, "no chest pain. now chest pain")


def test_negation_reach_is_shorter_for_red_flags(matcher):
    assert ("chest_pain", False) in found(matcher, "not sure if its chest pain")
    assert ("sore_throat", True) in found(matcher, "not got a sore throat")


def test_negation_of_the_message_language_only(matcher):
    assert ("chest_pain", False) in found(matcher, "nahi chest pain", "en")
    assert ("sore_throat", True) in found(matcher, "nahi gala kharab", "ur")


def test_no_negation_before_a_red_flag_where_negation_follows_the_noun(matcher):
    assert ("chest_pain", False) in found(matcher, "nahi seene mein dard", "ur")


def test_the_longer_phrase_wins(matcher):
    assert {n for n, _ in found(matcher, "a flu jab")} == {"vaccination"}


def test_red_flags_are_never_dropped_for_a_longer_phrase(matcher, tmp_path):
    assert ("chest_pain", False) in found(matcher, "crushing flu jab")


def test_arabizi_pronoun_endings(matcher):
    assert ("chest_pain", False) in found(matcher, "wja3 b sadro", "ar")
