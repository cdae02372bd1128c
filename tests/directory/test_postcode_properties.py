"""Property tests for the postcode parser: any text is safe, and a postcode is found however it is written."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.directory.postcodes import find_place_text, normalise_postcode

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None)
CANONICAL = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}$")

letters = st.sampled_from("ABCDEFGHIJKLMNOPRSTUWYZ")
unit_letters = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")


@st.composite
def postcodes(draw):
    """Real-shaped UK postcodes: A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA."""
    area = draw(letters) + draw(st.one_of(st.just(""), letters))
    district = str(draw(st.integers(0, 9))) + draw(st.one_of(st.just(""), st.sampled_from("0123456789ABCDEHJKMNPRSTUVWXY")))
    inward = str(draw(st.integers(0, 9))) + draw(unit_letters) + draw(unit_letters)
    return area + district, inward


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_is_safe(text):
    result = normalise_postcode(text)
    assert result is None or CANONICAL.match(result)
    place = find_place_text(text)
    assert place is None or isinstance(place, str)


@SETTINGS
@given(postcodes(), st.sampled_from(["", " ", "  ", "\t", " \n "]), st.booleans())
def test_a_postcode_is_found_in_any_spacing_and_case(code, space, lower):
    outward, inward = code
    written = outward + space + inward
    if lower:
        written = written.lower()
    assert normalise_postcode(written) == f"{outward} {inward}"
    assert normalise_postcode(f"  {written}  ") == f"{outward} {inward}"
    assert normalise_postcode(normalise_postcode(written)) == f"{outward} {inward}"  # idempotent


@SETTINGS
@given(postcodes(), st.sampled_from(["I'm at ", "near ", "", "postcode: "]), st.sampled_from(["", ", please", " thanks", "."]))
def test_a_postcode_in_a_sentence_is_found(code, before, after):
    outward, inward = code
    assert find_place_text(f"{before}{outward} {inward}{after}") == f"{outward} {inward}"
    assert find_place_text(f"{before}{outward}{inward}{after}".lower()) == f"{outward} {inward}"
