"""Untrusted text made safe to store and show: one cleaner for free text, one check for web addresses.

Editors' forms, bulk imports and residents' reports all go through `clean_text`, so a name, a
closure reason or a report can never carry control characters or bidi overrides (U+202E makes
"Pharmacy evil" read backwards on a staff screen). `http_url` is the one test every URL field
and every import uses: http or https with a host, nothing else (no `javascript:`, `data:`...).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional
from urllib.parse import urlsplit

# Embeddings, overrides and isolates, plus the bare marks, which have no business in a name.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_STRIP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f" + "".join(sorted(BIDI_CONTROLS)) + "]")
_ONE_LINE = re.compile(r"[\t\r\n\u2028\u2029]+")


def clean_text(value, limit: Optional[int] = None, *, multiline: bool = False) -> Optional[str]:
    """`value` as text without control or bidi characters, trimmed (None when nothing is left).

    Line breaks survive only when `multiline` (descriptions, reports); elsewhere they become one space.
    """
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n")
    if not multiline:
        text = _ONE_LINE.sub(" ", text)
    text = _STRIP.sub("", text).strip()
    if not text:
        return None
    return text[:limit] if limit is not None else text


def strip_format(text: str) -> str:
    """NFKC-fold and drop invisible format characters (zero-width, joiners, BOM, bidi): what a reader sees."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def http_url(value) -> Optional[str]:
    """The trimmed address when it is http(s) with a host and no spaces or controls, else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return text
