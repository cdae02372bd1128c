"""SMS segment counting: GSM-7 (with extension characters) and UCS-2."""
import pytest

from navigator.sms.segments import fold_punctuation, sms_size


@pytest.mark.parametrize(
    "text, encoding, units, segments",
    [
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # extension characters take two septets
        ("{" * 81, "GSM-7", 162, 2),
        ("£ and é are GSM-7", "GSM-7", 17, 1),
        ("ą" * 70, "UCS-2", 70, 1),
        ("ą" * 71, "UCS-2", 71, 2),
        ("ب" * 134, "UCS-2", 134, 2),
        ("ب" * 135, "UCS-2", 135, 3),
        ("😀" * 35, "UCS-2", 70, 1),  # outside the BMP: two UTF-16 units each
    ],
)
def test_sms_size(text, encoding, units, segments):
    size = sms_size(text)
    assert (size.encoding, size.units, size.segments) == (encoding, units, segments)


def test_smart_punctuation_folds_to_gsm():
    text = "It\u2019s open \u2013 call \u201cnow\u201d\u2026"
    assert sms_size(text).encoding == "UCS-2"
    folded = fold_punctuation(text)
    assert folded == 'It\'s open - call "now"...'
    assert sms_size(folded).encoding == "GSM-7"
