"""Property tests: triage never raises, and a one-letter typo never hides a red flag."""
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from navigator.triage import Decision, triage
from navigator.triage.language import CODES as LANGUAGE_CODES
from navigator.triage.lexicon import ROUTES, URGENCIES, get_index
from navigator.triage.normalise import normalise, tokenise

IN_CI = os.environ.get("CI", "").lower() == "true"
CODES = list(LANGUAGE_CODES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1600))
def test_any_text_gives_a_valid_decision(text):
    d = triage(text)
    assert isinstance(d, Decision)
    assert d.route in ROUTES and d.urgency in URGENCIES and d.language in CODES
    assert all(m.rule != "ENGINE-ERROR" for m in d.matched)
    payload = d.to_dict()
    assert set(payload) == {"route", "urgency", "language", "needs", "matched", "advice"}
    assert isinstance(payload["advice"], str)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), st.sampled_from(CODES + ["xx", "", None]))
def test_any_hint_gives_a_valid_decision(text, hint):
    d = triage(text, lang=hint)
    assert d.language in CODES
    assert all(m.rule != "ENGINE-ERROR" for m in d.matched)


def _red_flag_phrases():
    """(language, normalised phrase) for every phrase under a 999 need, in every lexicon present."""
    index = get_index()
    out = []
    for code, lexicon in index.lexicons.items():
        for need, phrases in lexicon.needs.items():
            if index.needs[need].route != "emergency":
                continue
            for phrase in phrases:
                words = [t.text for t in tokenise(normalise(phrase))]
                if any(len(w) >= 5 and not w.isdigit() for w in words):
                    out.append((code, words))
    return out


RED_FLAGS = _red_flag_phrases()


def _typo(word: str, kind: str, at: int, letter: str) -> str:
    """One substitution, deletion, insertion or transposition at position `at`."""
    at %= len(word)
    if kind == "substitute":
        return word[:at] + letter + word[at + 1:]
    if kind == "delete":
        return word[:at] + word[at + 1:]
    if kind == "insert":
        return word[:at] + letter + word[at:]
    at = min(at, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2:]


def _one_letter_typo(word: str, kind: str, at: int, letter: str) -> str:
    """A typo of `word` that is still one edit once the message is normalised.

    Indic vowel signs come in halves that Unicode composes (Bengali ে + া = ো, Tamil ெ + ா = ொ):
    deleting the letter between two halves, or typing one half next to the other, is one key
    but two or three edits of the normalised word. The engine reads normalised text, so the
    typo is built on it: when composition turns the edit at `at` into more than one, the same
    kind of edit is tried at the next positions, so every example tests a genuine one-letter typo.
    """
    for shift in range(len(word)):
        typo = normalise(_typo(word, kind, at + shift, letter))
        if OSA.distance(typo, word) <= 1:
            return typo
    return normalise(_typo(word, "transpose" if kind != "transpose" else "delete", at, letter))


def test_composed_vowel_signs_make_a_typo_generator_move_on():
    """The generator never hands the property a two-edit "typo" (ে + া composing into ো)."""
    word = normalise("পারছে")
    naive = normalise(_typo(word, "substitute", 0, "\u09c7"))  # ে typed before া: ো
    assert OSA.distance(naive, word) > 1
    typo = _one_letter_typo(word, "substitute", 0, "\u09c7")
    assert OSA.distance(typo, word) == 1 and normalise(typo) == typo


@pytest.mark.skipif(not RED_FLAGS, reason="no lexicons")
@settings(max_examples=int(os.environ.get("TYPO_EXAMPLES", "400")), deadline=None, derandomize=IN_CI)
@given(
    st.sampled_from(RED_FLAGS),
    st.sampled_from(["substitute", "delete", "insert", "transpose"]),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=40),
    st.data(),
)
def test_one_typo_in_a_red_flag_word_still_routes_emergency(flag, kind, at, which, data):
    code, words = flag
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and not w.isdigit()]
    i = long_words[which % len(long_words)]
    letter = data.draw(st.sampled_from(sorted(set(words[i]))))
    typo = _one_letter_typo(words[i], kind, at, letter)
    assert OSA.distance(typo, words[i]) <= 1
    text = " ".join(words[:i] + [typo] + words[i + 1:])
    assert triage(text, lang=code).route == "emergency", (code, " ".join(words), text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=300))
def test_lone_surrogates_and_controls_are_harmless(text):
    d = triage(text)
    assert d.route in ROUTES
    assert all(m.rule != "ENGINE-ERROR" for m in d.matched)


VOCAB = sorted(get_index().vocab)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=120), st.sampled_from([" ", ", ", ". ", " no ", " not "]))
def test_any_mix_of_lexicon_words_gives_a_valid_decision(words, separator):
    d = triage(separator.join(words)[:1600])
    assert d.route in ROUTES and d.urgency in URGENCIES
    assert all(m.rule != "ENGINE-ERROR" for m in d.matched)
    if d.route == "unknown":
        assert d.needs == []
    else:
        assert d.needs
