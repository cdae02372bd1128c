"""A UK postcode in a message is no evidence of its language (its digits look like Arabizi)."""
import pytest

from navigator.triage import triage


@pytest.mark.parametrize("postcode", ["TW5 9AX", "HA1 3UJ", "UB3 1AA", "W12 0HS", "NW10 7NS", "ha0 4uj"])
def test_english_with_a_postcode_stays_english(postcode):
    assert triage(f"sore throat, {postcode}").language == "en"


def test_arabizi_with_a_postcode_is_still_arabic():
    assert triage("3andi wja3 fi rasi, UB3 1AA").language == "ar"


@pytest.mark.parametrize("text", ["n6a3an", "ibni n6a3an", "3andi wja3 fi sadri", "UB31AA sore throat"])
def test_an_arabizi_word_is_not_read_as_a_postcode_without_its_space(text):
    d = triage(text)
    assert d.language == ("en" if text.startswith("UB") else "ar")
    if "n6a3an" in text:
        assert d.route == "emergency"
