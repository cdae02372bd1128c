"""Every lexicon file loads, follows the format, and its own red flags route to 999."""
import pytest

from navigator.triage import triage
from navigator.triage.lexicon import ROUTES, LexiconError, load_lexicon, load_needs

from .conftest import ALL_CODES, lexicon_or_skip


@pytest.mark.parametrize("code", ALL_CODES)
def test_lexicon_loads_and_covers_every_route(code, index):
    lexicon = lexicon_or_skip(code)
    assert lexicon.code == code
    assert lexicon.name
    assert set(lexicon.advice) == set(ROUTES)
    assert all(need in index.needs for need in lexicon.needs)
    assert lexicon.markers, "markers identify the language"
    assert any(index.needs[n].route == "emergency" and phrases for n, phrases in lexicon.needs.items())


@pytest.mark.parametrize("code", ALL_CODES)
def test_emergency_phrases_route_emergency(code, index):
    lexicon = lexicon_or_skip(code)
    failures = []
    for need, phrases in lexicon.needs.items():
        if index.needs[need].route != "emergency":
            continue
        for phrase in phrases:
            for hint in (code, None):
                decision = triage(phrase, lang=hint)
                if decision.route != "emergency":
                    failures.append((need, phrase, hint, decision.route))
    assert not failures, failures[:20]


@pytest.mark.parametrize("code", ALL_CODES)
def test_crisis_phrases_route_crisis_or_higher(code, index):
    lexicon = lexicon_or_skip(code)
    failures = [
        (need, phrase, triage(phrase).route)
        for need, phrases in lexicon.needs.items() if index.needs[need].route == "crisis"
        for phrase in phrases if triage(phrase).route not in ("crisis", "emergency")
    ]
    assert not failures, failures[:20]


@pytest.mark.parametrize("code", ALL_CODES)
def test_emergency_advice_names_999(code):
    lexicon = lexicon_or_skip(code)
    assert "999" in lexicon.advice["emergency"]
    assert "111" in lexicon.advice["crisis"] or "116 123" in lexicon.advice["crisis"]


def write(tmp_path, body):
    """A lexicon file named en.yaml with this body."""
    path = tmp_path / "en.yaml"
    path.write_text(body, encoding="utf-8")
    return path


ADVICE = "advice: {" + ", ".join(f"{r}: x" for r in ROUTES) + "}\n"


def test_unknown_key_is_rejected(tmp_path):
    path = write(tmp_path, "language: en\nname: English\nneeds: {}\nsynonyms: []\n" + ADVICE)
    with pytest.raises(LexiconError, match="unknown keys"):
        load_lexicon(path, load_needs())


def test_unknown_need_is_rejected(tmp_path):
    path = write(tmp_path, "language: en\nname: English\nneeds: {chest_ache: [x]}\n" + ADVICE)
    with pytest.raises(LexiconError, match="chest_ache"):
        load_lexicon(path, load_needs())


def test_missing_advice_is_rejected(tmp_path):
    path = write(tmp_path, "language: en\nname: English\nneeds: {}\nadvice: {emergency: call 999}\n")
    with pytest.raises(LexiconError, match="advice missing"):
        load_lexicon(path, load_needs())


def test_unknown_modifier_is_rejected(tmp_path):
    path = write(tmp_path, "language: en\nname: English\nneeds: {}\nmodifiers: {elderly: [old]}\n" + ADVICE)
    with pytest.raises(LexiconError, match="elderly"):
        load_lexicon(path, load_needs())


def test_yes_and_no_stay_words(tmp_path):
    path = write(tmp_path, "language: en\nname: English\nnegations: [no, not]\nneeds: {chest_pain: [on, 111]}\n"
                 + ADVICE)
    lexicon = load_lexicon(path, load_needs())
    assert lexicon.negations == ["no", "not"]
    assert lexicon.needs["chest_pain"] == ["on", "111"]
