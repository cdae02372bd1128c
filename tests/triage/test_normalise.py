"""Normalisation and tokenising of every script."""
import pytest

from navigator.triage.normalise import normalise, tokenise


@pytest.mark.parametrize("raw,expected", [
    ("Ból GARDŁA", "bol gardla"),
    ("fața strâmbă, s-a înecat", "fata stramba, s-a inecat"),
    ("dor de garganta, não", "dor de garganta, nao"),
    ("Don’t", "dont"),
    ("أبوي عنده ألم في صدره", "ابوی عنده الم فی صدره"),
    ("كيف حالك يا ولدي", "کیف حالک یا ولدی"),
    ("مُكّة", "مکه"),
    ("٣٨٫٥ ۳۹", "38.5 39"),
    ("৩৯ ੩੯ ૩૯ ௩௯", "39 39 39 39"),
    ("سینه\u200cاش", "سینهاش"),
    ("ਮਿਲੂ ਅੱਜ", "ਮਿਲੂ ਅਜ"),
    ("3andi a5od", "3andi a5od"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_a_and_e_is_one_word():
    assert [t.text for t in tokenise(normalise("go to A&E now"))] == ["go", "to", "aande", "now"]


def test_scripts_split_mixed_words():
    tokens = tokenise(normalise("review-க்கு GPக்கு 3andi ਦਰਦ দরদ દર્દ درد"))
    assert [(t.text, t.script) for t in tokens] == [
        ("review", "Latn"), ("க்கு", "Taml"), ("gp", "Latn"), ("க்கு", "Taml"), ("3andi", "Latn"),
        ("ਦਰਦ", "Guru"), ("দরদ", "Beng"), ("દર્દ", "Gujr"), ("درد", "Arab"),
    ]


def test_punctuation_starts_a_clause():
    tokens = tokenise(normalise("no pain. chest ok"))
    assert [t.clause for t in tokens] == [0, 0, 1, 1]


def test_control_characters_and_emoji_are_harmless():
    assert [t.text for t in tokenise(normalise("a\x00b\u200b 😀 help"))] == ["a", "b", "help"]


def test_elongated_words_still_match():
    from navigator.triage import triage

    assert triage("CHEST PAAAIN sooo bad").route == "emergency"
