"""SMS length: GSM-7 where the text allows (after folding smart punctuation), else UCS-2.

A single GSM-7 message holds 160 septets (153 per part when concatenated); the extension
characters (€ [ ] { } ...) take two. UCS-2 holds 70 UTF-16 units (67 per part).
"""
from __future__ import annotations

from dataclasses import dataclass

import gsm0338  # noqa: F401  (registers the 'gsm03.38' codec)

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u2026": "...", "\u00a0": " ", "\u2022": "-", "\u00b7": "-",
    }
)


@dataclass(frozen=True)
class SmsSize:
    """How a text goes over SMS."""

    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def fold_punctuation(text: str) -> str:
    """Replace smart quotes, dashes and ellipses by their GSM-7 equivalents."""
    return text.translate(_FOLD)


def sms_size(text: str) -> SmsSize:
    """Encoding, length and segment count of `text` (fold punctuation first)."""
    try:
        units = len(text.encode("gsm03.38"))
        single, part, encoding = 160, 153, "GSM-7"
    except UnicodeEncodeError:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    segments = 1 if units <= single else -(-units // part)
    return SmsSize(encoding, units, segments)


def fits(text: str, max_segments: int = 3) -> bool:
    """Whether `text` goes in at most `max_segments` SMS parts."""
    return sms_size(text).segments <= max_segments
