"""Property tests for the text normaliser: total, idempotent, and blind to what a reader cannot see."""
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.triage.normalise import normalise, tokenise

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None)


@SETTINGS
@given(st.text())
def test_normalise_is_total_and_idempotent(text):
    once = normalise(text)
    assert isinstance(once, str)
    assert normalise(once) == once  # lexicon terms and messages meet in the same form


@SETTINGS
@given(st.text())
def test_normalised_text_has_no_controls_or_capitals(text):
    once = normalise(text)
    assert not any(unicodedata.category(ch) == "Cc" and ch not in "\t\n" for ch in once)
    assert once == once.casefold() or normalise(once.casefold()) == once


@SETTINGS
@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40))
def test_full_width_letters_read_as_ascii(text):
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in text)
    assert normalise(full_width) == normalise(text)


@SETTINGS
@given(st.text(max_size=300))
def test_tokens_are_nonempty_pieces_of_the_normalised_text(text):
    once = normalise(text)
    clauses = [t.clause for t in tokenise(once)]
    for token in tokenise(once):
        assert token.text and token.text in once
    assert clauses == sorted(clauses)
